from gonghui.core import modules


class StatisticsConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.statistics"
    label = "statistics"
