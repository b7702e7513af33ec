from gonghui.core import modules


class SafetyConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.safety"
    label = "safety"
