from gonghui.core import modules


class TrainingConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py."""

    name = "gonghui.training"
    label = "training"
