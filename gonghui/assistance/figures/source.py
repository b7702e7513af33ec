"""The figure source the manifest names: the caseload counts and the speech's test, published."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.assistance.figures.queries import figures_for_user
from gonghui.core.figures import Figure


class AssistanceFigures:
    """The caseload counts and the speech's test, published to dashboards and reports."""

    name = "assistance.figures"
    title = _("Assistance figures")
    permission = "assistance.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return figures_for_user(user, year=year).published()
