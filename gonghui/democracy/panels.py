"""The democracy module's panel on the employer page: its congress term and its collective contracts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.web.panels import Panel
from gonghui.democracy import rules, selectors


class EmployerDemocracy(Panel):
    title = _("Democratic management")
    perm = "democracy.view_congress"
    order = 20
    template_name = "democracy/_employer_panel.html"

    def context(self, request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        user: Any = request.user
        today = timezone.localdate()
        congress = selectors.congresses_for_user(user).filter(employer_id=obj.pk).first()
        contracts = list(selectors.contracts_for_user(user).filter(employer_id=obj.pk)[:5])
        return {
            "congress": congress,
            "sat_this_year": congress is not None
            and congress.last_sitting_on is not None
            and congress.last_sitting_on.year == today.year,
            "contracts": contracts,
            "minimum": rules.delegate_minimum(obj.headcount),
        }
