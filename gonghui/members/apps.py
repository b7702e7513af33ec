from gonghui.core import modules


class MembersConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.members"
    label = "members"
