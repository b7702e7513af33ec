from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    name = "gonghui.core.sheets"
    label = "sheets"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        # The core's own sheet kinds and the pipeline's jobs register themselves on import.
        from gonghui.core.sheets import accounts, tasks, unions  # noqa: F401
