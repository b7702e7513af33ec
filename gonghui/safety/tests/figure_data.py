"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): hazards of this year in each township.

In township A: one closed on time, one overdue (major), one just found; in township B one being
rectified within its period. Dates are relative to today so the figures of this year hold them.

Found last year (for the measures over past periods): in township A one fixed late last year and one
still overdue since last year; in township B one fixed on time this year and one overdue at the end
of last year and fixed (late) this year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.core.workflow.services import transition_perform
from gonghui.safety.models import Hazard
from gonghui.safety.services import activity_record, hazard_record
from gonghui.safety.tests.helpers import at, employer_c, employer_d


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


def _step(hazard: Hazard, name: str, on: date, **data: Any) -> None:
    """Take a step of the hazard's workflow with the clock on ``on``."""
    with time_machine.travel(at(on.year, on.month, on.day), tick=False):
        transition_perform(actor=None, obj=hazard, name=name, data=data)


def past_hazard(
    employer: Any, found: date, days: int, *, reported: date | None = None, closed: date | None = None
) -> Hazard:
    """A hazard found on ``found`` with a notice of ``days`` days that day, then reported and closed if given."""
    with time_machine.travel(at(found.year, found.month, found.day), tick=False):
        hazard = hazard_record(
            actor=None,
            employer=employer,
            found_on=found,
            category=Hazard.Category.FIRE,
            level=Hazard.Level.GENERAL,
            description="消防通道堵塞",
            responsible_person="王厂长",
        )
    notice = {"issued_on": found, "measures": "清理通道", "responsible_person": "王厂长", "rectification_days": days}
    _step(hazard, "issue_notice", found, **notice)
    if reported is not None:
        _step(hazard, "report", reported, rectified_on=reported, rectification_report="已整改")
    if closed is not None:
        _step(hazard, "recheck_pass", closed, rechecked_on=closed)
    hazard.refresh_from_db()
    return hazard


def _last_year(world: World, today: date) -> dict[str, Hazard]:
    last = today.year - 1
    early = min(date(today.year, 1, 5), today)  # this year, before today
    return {
        "late_last_year": past_hazard(
            employer_c(world), date(last, 3, 2), 10, reported=date(last, 4, 20), closed=date(last, 4, 25)
        ),
        "overdue_since_last_year": past_hazard(employer_c(world), date(last, 9, 1), 5),
        "on_time_this_year": past_hazard(
            employer_d(world), date(last, 12, 1), 20, reported=date(last, 12, 15), closed=early
        ),
        "overdue_at_new_year": past_hazard(employer_d(world), date(last, 11, 2), 7, reported=early, closed=early),
    }


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
        **_last_year(world, today),
    }
