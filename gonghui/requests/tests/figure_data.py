"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): requests in each township."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.workflow.services import transition_perform
from gonghui.requests.models import Request
from gonghui.requests.services import request_rate_by_code, request_record


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
    return {"a": a, "b": b, "answered": answered}
