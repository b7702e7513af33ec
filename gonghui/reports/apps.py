from gonghui.core import modules


class ReportsConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.reports"
    label = "reports"
