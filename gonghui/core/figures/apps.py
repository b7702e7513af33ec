from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def reads_figures(user: Any) -> bool:
    """Whether ``user`` may read at least one module's measures (the dashboard's entry)."""
    from gonghui.core.figures import measures

    return bool(measures.measures_for(user))


def install_stamps(sender: AppConfig, using: str = "default", **_kwargs: Any) -> None:
    """After every migration: the stamp rows and triggers of tables that have none yet (``stamps.py``)."""
    from django.db import router

    from gonghui.core.figures import stamps
    from gonghui.core.figures.models import TableStamp

    if router.allow_migrate_model(using, TableStamp):
        stamps.install(using)


class FiguresConfig(AppConfig):
    name = "gonghui.core.figures"
    label = "figures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from datetime import timedelta

        from django.db.models.signals import post_migrate

        from gonghui.core.jobs.schedule import register_periodic
        from gonghui.core.web.navigation import NavItem, register

        from . import dashboard, stamps

        post_migrate.connect(install_stamps, sender=self, dispatch_uid="figures.install_stamps")
        register_periodic("figures.fold_stamps", timedelta(minutes=10), stamps.fold)
        register_periodic("figures.keep_dashboards", timedelta(minutes=5), dashboard.keep_current)

        register(
            NavItem(
                section=_("Organisation"),
                label=_("Dashboard"),
                url_name="figures:dashboard",
                icon="speedometer2",
                perm=reads_figures,
                order=1,
            )
        )
