"""The demo step: a year of payouts within the caps in force, and a few refused attempts in the audit log."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from gonghui.core.audit.models import AuditEvent
from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.welfare import demo
from gonghui.welfare.models import Item, WelfarePayout, WelfareSetting
from gonghui.welfare.tests.helpers import member

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def test_the_demo_step_pays_every_member_within_the_caps_and_leaves_refusals_in_the_log(world: World) -> None:
    members = [member(world, 0, joined=date(2024, 1, 2)), member(world, 1, joined=date(2024, 1, 2))]
    ctx = DemoContext(rng=random.Random(3), size=SIZES["small"], today=TODAY, password="x", write=print)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    with system_scope("the test runs the demo step"):
        demo.build(ctx)
        payouts = list(WelfarePayout.unscoped.all())
        refused = AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED).count()
    assert WelfareSetting.objects.get().table.code == demo.DEMO_TABLE
    assert {p.worker_id for p in payouts} == {m.pk for m in members}
    festivals = [p for p in payouts if p.item == Item.FESTIVAL]
    assert len(festivals) == 2 * len(demo.FESTIVALS)  # every festival in the window, for both members
    assert all(TODAY.replace(year=TODAY.year - 1) < p.paid_on <= TODAY for p in payouts)
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for p in festivals:
        totals[(p.worker_id, p.year)] += p.amount
    assert max(totals.values()) <= Decimal("2000")
    assert refused == demo.REFUSED_ATTEMPTS
    assert not [p for p in payouts if p.item == Item.BIRTHDAY and p.amount > 300]
