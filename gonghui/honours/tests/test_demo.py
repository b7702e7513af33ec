"""The demo step: three years of campaigns, one in public notice with an objection, the register and its care."""

from __future__ import annotations

import random
from datetime import date

import time_machine

from gonghui.core.certificates.models import Certificate
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.honours.models import AwardCampaign, CareRecord, ModelWorker, Nomination, Objection
from gonghui.honours.tests.helpers import at


def test_the_demo_step_builds_campaigns_a_running_notice_and_the_register(world: World) -> None:
    from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
    from gonghui.honours.demo import HonoursBuilder

    ctx = DemoContext(rng=random.Random(5), size=SIZES["small"], today=date(2026, 12, 7), password="x", write=print)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    with time_machine.travel(at(date(2026, 12, 7)), tick=False), system_scope("the test runs the demo's builder"):
        builder = HonoursBuilder(ctx, world.alice)
        builder.allowance_table()
        builder.campaigns()
        workers = builder.model_workers()
        builder.care(workers)
        builder.write()
        assert sorted(AwardCampaign.unscoped.values_list("year", flat=True)) == [2024, 2025, 2026]  # unscoped: test
        in_notice = Nomination.unscoped.filter(state="notice")  # unscoped: the test reads the demo's rows
        assert in_notice.exists()
        assert all(n.notice_starts <= date(2026, 12, 7) <= n.notice_ends for n in in_notice)
        assert Objection.unscoped.filter(nomination__state="notice", answered_on__isnull=True).count() == 1  # unscoped
        commended = Nomination.unscoped.filter(state="commended")  # unscoped: the test reads the demo's rows
        assert commended.exists()
        assert Certificate.unscoped.count() == commended.count()  # unscoped: every certificate
        assert set(ModelWorker.unscoped.values_list("level", flat=True)) == {
            "national",
            "provincial",
            "city",
            "county",
        }  # unscoped
        assert CareRecord.unscoped.filter(kind="visit").exists()
        assert CareRecord.unscoped.filter(kind="rest_stay").exists()
