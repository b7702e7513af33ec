from gonghui.core import modules


class HonoursConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.honours"
    label = "honours"
