"""Rows for the figure/drill-down and measure tests (core/figures/tests/): requests in each township.

This year: in township A one request waiting and one answered and rated; in township B one
waiting and one transferred from union D to the township federation (its successor is not
received again; it is answered there in time). Last year: in A one answered in time, in B one
answered late; one received in A late last year and answered this year.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.workflow.services import transition_perform
from gonghui.requests.models import Request
from gonghui.requests.services import request_rate_by_code, request_record

YEAR = timezone.localdate().year


def _record(world: World, union: Any, days_ago: int, category: str, name: str) -> Request:
    return request_record(
        actor=None,
        channel=Request.Channel.HOTLINE,
        category=category,
        contact_name="王五",
        contact_phone="13712345678",
        description=f"诉求{MARKER}" if union.path.startswith(world.township_a.path) else "诉求",
        received_on=timezone.localdate() - timedelta(days=days_ago),
        union=union,
        employer_name=name,
    )


def build(world: World) -> dict[str, Any]:
    a = _record(world, world.union_c, 0, Request.Category.WAGES, f"丙公司记录{MARKER}")
    b = _record(world, world.union_d, 0, Request.Category.CONTRACTS, "丁公司记录")
    answered = _record(world, world.union_c, 0, Request.Category.INJURY, f"丙公司答复{MARKER}")
    transition_perform(actor=None, obj=answered, name="assign", data={"assignee": world.carol})
    transition_perform(actor=None, obj=answered, name="answer", data={"reply": "已答复"})
    request_rate_by_code(actor=None, code=answered.code, satisfaction=Request.Satisfaction.SATISFIED)
    rows = {"a": a, "b": b, "answered": answered}
    rows.update(history(world))
    return rows


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _answer(request: Request, assignee: Any) -> Request:
    transition_perform(actor=None, obj=request, name="assign", data={"assignee": assignee})
    transition_perform(actor=None, obj=request, name="answer", data={"reply": "已答复"})
    request.refresh_from_db()
    return request


def history(world: World) -> dict[str, Request]:
    """Last year's requests, one answered across the new year, and a transfer within township B."""
    made: dict[str, Request] = {}
    with time_machine.travel(_at(date(YEAR - 1, 3, 2)), tick=False):
        made["last_on_time"] = _answer(
            _record(world, world.union_c, 0, Request.Category.OTHER, f"丙公司去年{MARKER}"), world.carol
        )
    with time_machine.travel(_at(date(YEAR - 1, 11, 2)), tick=False):
        late = _record(world, world.union_d, 0, Request.Category.WAGES, "丁公司去年")
    with time_machine.travel(_at(date(YEAR - 1, 12, 1)), tick=False):
        made["last_late"] = _answer(late, world.dan)  # a wage request answers within 7 working days
    with time_machine.travel(_at(date(YEAR - 1, 12, 30)), tick=False):
        across = _record(world, world.union_c, 0, Request.Category.CONTRACTS, f"丙公司跨年{MARKER}")
    with time_machine.travel(_at(min(date(YEAR, 1, 5), timezone.localdate())), tick=False):
        made["across"] = _answer(across, world.carol)
    first = _record(world, world.union_d, 0, Request.Category.OTHER, "丁公司转办")
    transition_perform(actor=None, obj=first, name="transfer", note="转乡镇", data={"union": world.township_b})
    first.refresh_from_db()
    made["transferred"] = first
    successor = first.transferred_to
    assert successor is not None
    made["successor"] = _answer(successor, world.bea)  # answered in time where it went
    return made
