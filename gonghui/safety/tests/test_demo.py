"""The demo's back-dated history: escalations as the hourly check would have made them, and the step itself."""

from __future__ import annotations

import random
from datetime import date

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.history import Step, backdated_escalations, backdated_history
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import deadlines_check
from gonghui.safety import rules
from gonghui.safety.models import Hazard
from gonghui.safety.tests.helpers import at, employer_c, issue_notice, record

pytestmark = pytest.mark.django_db


def _backdated(world: World, today: date) -> Hazard:
    employer = employer_c(world)
    hazard = Hazard(
        union=world.union_c,
        employer=employer,
        found_on=date(2026, 9, 24),
        category=Hazard.Category.FIRE,
        level=Hazard.Level.GENERAL,
        description="回溯",
        responsible_person="某",
        notice_issued_on=date(2026, 9, 24),
        rectification_days=7,
        due_on=rules.rectification_due(date(2026, 9, 24), 7),
    )
    writer = BulkWriter()
    writer.add(Hazard, hazard)
    history = backdated_history(
        hazard, [Step(date(2026, 9, 24), "start"), Step(date(2026, 9, 24), "issue_notice")], today=today
    )
    parents = {world.union_c.pk: world.township_a, world.township_a.pk: world.county, world.county.pk: None}
    backdated_escalations(history, today=today, parent_of=parents.__getitem__)
    for row in history.rows:
        writer.add(type(row), row, with_id=False)
    with system_scope("the test writes back-dated history"):
        writer.flush()
    return hazard


@pytest.mark.parametrize(
    ("today", "escalated_to"),
    [
        (date(2026, 10, 12), None),
        (date(2026, 10, 13), "township_a"),
        (date(2026, 10, 16), "township_a"),
        (date(2026, 10, 17), "county"),
    ],
)
def test_back_dated_escalations_are_those_the_hourly_check_makes(
    world: World, settings, today: date, escalated_to: str | None
) -> None:
    settings.GONGHUI_ESCALATION_GRACE_DAYS = 3
    # given the same hazard twice: one lived through the hourly checks, one written back-dated
    live = issue_notice(world, record(world, on=date(2026, 9, 24)), on=date(2026, 9, 24), days=7)
    day = date(2026, 10, 9)
    while day <= today:
        with time_machine.travel(at(day.year, day.month, day.day, 3), tick=False):
            deadlines_check(today=day)
        day = date.fromordinal(day.toordinal() + 1)
    written = _backdated(world, today)
    with system_scope("the test compares the two"):
        deadlines = [
            Deadline.unscoped.get(
                content_type=ContentType.objects.get_for_model(Hazard), object_id=h.pk, closed_at=None
            )
            for h in (live, written)
        ]
        escalations = [
            list(
                TimelineEntry.unscoped.filter(workflow="hazard", object_id=h.pk, kind="escalation")
                .order_by("at")
                .values_list("at__date", "note")
            )
            for h in (live, written)
        ]
    expected = getattr(world, escalated_to) if escalated_to else None
    assert deadlines[0].escalated_to == deadlines[1].escalated_to == expected
    assert escalations[0] == escalations[1]


def test_the_demo_step_builds_hazards_escalated_and_reported(world: World) -> None:
    from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
    from gonghui.safety.demo import SafetyBuilder

    employer_c(world)
    ctx = DemoContext(rng=random.Random(5), size=SIZES["small"], today=date(2026, 12, 7), password="x", write=print)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    builder = SafetyBuilder(ctx)
    employers = [
        {
            "id": employer_c(world).pk,
            "union_id": world.union_c.pk,
            "union__path": world.union_c.path,
            "headcount": 100,
            "union_status": "own",
        }
    ]
    with time_machine.travel(at(2026, 12, 7), tick=False), system_scope("the test runs the demo's builder"):
        builder.build_hazards(employers, 60)
        builder.build_activities(employers)
        builder.write()
        hazards = list(Hazard.unscoped.filter(employer=employer_c(world)))
        assert len(hazards) == 60
        never = [h for h in hazards if h.state == "rectifying" and h.due_on < date(2026, 11, 1)]
        assert never, "some hazards were never reported"
        for hazard in never:
            deadline = Deadline.unscoped.get(workflow="hazard", object_id=hazard.pk, closed_at=None)
            assert deadline.escalated_to == world.county  # township A, then the county
        closed = [h for h in hazards if h.state == "closed"]
        assert all(h.closed_on == h.rechecked_on and h.rectified_on is not None for h in closed)
