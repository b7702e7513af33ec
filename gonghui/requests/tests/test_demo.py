"""The demo step: requests over two years in every state, some late and escalated, the demo worker's two."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
import time_machine

from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.requests.demo import build_requests
from gonghui.requests.models import Request
from gonghui.requests.tests.helpers import at, employer_with_union, employer_without_union, wendys_record

pytestmark = pytest.mark.django_db


def test_the_demo_step_builds_requests_in_every_state(world: World, django_user_model: Any) -> None:
    employer_with_union(world)
    employer_without_union(world)
    me = wendys_record(world)
    with system_scope("the test names the demo worker"):
        django_user_model.unscoped.filter(pk=world.wendy.pk).update(username="demo_worker")
    lines: list[str] = []
    ctx = DemoContext(
        rng=random.Random(11), size=SIZES["small"], today=date(2026, 12, 7), password="x", write=lines.append
    )
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    with time_machine.travel(at(2026, 12, 7), tick=False), system_scope("the test runs the demo step"):
        build_requests(ctx)
        rows = list(Request.unscoped.all())  # unscoped: the test reads what the demo wrote
        states = {r.state for r in rows}
        assert states >= {"received", "assigned", "contacted", "answered", "closed", "transferred"}
        assert len(rows) >= 40
        assert min(r.received_on for r in rows) < date(2025, 3, 1)
        # routed as the service routes: the employer with its own union to that union, the other to the township
        for r in rows:
            assert r.answer_due > r.received_on
            if r.employer_id and not r.transferred_to_id and r.dispute_id is None:
                assert r.union_id in (world.union_c.pk, world.township_a.pk)
            if r.answered_on:
                assert r.reply
            if r.state == "closed" and r.satisfaction:
                assert r.rated_on >= r.answered_on
        # every request has its timeline; the open ones their deadline
        # unscoped: the demo's timeline rows
        timed = set(TimelineEntry.unscoped.filter(workflow="request").values_list("object_id", flat=True))
        assert timed == {r.pk for r in rows}
        # unscoped: the demo's deadlines
        escalated = Deadline.unscoped.filter(workflow="request", closed_at=None, escalated_to__isnull=False)
        assert escalated.exists()
        mine = [r for r in rows if r.worker_id == me.pk]
        answered, handled = sorted(mine, key=lambda r: r.state != "answered")
        assert answered.state == "answered"
        assert handled.state in ("received", "assigned", "contacted")
        assert len(Request.unscoped.values_list("code", flat=True).distinct()) == len(rows)  # unscoped: every code
    assert "escalated" in lines[-1]
    assert "demo_worker has 2" in lines[-1]
