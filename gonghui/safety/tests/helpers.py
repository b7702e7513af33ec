"""What the safety tests share: an employer of union C (township A) and of union D, a hazard, the clock."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.organisations.models import Employer
from gonghui.safety import services
from gonghui.safety.models import Hazard

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def employer_of(union: Any, name: str) -> Employer:
    with system_scope("test data"):
        # unscoped: the test finds its own employer again
        found = Employer.unscoped.filter(name=name).first()
        # unscoped: test data (the employer service asks for reference data the test world lacks)
        return found or Employer.unscoped.create(union=union, name=name, headcount=120)


def employer_c(world: World) -> Employer:
    return employer_of(world.union_c, f"丙机械厂{MARKER}")


def employer_d(world: World) -> Employer:
    return employer_of(world.union_d, "丁纺织厂")


def record(world: World, *, on: date, level: str = Hazard.Level.GENERAL, employer: Any = None, **extra: Any) -> Hazard:
    with time_machine.travel(at(on.year, on.month, on.day), tick=False):
        return services.hazard_record(
            actor=world.carol,
            employer=employer or employer_c(world),
            found_on=on,
            category=extra.pop("category", Hazard.Category.FIRE),
            level=level,
            description=extra.pop("description", f"消防通道堵塞{MARKER}"),
            responsible_person=extra.pop("responsible_person", "王厂长"),
            **extra,
        )


def issue_notice(world: World, hazard: Hazard, *, on: date, days: int, actor: Any = None) -> Hazard:
    with time_machine.travel(at(on.year, on.month, on.day), tick=False):
        transition_perform(
            actor=actor or world.carol,
            obj=hazard,
            name="issue_notice",
            data={
                "issued_on": on,
                "measures": "清理消防通道，设置警示标志",
                "responsible_person": "王厂长",
                "rectification_days": days,
            },
        )
    hazard.refresh_from_db()
    return hazard


def step(world: World, hazard: Hazard, name: str, *, on: date, note: str = "", **data: Any) -> Hazard:
    with time_machine.travel(at(on.year, on.month, on.day), tick=False):
        transition_perform(actor=world.carol, obj=hazard, name=name, note=note, data=data)
    hazard.refresh_from_db()
    return hazard
