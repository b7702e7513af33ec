"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): the year's competitions, innovations.

Township A: a competition with two participants, two innovations (one adopted); township B: a
competition with one participant and one innovation. Township B also ran a competition last year
and recorded an innovation then (the measures' "last year").
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.competitions import services
from gonghui.competitions.models import Competition, Innovation
from gonghui.competitions.tests.helpers import employer_c, employer_d, worker_of
from gonghui.core.testing.world import MARKER, World


def build(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    day = max(today.replace(month=1, day=1), today - timedelta(days=20))
    a = services.competition_create(
        actor=None,
        union=world.township_a,
        name=f"甲镇技能比武{MARKER}",
        kind=Competition.Kind.SKILLS,
        starts_on=day,
        ends_on=day + timedelta(days=30),
    )
    services.participant_add(actor=None, competition=a, worker=worker_of(world, employer_c(world), "张工"))
    services.participant_add(actor=None, competition=a, team_name=f"一号班组{MARKER}", employer=employer_c(world))
    b = services.competition_create(
        actor=None,
        union=world.township_b,
        name="乙镇服务竞赛",
        kind=Competition.Kind.SERVICE,
        starts_on=day,
        ends_on=day + timedelta(days=30),
    )
    services.participant_add(actor=None, competition=b, worker=worker_of(world, employer_d(world), "李工"))
    adopted = services.innovation_record(
        actor=None,
        employer=employer_c(world),
        kind=Innovation.Kind.TECHNICAL,
        title=f"夹具改进{MARKER}",
        submitted_on=day,
        team_name=f"一号班组{MARKER}",
    )
    services.innovation_evaluate(
        actor=None,
        innovation=adopted,
        outcome=Innovation.Outcome.ADOPTED,
        evaluated_on=day,
        reason="节约工时",
        value_created=Decimal("120000"),
        reward=Decimal("3000"),
    )
    services.innovation_record(
        actor=None,
        employer=employer_c(world),
        kind=Innovation.Kind.PROPOSAL,
        title=f"节能建议{MARKER}",
        submitted_on=day,
        team_name="节能小组",
    )
    services.innovation_record(
        actor=None,
        employer=employer_d(world),
        kind=Innovation.Kind.INVENTION,
        title="新型卡具",
        submitted_on=day,
        team_name="丁公司技术组",
    )
    last_year = date(today.year - 1, 5, 1)
    services.competition_create(
        actor=None,
        union=world.township_b,
        name="乙镇安康杯",
        kind=Competition.Kind.ANKANG_CUP,
        starts_on=last_year,
        ends_on=last_year + timedelta(days=60),
    )
    services.innovation_record(
        actor=None,
        employer=employer_d(world),
        kind=Innovation.Kind.PROPOSAL,
        title="班组交接建议",
        submitted_on=last_year,
        team_name="丁公司技术组",
    )
    return {"a": a, "b": b, "adopted": adopted}
