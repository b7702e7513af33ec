from gonghui.core import modules


class DemocracyConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.democracy"
    label = "democracy"
