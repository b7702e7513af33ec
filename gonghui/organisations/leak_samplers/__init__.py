"""Leak-walker samplers of organisation building, one file per capability (found as files are:
``core.modules.family``): ``employers`` (employers and committee seats), ``founding`` and
``surveys``. Each names township A's objects for one URL parameter."""
