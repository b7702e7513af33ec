"""The demo step: three years of competitions with stages, scores and paid prizes (four eyes), innovations, studios."""

from __future__ import annotations

import random
from datetime import date

import time_machine

from gonghui.competitions.demo import build_competitions
from gonghui.competitions.models import Competition, Innovation, InnovationStudio, Prize, PrizeBatch, Score
from gonghui.competitions.tests.helpers import employer_of, worker_of
from gonghui.competitions.workflows import BatchState
from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.history import at


def test_the_demo_step_builds_three_years_of_competitions_and_innovations(world: World) -> None:
    for n in range(4):
        employer = employer_of(world.union_c, f"演示厂{n}{MARKER}")
        for k in range(4):
            worker_of(world, employer, f"演示工{n}{k}")
    lines: list[str] = []
    ctx = DemoContext(
        rng=random.Random(7), size=SIZES["small"], today=date(2026, 12, 7), password="x", write=lines.append
    )
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    with time_machine.travel(at(date(2026, 12, 7), 10), tick=False):
        build_competitions(ctx)
    assert lines
    assert "competitions" in lines[0]
    with system_scope("the test reads what the demo wrote"):
        # unscoped (all below): the test reads the demo's rows
        years = set(Competition.unscoped.values_list("starts_on__year", flat=True))
        assert years == {2024, 2025, 2026}
        assert Score.unscoped.exists()
        paid = PrizeBatch.unscoped.filter(state=BatchState.PAID)
        assert paid.exists()
        assert all(b.approved_by_id and b.approved_by_id != b.made_by_id and b.paid_on for b in paid)
        assert Prize.unscoped.filter(batch__in=paid, title="一等奖").exists()
        assert Innovation.unscoped.count() >= 40
        adopted = Innovation.unscoped.filter(outcome=Innovation.Outcome.ADOPTED)
        assert adopted.exists()
        assert all(i.value_created and i.reason and i.evaluated_on >= i.submitted_on for i in adopted)
        assert not Innovation.unscoped.filter(outcome=Innovation.Outcome.NOT_ADOPTED, reward__gt=0).exists()
        assert InnovationStudio.unscoped.exists()
