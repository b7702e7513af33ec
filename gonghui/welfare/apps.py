from gonghui.core import modules


class WelfareConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.welfare"
    label = "welfare"
