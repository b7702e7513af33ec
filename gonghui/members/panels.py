"""The member registry's panels on the worker's home page (slot ``web.worker_home``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.web.panels import Panel
from gonghui.members import selectors_mine


class MyMembership(Panel):
    title = _("My membership")
    order = 10
    template_name = "members/_home_membership.html"

    def context(self, request: HttpRequest, user: Any) -> dict[str, Any] | None:
        mine = selectors_mine.my_membership(user)
        if mine is None:
            return None
        return {"worker": mine.worker, "current": mine.current}


class MyMemberCard(Panel):
    title = _("My member card")
    order = 11
    template_name = "members/_home_card.html"

    def context(self, request: HttpRequest, user: Any) -> dict[str, Any] | None:
        mine = selectors_mine.my_membership(user)
        if mine is None or not mine.worker.card_number:
            return None
        return {"worker": mine.worker, "current": mine.current}
