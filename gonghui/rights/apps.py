from datetime import timedelta

from gonghui.core import modules


class RightsConfig(modules.ModuleConfig):
    """Everything the core needs of the module is declared in its manifest.py; and its daily signal check."""

    name = "gonghui.rights"
    label = "rights"

    def ready(self) -> None:
        super().ready()
        from gonghui.core.jobs.schedule import register_periodic
        from gonghui.rights.signals import signals_check

        register_periodic("rights.signals", timedelta(hours=24), signals_check)
