"""The reminders page on the page layer (``web.reminders.REMINDERS``): narrowed by kind, paged, htmx rows."""

from __future__ import annotations

from typing import Any

import time_machine
from django.urls import reverse

from gonghui.core.access.models import AccountRequest
from gonghui.core.access.services import account_request_create
from gonghui.core.accounts.roles import Role
from gonghui.core.testing.world import World
from gonghui.core.workflow.tests.conftest import at

URL = reverse("web:reminders")


def _requests(world: World, count: int) -> list[AccountRequest]:
    return [
        account_request_create(
            actor=world.bob,
            union=world.union_c,
            full_name=f"申请人{index}",
            username=f"reminded_{index}",
            role=Role.GRASSROOTS_OFFICER,
            reason="新任",
        )
        for index in range(count)
    ]


def test_the_page_is_narrowed_by_kind_and_its_rows_refresh_alone(world: World, client_for: Any) -> None:
    # given three account requests due soon for the security administrator
    with time_machine.travel(at(2026, 2, 13), tick=False):
        _requests(world, 3)
    with time_machine.travel(at(2026, 2, 24), tick=False):
        sam = client_for(world.sam)
        page = sam.get(URL)
        assert page.context["page"].total == 3
        assert page.context["filters"].query() == {}

        # when the page is narrowed to the account requests' kind, the same three are listed
        kind = "deadline-account_request"
        narrowed = sam.get(URL, {"kind": kind})
        assert narrowed.context["kind"] == kind
        assert narrowed.context["page"].total == 3
        # and a kind the user has none of lists nothing (the bell still counts everything)
        assert sam.get(URL, {"kind": "nonsense"}).context["page"].total == 0

        # an htmx request (the pager's) gets the rows alone
        rows = sam.get(URL, {"kind": kind}, headers={"HX-Request": "true"})
        assert b"<html" not in rows.content
        assert rows.content.count(b'data-testid="reminder"') == 3
