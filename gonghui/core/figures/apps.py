from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def reads_figures(user: Any) -> bool:
    """Whether ``user`` may read at least one module's measures (the dashboard's entry)."""
    from gonghui.core.figures import measures

    return bool(measures.measures_for(user))


class FiguresConfig(AppConfig):
    name = "gonghui.core.figures"
    label = "figures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from gonghui.core.web.navigation import NavItem, register

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
