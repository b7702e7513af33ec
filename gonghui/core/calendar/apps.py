from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    """The statutory calendar. An app only for its ``gonghui calendar`` command; it has no models."""

    name = "gonghui.core.calendar"
    label = "statutory_calendar"
    verbose_name = _("Statutory calendar")
