from gonghui.core import modules


class AssistanceConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.assistance"
    label = "assistance"
