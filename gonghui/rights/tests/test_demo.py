"""The demo step on the test world: committees, warnings with automatic dispatch signals, cases in every state."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
from gonghui.core.testing.world import PASSWORD, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.members.models import Worker
from gonghui.members.tests.factories import make_worker
from gonghui.rights import demo, rules
from gonghui.rights.models import Alert, Dispute, MediationCommittee
from gonghui.rights.tests.factories import make_employer

TODAY = date(2026, 11, 24)


def test_the_demo_step_builds_two_years_in_every_state(world: World) -> None:
    host = make_employer(world.union_c, headcount=20)
    for i in range(20):
        category = Worker.Category.DISPATCHED if i < 2 else Worker.Category.REGULAR  # exactly 10 %
        make_worker(None, world.union_c, name=f"职工{i}", employer=host, category=category)
    for union in (world.union_c, world.union_d, world.township_a):
        for _ in range(3):
            make_employer(union, headcount=400)
    lines: list[str] = []
    ctx = DemoContext(random.Random(3), SIZES["small"], TODAY, PASSWORD, lines.append)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    with system_scope("the demo step on the test world"):
        demo.build(ctx)
        alerts = list(Alert.unscoped.all())  # unscoped: the test reads what the step wrote
        disputes = list(Dispute.unscoped.all())  # unscoped: the test reads what the step wrote
        states = Counter(d.state for d in disputes)
        assert len(disputes) == demo.DISPUTES["small"]
        assert {"applied", "mediating", "fulfilled", "arbitration", "refused"} <= set(states), states
        assert [d.workers for d in disputes if d.kind == "collective" and d.workers == 26]
        assert all(a.level == rules.alert_level(a.signal, a.measures()) for a in alerts)
        assert min(a.observed_on for a in alerts) < date(2025, 1, 1)
        automatic = [a for a in alerts if a.automatic]
        assert [a.employer_id for a in automatic] == [host.pk]  # the host pushed over the quota, once
        assert MediationCommittee.unscoped.filter(kind="township").count() == 2  # unscoped: the test reads
        # every object has its timeline; open ones their deadline
        started = set(
            TimelineEntry.unscoped.filter(workflow="dispute", transition="start").values_list("object_id", flat=True)
        )  # unscoped: the test reads the timeline
        assert started == {d.pk for d in disputes}
        open_deadlines = Deadline.unscoped.filter(workflow="dispute", closed_at__isnull=True).count()  # unscoped
        assert open_deadlines == states["applied"] + states["mediating"] + sum(
            1 for d in disputes if d.state == "agreed" and d.perform_by and d.agreed_on and d.perform_by > d.agreed_on
        )
    assert any("warnings" in line and "disputes" in line and "committees" in line for line in lines)
