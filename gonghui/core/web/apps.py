from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "gonghui.core.web"
    label = "web"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.urls import register_converter

        from gonghui.core.web.converters import IdConverter

        # Before any URLconf is imported: every object id in a path is an <id:...>.
        register_converter(IdConverter, "id")

        from datetime import timedelta

        from gonghui.core.jobs.schedule import register_periodic
        from gonghui.core.web.public import throttle_prune

        register_periodic("web.throttle_prune", timedelta(hours=1), throttle_prune)
