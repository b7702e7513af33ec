"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): hazards of this year in each township.

In township A: one closed on time, one overdue (major), one just found; in township B one being
rectified within its period. Dates are relative to today so the figures of this year hold them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.core.workflow.services import transition_perform
from gonghui.safety.models import Hazard
from gonghui.safety.services import activity_record, hazard_record
from gonghui.safety.tests.helpers import employer_c, employer_d


def _record(world: World, employer: Any, *, level: str = Hazard.Level.GENERAL) -> Hazard:
    today = timezone.localdate()
    found = max(today.replace(month=1, day=1), today - timedelta(days=40))
    return hazard_record(
        actor=None,
        employer=employer,
        found_on=found,
        category=Hazard.Category.ELECTRICAL,
        level=level,
        description="配电箱未上锁",
        responsible_person="李主任",
    )


def _notice(hazard: Hazard, days: int) -> None:
    transition_perform(
        actor=None,
        obj=hazard,
        name="issue_notice",
        data={
            "issued_on": hazard.found_on,
            "measures": "加锁",
            "responsible_person": "李主任",
            "rectification_days": days,
        },
    )


def build(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    on_time = _record(world, employer_c(world))
    _notice(on_time, 1)
    transition_perform(
        actor=None,
        obj=on_time,
        name="report",
        data={"rectified_on": on_time.due_on, "rectification_report": "已加锁"},
    )
    transition_perform(actor=None, obj=on_time, name="recheck_pass", data={"rechecked_on": today})
    overdue = _record(world, employer_c(world), level=Hazard.Level.MAJOR)
    _notice(overdue, 1)
    found = _record(world, employer_c(world))
    rectifying = _record(world, employer_d(world))
    _notice(rectifying, 180)
    ankang = activity_record(
        actor=None, employer=employer_c(world), kind="ankang_cup", held_on=found.found_on, participants=60
    )
    inspection = activity_record(actor=None, employer=employer_d(world), kind="inspection", held_on=found.found_on)
    return {
        "on_time": on_time,
        "overdue": overdue,
        "found": found,
        "rectifying": rectifying,
        "ankang": ankang,
        "inspection": inspection,
    }
