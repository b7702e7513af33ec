"""The requests' panels: the worker's own on their home page, and an employer's on its page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.web.panels import Panel
from gonghui.requests import selectors


class MyRequests(Panel):
    """A signed-in worker's requests: state in plain words, a link to each and to file a new one."""

    title = _("My requests")
    order = 20
    template_name = "requests/_my_requests_panel.html"

    def context(self, request: HttpRequest, user: Any) -> dict[str, Any] | None:
        if getattr(user, "role", None) != Role.WORKER:
            return None
        rows = selectors.my_requests(user)
        return {"rows": rows[:5], "count": len(rows)}


class EmployerRequests(Panel):
    title = _("Worker requests")
    perm = "requests.view_request"
    order = 40
    template_name = "requests/_employer_panel.html"

    def context(self, request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        return selectors.requests_of_employer(request.user, obj.pk)  # type: ignore[arg-type]  # signed in
