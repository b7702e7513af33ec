from gonghui.core import modules


class OrganisationsConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.organisations"
    label = "organisations"
