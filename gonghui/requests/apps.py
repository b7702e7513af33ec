from gonghui.core import modules


class RequestsConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.requests"
    label = "requests"
