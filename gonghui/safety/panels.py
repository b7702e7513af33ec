"""The safety module's panel on the employer page: its hazards and safety activities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.web.panels import Panel
from gonghui.safety import selectors


class EmployerHazards(Panel):
    title = _("Workplace safety")
    perm = "safety.view_hazard"
    order = 30
    template_name = "safety/_employer_panel.html"

    def context(self, request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        return selectors.safety_of_employer(request.user, obj.pk)  # type: ignore[arg-type]  # signed in
