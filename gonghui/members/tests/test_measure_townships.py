"""Membership figures kept per township: a member joining, leaving or transferred in counts again only
the townships of the rows it changed, and what is counted again adds up to a full count (``stamps.py``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.figures import kept, measures
from gonghui.core.figures.dashboard import trend_periods
from gonghui.core.figures.periods import default_period
from gonghui.core.figures.tests.test_drilldowns import published_world  # noqa: F401 (a fixture)
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create
from gonghui.members import services
from gonghui.members.measures import MEASURES
from gonghui.members.models import Membership, MembershipEvent, Worker
from gonghui.members.tests.factories import id_number

pytestmark = pytest.mark.django_db

TABLE = f'"{Membership._meta.db_table}"'


def _count(user: Any, group: tuple[measures.Measure, ...] = MEASURES) -> tuple[dict[str, Any], list[str]]:
    """The members' measures over the five years of the dashboard, and the counting statements that ran."""
    readable = [m for m in group if user.has_perm(m.permission)]
    periods = trend_periods(default_period(timezone.localdate()))
    with CaptureQueriesContext(connection) as seen:
        counted = measures.count_many(readable, user, periods)
    ran = [q["sql"] for q in seen.captured_queries if "COUNT(" in q["sql"] and f"FROM {TABLE}" in q["sql"]]
    return {key: (c.totals, c.rows, c.townships) for key, c in counted.items()}, ran


def _afresh(user: Any) -> dict[str, Any]:
    caches[kept.CACHE_ALIAS].clear()
    return _count(user)[0]


def _one_township(ran: list[str]) -> bool:
    return len(ran) == 1 and " IN (" in ran[0]


def _everything(ran: list[str]) -> bool:
    return len(ran) == 1 and " IN (" not in ran[0]


def test_a_change_counts_again_only_what_it_can_change(published_world: World) -> None:  # noqa: F811
    world = published_world
    leader = world.leo
    first, ran = _count(leader)
    assert ran, "counted the first time"
    assert first == _afresh(leader)
    assert _count(leader)[1] == [], "nothing changed: kept"

    with system_scope("a member joins in township A"):
        worker = services.worker_create(
            actor=None, union=world.union_c, name="新会员", id_number=id_number(date(1991, 2, 3), male=True)
        )
        services.membership_join(actor=None, worker=worker, union=world.union_c, on=timezone.localdate())
    after, ran = _count(leader)
    assert _one_township(ran), "township A alone counted again (the worker inserted is named by no row before)"
    assert after != first
    assert after == _afresh(leader), "the township counted again and those kept add up to a full count"

    with system_scope("a membership of township B ends"):
        current = Membership.unscoped.filter(
            ended_on__isnull=True, joined_on__lt=timezone.localdate(), union__path__startswith=world.township_b.path
        ).first()
        assert current is not None
        Membership.unscoped.filter(pk=current.pk).update(ended_on=timezone.localdate() - timedelta(days=1))
    after, ran = _count(leader)
    assert _one_township(ran)
    assert after == _afresh(leader)

    with system_scope("a transfer in is recorded on a membership of township B, then taken back"):
        event = MembershipEvent.unscoped.filter(membership=current).first()
        assert event is not None
        event.pk = None
        event.kind = MembershipEvent.Kind.TRANSFER_IN
        event.save()
    after, ran = _count(leader)
    assert _one_township(ran), "an event is a change of its membership, so of its township only"
    assert after == _afresh(leader)
    with system_scope("the event taken back"):
        MembershipEvent.unscoped.filter(pk=event.pk).delete()
    after, ran = _count(leader)
    assert _one_township(ran)
    assert after == _afresh(leader)

    with system_scope("a worker's sex corrected: a column the count reads, of a table reached by foreign key"):
        Worker.unscoped.filter(pk=worker.pk).update(sex=Worker.Sex.FEMALE)
    after, ran = _count(leader)
    assert _everything(ran), "any membership may name the worker changed: all counted again"
    assert after == _afresh(leader)

    with system_scope("a worker's phone, a union added, a union renamed: columns no count reads"):
        Worker.unscoped.filter(pk=worker.pk).update(phone_last4="0000")
        union_create(actor=None, parent=world.township_b, name="新工会", kind=Union.Kind.GRASSROOTS)
        Union.unscoped.filter(pk=world.union_d.pk).update(name="丁公司工会（改）")
    assert _count(leader)[1] == [], "nothing the count reads changed: kept"
    assert _count(leader)[0] == _afresh(leader)


def test_a_township_reader_keeps_its_own_lines(published_world: World) -> None:  # noqa: F811
    """A township's staff and the county run different statements: each is kept and counted again apart."""
    world = published_world
    county, _ran = _count(world.leo)
    own, _ran = _count(world.bob)
    assert own, "township A's staff read the members' measures"
    assert {path for _totals, _rows, townships in own.values() for path in townships} <= {world.township_a.path}
    with system_scope("a membership of township B ends"):
        current = Membership.unscoped.filter(
            ended_on__isnull=True, union__path__startswith=world.township_b.path
        ).first()
        assert current is not None
        Membership.unscoped.filter(pk=current.pk).update(ended_on=timezone.localdate() - timedelta(days=1))
    again, ran = _count(world.bob)
    assert again == own, "nothing of township A changed: its lines are kept"
    assert _one_township(ran), "only township B, outside the reader's scope, looked at again (and found empty)"
    assert _count(world.leo)[0] == _afresh(world.leo) != county
