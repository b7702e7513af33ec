"""The assistance module's panel on the worker's home page: "My applications" (slot ``web.worker_home``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.assistance import selectors_mine
from gonghui.core.web.panels import Panel


class MyApplications(Panel):
    title = _("My applications")
    order = 40
    template_name = "assistance/_home_applications.html"

    def context(self, request: HttpRequest, user: Any) -> dict[str, Any] | None:
        applications = selectors_mine.my_applications(user)
        if not applications:
            return None
        return {"applications": applications}
