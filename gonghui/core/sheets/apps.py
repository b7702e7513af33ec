from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    name = "gonghui.core.sheets"
    label = "sheets"
    verbose_name = _("Import and export")
