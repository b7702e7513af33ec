"""What the training tests share: workers of the registry (one linked to a worker account), courses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Worker
from gonghui.members.services import worker_create
from gonghui.training import services
from gonghui.training.models import Course, Enrolment

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def id_number(serial: int) -> str:
    """A valid GB 11643 ID number (born 1990-03-07, Beijing Xicheng) for ``serial`` (0–999)."""
    body = f"11010219900307{serial:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def worker(union: Any, name: str, serial: int, *, account: Any = None) -> Worker:
    """A worker of the registry kept by ``union`` (found again by ID number), linked to ``account``."""
    with system_scope("test data"):
        # unscoped: the test finds its own worker again
        found = Worker.unscoped.filter(id_number__matches=id_number(serial)).first()
        found = found or worker_create(actor=None, union=union, name=name, id_number=id_number(serial))
        if account is not None:
            # unscoped: the test links the registry record to the worker's account (the members module's job)
            Worker.unscoped.filter(pk=found.pk).update(account=account)
    return found


def wendy_worker(world: World) -> Worker:
    return worker(world.union_c, f"温迪{MARKER}", 101, account=world.wendy)


def will_worker(world: World) -> Worker:
    return worker(world.union_d, "威尔", 102, account=world.will)


def course(union: Any, *, title: str = "", state: str = "", **fields: Any) -> Course:
    """A course of ``union`` starting today, two sessions unless told; moved to ``state`` (open, running)."""
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": title or f"电工培训班{MARKER if union.name.endswith(MARKER) else ''}",
        "provider": "县职业技能培训中心",
        "category": Course.Category.ELECTRICIAN,
        "starts_on": today,
        "ends_on": today + timedelta(days=4),
        "hours": 40,
        "sessions": 5,
        "place": "职工之家",
        "capacity": 30,
        "funding": Course.Funding.FREE,
        "subsidy": 0,
        "attendance_threshold": 80,
        "assessment_required": True,
    }
    values.update(fields)
    made = services.course_create(actor=None, union=union, **values)
    if state in ("open", "running"):
        services.course_open(actor=None, course=made)
    return made


def run_to_finish(
    made: Course, attendance: dict[Enrolment, int], *, passed: list[Enrolment], finished_on: date | None = None
) -> Course:
    """Start the course, mark each trainee present at their first N sessions, record who passed, finish it."""
    services.course_start(actor=None, course=made)
    for session in range(1, made.sessions + 1):
        present = [e.pk for e, n in attendance.items() if session <= n]
        services.attendance_record(actor=None, course=made, session=session, present=present)
    services.assessment_record(actor=None, course=made, passed=[e.pk for e in passed])
    return services.course_finish(actor=None, course=made, finished_on=finished_on)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)
