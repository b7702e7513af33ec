"""Organisation building's measures: eligible and covered employers at a period's end, unions founded in it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create
from gonghui.organisations.coverage import founding_target
from gonghui.organisations.measures import COVERED_EMPLOYERS, ELIGIBLE_EMPLOYERS, UNIONS_FOUNDED, WORKERS
from gonghui.organisations.models import Employer

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
PERIOD = Period(date(YEAR, 4, 1), date(YEAR, 6, 30))
DAY = timedelta(days=1)
UnionStatus = Employer.UnionStatus


def _joint(world: World, name: str, founded_on: date | None, **fields: Any) -> Employer:
    with system_scope("test data"):
        return Employer.unscoped.create(
            union=world.joint_a,
            name=f"{name}{MARKER}",
            headcount=fields.pop("headcount", 10),
            union_status=UnionStatus.JOINT,
            joint_union=world.joint_a,
            founded_on=founded_on,
            **fields,
        )


def _own(world: World, name: str, union_founded: date | None) -> Employer:
    """An employer of township B with its own union, the date on the union only."""
    with system_scope("test data"):
        union = union_create(
            actor=None,
            parent=world.township_b,
            name=f"{name}工会",
            kind=Union.Kind.GRASSROOTS,
            founding_date=union_founded,
        )
        return Employer.unscoped.create(
            union=union, name=name, headcount=20, union_status=UnionStatus.OWN, own_union=union
        )


def _count(measure: Any, user: Any, period: Period = PERIOD) -> int:
    return int(measures.count(measure, user, [period]).totals[0])


def test_unions_founded_are_those_from_the_first_to_the_last_day(world: World) -> None:
    _joint(world, "前一天", PERIOD.start - DAY)
    _joint(world, "第一天", PERIOD.start)
    _joint(world, "最后一天", PERIOD.end)
    _joint(world, "后一天", PERIOD.end + DAY)
    _joint(world, "关闭了", PERIOD.end, status=Employer.Status.CLOSED)  # founded then, closed since
    _own(world, "乙方", PERIOD.start)  # the date only on its union
    _own(world, "乙后", PERIOD.end + DAY)
    assert _count(UNIONS_FOUNDED, world.alice) == 4
    assert _count(UNIONS_FOUNDED, world.bob) == 3
    assert _count(UNIONS_FOUNDED, world.bea) == 1


def test_covered_employers_are_those_covered_on_the_last_day(world: World, client_for: Any) -> None:
    _joint(world, "当天", PERIOD.end)
    _joint(world, "次日", PERIOD.end + DAY)
    _joint(world, "无日期", None)  # covered, since when unknown: counted throughout
    _joint(world, "已关闭", PERIOD.start, status=Employer.Status.CLOSED)
    _own(world, "乙早", PERIOD.start - DAY)
    _own(world, "乙晚", PERIOD.end + DAY)
    with system_scope("test data"):
        Employer.unscoped.create(union=world.township_a, name=f"未建会{MARKER}", headcount=30)
        Employer.unscoped.create(
            union=world.township_a,
            name=f"不具备{MARKER}",
            headcount=2,
            union_status=UnionStatus.NOT_ELIGIBLE,
            not_eligible_reason="不足3人",
        )
    assert _count(COVERED_EMPLOYERS, world.alice) == 3  # 当天, 无日期, 乙早
    # eligible: the operating ones bar the not eligible; their workers summed
    assert _count(ELIGIBLE_EMPLOYERS, world.alice) == 6
    assert measures.count(WORKERS, world.alice, [PERIOD]).totals[0] == 10 * 3 + 20 * 2 + 30
    assert COVERED_EMPLOYERS.share_of == ELIGIBLE_EMPLOYERS.key
    assert COVERED_EMPLOYERS.target is not None
    assert COVERED_EMPLOYERS.target() == founding_target()
    # the drill-down lists the same rows, for the leader too
    leo = client_for(world.leo)
    assert count_list_rows(leo, COVERED_EMPLOYERS.url(PERIOD)) == 3
    assert count_list_rows(leo, COVERED_EMPLOYERS.url(PERIOD, world.township_b.pk)) == 1
    # a day later, 次日 and 乙晚 are covered too
    later = Period(PERIOD.start, PERIOD.end + DAY)
    assert _count(COVERED_EMPLOYERS, world.alice, later) == 5
