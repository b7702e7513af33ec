"""The module's panel on the employer page (``core/web/panels.py``): its warnings and disputes with their states."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.web.panels import Panel
from gonghui.rights import selectors

SHOWN = 10


class EmployerLabourRelations(Panel):
    title = _("Labour relations")
    perm = "rights.view_alert"
    order = 20
    template_name = "rights/_employer_panel.html"

    def context(self, request: HttpRequest, employer: Any) -> dict[str, Any] | None:
        user: Any = request.user
        alerts = selectors.alerts_for_user(user, employer=str(employer.pk))
        disputes = selectors.disputes_for_user(user, employer=str(employer.pk))
        return {
            "alerts": list(alerts[:SHOWN]),
            "alert_count": alerts.count(),
            "disputes": list(disputes[:SHOWN]),
            "dispute_count": disputes.count(),
        }
