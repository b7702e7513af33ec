"""Pages of organisation building: thin views over selectors and services, one file per capability.

``employers``, ``unions`` (profiles, re-elections, committee seats), ``coverage``, ``founding``
and ``surveys``; ``urls.py`` names each by its file.
"""
