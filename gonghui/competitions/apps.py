from gonghui.core import modules


class CompetitionsConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.competitions"
    label = "competitions"
