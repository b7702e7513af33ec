"""The module's panel on the worker's own home page: "My job applications"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.web.panels import Panel
from gonghui.employment import selectors

SHOWN = 5


class MyJobApplications(Panel):
    """The signed-in worker's referrals (their own only); nothing when they have none."""

    title = _("My job applications")
    order = 40
    template_name = "employment/_my_applications_panel.html"

    def context(self, request: HttpRequest, user: Any) -> dict[str, Any] | None:
        referrals = selectors.my_referrals(user)
        if not referrals:
            return None
        return {"referrals": referrals[:SHOWN], "count": len(referrals)}
