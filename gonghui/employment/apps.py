from gonghui.core import modules


class EmploymentConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.employment"
    label = "employment"
