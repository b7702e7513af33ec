"""The members' measures: who is on the register at a period's end, who joined within it, and their list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.exports import export_of
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.measures import MEMBERS, MIGRANT_MEMBERS, NEW_MEMBERS, WOMEN_MEMBERS
from gonghui.members.models import Membership, Worker
from gonghui.members.tests.factories import id_number

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
PERIOD = Period(date(YEAR, 3, 1), date(YEAR, 3, 31))
DAY = timedelta(days=1)


def _join(world: World, name: str, on: date, *, union: Any = None, woman: bool = False, **fields: Any) -> Membership:
    union = union or world.union_c
    with system_scope("test data"):
        worker = services.worker_create(
            actor=None, union=union, name=name, id_number=id_number(date(1990, 1, 2), male=not woman), **fields
        )
        return services.membership_join(actor=None, worker=worker, union=union, on=on)


def _count(measure: Any, user: Any, period: Period = PERIOD) -> int:
    return int(measures.count(measure, user, [period]).totals[0])


def test_new_members_are_those_who_joined_from_the_first_to_the_last_day(world: World) -> None:
    _join(world, "前一天", PERIOD.start - DAY)
    _join(world, "第一天", PERIOD.start)
    _join(world, "最后一天", PERIOD.end)
    _join(world, "后一天", PERIOD.end + DAY)
    assert _count(NEW_MEMBERS, world.alice) == 2
    # a transfer within the county and an arrival from outside it are not new members
    moved = _join(world, "调动", date(YEAR, 1, 5))
    with system_scope("test data"):
        services.membership_transfer(actor=None, membership=moved, to_union=world.union_d, on=date(YEAR, 3, 10))
        arrival = services.worker_create(actor=None, union=world.union_c, name="县外转入", id_number=id_number())
        services.membership_join(
            actor=None, worker=arrival, union=world.union_c, on=date(YEAR, 3, 12), transfer_in=True
        )
    assert _count(NEW_MEMBERS, world.alice) == 2
    # township B's staff count their own part: nobody joined there
    assert _count(NEW_MEMBERS, world.bea) == 0


def test_members_are_those_on_the_register_on_the_last_day(world: World) -> None:
    _join(world, "当天入会", PERIOD.end, woman=True)
    _join(world, "次日入会", PERIOD.end + DAY)
    ended_on_the_day = _join(world, "当天退会", date(YEAR, 1, 3))
    ended_the_day_after = _join(world, "次日退会", date(YEAR, 1, 3), category=Worker.Category.MIGRANT)
    kept = _join(world, "保留会籍", date(YEAR, 1, 3), woman=True, category=Worker.Category.MIGRANT)
    moved = _join(world, "当天转出", date(YEAR, 1, 3))
    with system_scope("test data"):
        reason = Membership.Reason.PERSONAL
        services.membership_leave(actor=None, membership=ended_on_the_day, on=PERIOD.end, reason=reason)
        services.membership_leave(actor=None, membership=ended_the_day_after, on=PERIOD.end + DAY, reason=reason)
        services.membership_keep(actor=None, membership=kept, on=date(YEAR, 2, 1), reason=Membership.Reason.LAID_OFF)
        # transferred on the last day: out of union C, into union D, on the register once
        services.membership_transfer(actor=None, membership=moved, to_union=world.union_d, on=PERIOD.end)
    # 当天入会, 次日退会, 保留会籍 and 当天转出 (in union D now)
    assert _count(MEMBERS, world.alice) == 4
    assert _count(WOMEN_MEMBERS, world.alice) == 2
    assert _count(MIGRANT_MEMBERS, world.alice) == 2
    counted = measures.count(MEMBERS, world.alice, [PERIOD])
    assert sorted(counted.townships.values()) == [[1], [3]]  # township B holds the transferred member
    # a day earlier: the one who joined on the last day not yet, the two who left on it still members
    assert _count(MEMBERS, world.alice, Period(PERIOD.start, PERIOD.end - DAY)) == 4


def test_the_membership_list_shows_the_rows_counted_and_the_leader_reads_it(world: World, client_for: Any) -> None:
    _join(world, f"甲会员{MARKER}", PERIOD.start)
    _join(world, "乙会员", PERIOD.end, union=world.union_d)
    _join(world, "后来者", PERIOD.end + DAY, union=world.union_d)
    leo = client_for(world.leo)
    url = MEMBERS.url(PERIOD)
    assert count_list_rows(leo, url) == _count(MEMBERS, world.leo) == 2
    assert count_list_rows(leo, MEMBERS.url(PERIOD, world.township_a.pk)) == 1
    page = leo.get(reverse("members:membership_list")).content.decode()
    assert f"甲会员{MARKER}" in page
    assert "乙会员" in page
    assert 'href="/members/workers/' not in page  # the leader reads memberships, not worker records
    assert leo.get(reverse("members:worker_list")).status_code == 403
    # township B's staff see their union's rows only; filters narrow
    bea = client_for(world.bea)
    assert count_list_rows(bea, reverse("members:membership_list")) == 2
    assert MARKER not in bea.get(reverse("members:membership_list")).content.decode()
    assert count_list_rows(bea, reverse("members:membership_list") + "?status=left") == 0
    assert count_list_rows(bea, reverse("members:membership_list") + "?status=current") == 2
    # the export holds the page's rows, the ID number masked
    exported = export_of(bea, reverse("members:membership_list"))
    assert sorted(exported.column("姓名")) == ["乙会员", "后来者"]
    assert all("*" in value for value in exported.column("证件号码"))
