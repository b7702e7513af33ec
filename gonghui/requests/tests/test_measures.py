"""Request measures: received on a period's first and last day, a transfer counted once, answered in
time by the module's own rule (the list's timeliness filter agrees), and the leader's reading."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.figures import measures as core_measures
from gonghui.core.figures.periods import Period, calendar_year
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.reminders import providers
from gonghui.requests import measures, rules
from gonghui.requests.models import Request
from gonghui.requests.services import request_record
from gonghui.requests.tests import figure_data

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
PERIOD = Period(date(YEAR - 1, 3, 1), date(YEAR - 1, 8, 31))


def _record(world: World, on: date, union: Any = None) -> Request:
    return request_record(
        actor=None,
        channel=Request.Channel.HOTLINE,
        category=Request.Category.WAGES,
        contact_name="王五",
        contact_phone="13712345678",
        description=f"诉求{MARKER}",
        received_on=on,
        union=union or world.union_c,
        employer_name="丙公司",
    )


def _answered(request: Request, on: date, due: date | None = None) -> None:
    with system_scope("test data: the answer's date"):
        Request.unscoped.filter(pk=request.pk).update(
            state="answered", answered_on=on, answer_due=due or request.answer_due
        )


def _count(measure: Any, user: Any, *periods: Period) -> list[Any]:
    return core_measures.count(measure, user, list(periods)).totals


def test_received_on_the_first_and_last_day_counts_the_day_before_and_after_does_not(world: World) -> None:
    for day in (PERIOD.start - timedelta(days=1), PERIOD.start, PERIOD.end, PERIOD.end + timedelta(days=1)):
        _record(world, day)
    assert _count(measures.RECEIVED, world.alice, PERIOD) == [2]
    assert _count(measures.RECEIVED, world.bob, PERIOD) == [2]
    assert _count(measures.RECEIVED, world.bea, PERIOD) == [0]


def test_answered_in_time_is_the_lists_in_time_answered_on_the_deadline_day_counts_the_day_after_is_late(
    world: World, client_for: Any
) -> None:
    due = PERIOD.start + timedelta(days=20)
    on_deadline = _record(world, PERIOD.start)
    late = _record(world, PERIOD.start)
    before = _record(world, PERIOD.start - timedelta(days=30))
    _answered(on_deadline, due, due)
    _answered(late, due + timedelta(days=1), due)
    _answered(before, PERIOD.start - timedelta(days=1))  # answered the day before the period
    _record(world, PERIOD.start)  # not answered
    assert _count(measures.ANSWERED, world.alice, PERIOD) == [2]
    assert _count(measures.ANSWERED_ON_TIME, world.alice, PERIOD) == [1]
    # The list's own "answered in time" filter names the same request
    client = client_for(world.alice)
    url = measures.ANSWERED_ON_TIME.url(PERIOD)
    assert count_list_rows(client, url) == 1
    assert count_list_rows(client, f"{url}&timeliness={rules.LATE}") == 0
    assert count_list_rows(client, f"{measures.ANSWERED.url(PERIOD)}&timeliness={rules.LATE}") == 1


def test_a_transferred_request_is_received_once_and_answered_where_it_was_answered(world: World) -> None:
    made = figure_data.build(world)
    this_year = calendar_year(YEAR)
    # This year: a, b, answered and the transferred one; its successor at township B is not received again
    assert _count(measures.RECEIVED, world.alice, this_year, calendar_year(YEAR - 1)) == [4, 3]
    assert _count(measures.RECEIVED, world.bea, this_year) == [2]
    assert made["successor"].received_on == timezone.localdate()
    # Answered this year: the one rated and the one received last year and answered in January
    assert _count(measures.ANSWERED, world.bob, this_year, calendar_year(YEAR - 1)) == [2, 1]
    # Township B answered the transferred request where it went
    assert _count(measures.ANSWERED_ON_TIME, world.bea, this_year) == [1]
    assert _count(measures.ANSWERED_ON_TIME, world.alice, calendar_year(YEAR - 1)) == [1]  # the wage one was late
    assert _count(measures.ANSWERED, world.alice, calendar_year(YEAR - 1)) == [2]


def test_the_leader_reads_the_list_but_is_not_reminded_of_requests_to_answer(world: World, client_for: Any) -> None:
    request = _record(world, timezone.localdate(), union=world.county)  # kept by the county federation
    client = client_for(world.leo)
    assert client.get("/requests/").status_code == 200
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert "137****5678" in page
    assert "13712345678" not in page
    assert client.get("/requests/add/").status_code == 403
    [provider] = [p for p in providers() if type(p).__name__ == "AssignedRequests"]
    assert provider.queryset(world.leo, timezone.localdate()) is None
    assert provider.queryset(world.alice, timezone.localdate()) is not None
