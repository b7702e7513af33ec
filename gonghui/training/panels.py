"""The training module's panel on the worker's own home page: "My training"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.web.panels import Panel
from gonghui.training import selectors


class WorkerTraining(Panel):
    """The worker's current courses, their certificates and how many courses are open to them."""

    title = _("My training")
    perm = None  # a worker holds no permission: the context is None for anyone without a registry record
    order = 40
    template_name = "training/_worker_panel.html"

    def context(self, request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        return selectors.my_training_summary(obj)
