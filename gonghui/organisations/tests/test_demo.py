"""The demo step: employers for every union, joint coverage, profiles and committees, from one seed."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty, steps
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import PASSWORD, World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import CommitteeMember, Employer, UnionProfile

TODAY = date(2026, 11, 24)


@pytest.fixture
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def run_step(world: World, seed: int) -> list[str]:
    lines: list[str] = []
    ctx = DemoContext(random.Random(seed), SIZES["small"], TODAY, PASSWORD, lines.append)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    step = next(function for order, name, function in steps() if name == "organisations")
    step(ctx)
    return lines


def snapshot() -> list[tuple[Any, ...]]:
    return list(Employer.unscoped.order_by("name").values_list("name", "headcount", "union_status", "industry_id"))


def test_demo_step_builds_a_consistent_county(world: World, reference: None) -> None:
    with system_scope("demo"):
        # when the step runs at small size on the test world's unions
        lines = run_step(world, 7)
        employers = Employer.unscoped.all()
        # then there are about 150 employers, every grassroots union is one employer's own union
        assert employers.count() == 150
        for union in (world.union_c, world.union_d):
            own = employers.get(own_union=union)
            assert (own.union_status, own.union) == ("own", union)
        # the joint union covers small employers, kept by it
        covered = employers.filter(union_status="joint")
        assert covered.count() == 13
        assert all(e.joint_union == world.joint_a and e.union == world.joint_a and e.headcount < 25 for e in covered)
        # the rest have no union (a few are not eligible, with a reason), kept by a township
        none = employers.filter(union_status__in=["none", "not_eligible"])
        assert {e.union for e in none} <= {world.township_a, world.township_b}
        assert all(e.not_eligible_reason for e in none.filter(union_status="not_eligible"))
        # credit codes are valid and founding dates lie in the past
        for e in employers.exclude(credit_code=None)[:50]:
            e.full_clean(exclude=["union", "own_union", "joint_union"], validate_unique=False)
        assert all(e.founded_on <= TODAY for e in employers.exclude(founded_on=None))
        assert all(e.size_band for e in employers)
        # every union has a profile; members never exceed the own employer's workers
        profiles = {p.union_id: p for p in UnionProfile.unscoped.all()}
        for union in (world.county, world.township_a, world.township_b, world.union_c, world.union_d, world.joint_a):
            assert union.pk in profiles
        for union in (world.union_c, world.union_d):
            profile = profiles[union.pk]
            assert profile.member_count <= employers.get(own_union=union).headcount
            seats = set(
                CommitteeMember.unscoped.filter(union=union, body="committee").values_list("position", flat=True)
            )
            # 工会法 art. 11: a committee with a chair from 25 members, else one organizer
            if profile.member_count < 25:
                assert seats == {"organizer"}
            else:
                assert "chair" in seats
                assert "organizer" not in seats
            assert profile.re_election_due is not None
        assert profiles[world.county.pk].member_count >= profiles[world.union_c.pk].member_count
        assert "150 employers" in lines[-1]


def test_demo_step_is_deterministic(world: World, reference: None) -> None:
    with system_scope("demo"):
        run_step(world, 11)
        first = snapshot()
        CommitteeMember.unscoped.all().delete()
        UnionProfile.unscoped.all().delete()
        Employer.unscoped.all().delete()
        run_step(world, 11)
        assert snapshot() == first


def test_demo_founding_history_and_campaign_tell_a_consistent_story(world: World, reference: None) -> None:
    from gonghui.core.workflow.models import Deadline, TimelineEntry
    from gonghui.organisations.models import FoundingCase, Survey, SurveyAssignment, SurveyVisit

    with system_scope("demo"):
        lines: list[str] = []
        ctx = DemoContext(random.Random(11), SIZES["small"], TODAY, PASSWORD, lines.append)
        ctx.put(
            DemoCounty(
                county=world.county,
                townships=[world.township_a, world.township_b],
                grassroots=[world.union_c, world.union_d],
                joint=[world.joint_a],
            )
        )
        # when the employers step and then the founding step run
        for name in ("organisations", "founding history and survey campaign"):
            next(function for order, step_name, function in steps() if step_name == name)(ctx)
        # then one campaign is under way with both townships assigned, each target its operating employers
        survey = Survey.unscoped.get()
        assert survey.status == "open"
        assert survey.starts_on < TODAY < survey.ends_on
        for assignment in SurveyAssignment.unscoped.filter(survey=survey):
            operating = Employer.unscoped.filter(
                union__path__startswith=assignment.union.path, status="operating"
            ).count()
            # employers founded during the campaign moved under their new union, still in the subtree
            assert assignment.target == operating
        visits = SurveyVisit.unscoped.all()
        assert visits.exists()
        assert all(survey.starts_on <= v.visited_on <= TODAY for v in visits)
        assert all(v.employer.union.path.startswith(v.union.path) for v in visits)
        # every case's timeline starts with "start", runs in date order, and ends in the case's state
        cases = list(FoundingCase.unscoped.all())
        assert cases
        for case in cases:
            entries = list(TimelineEntry.unscoped.filter(object_id=case.pk, workflow="founding").order_by("at", "id"))
            assert entries[0].transition == "start"
            assert entries[-1].to_state == case.state
            assert entries[-1].at.date() <= TODAY
            open_deadlines = Deadline.unscoped.filter(workflow="founding", object_id=case.pk, closed_at__isnull=True)
            assert open_deadlines.count() == (1 if case.state in ("unorganised", "preparing") else 0)
        # founded cases point at the employer's own union; joint ones at the covering joint union
        for case in cases:
            if case.state == "founded":
                assert case.employer.own_union_id == case.founded_union_id
            if case.state == "joint":
                assert case.employer.joint_union_id == case.joint_union_id
        # at most one open case per employer (the database constraint holds)
        open_cases = [c.employer_id for c in cases if c.state in ("unorganised", "preparing")]
        assert len(open_cases) == len(set(open_cases))
        # survey-found cases name their visit
        assert all(c.survey_visit_id for c in cases if c.source == "survey")


def test_employer_names_are_unique_and_never_numbered(
    world: World, reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given far more employers than brands × trades (the county's register repeats them)
    from gonghui.organisations.demo import employers as demo

    monkeypatch.setitem(demo.EMPLOYERS_BY_SIZE, "small", 2000)
    with system_scope("demo"):
        # when the step runs
        run_step(world, 3)
        made = list(Employer.unscoped.exclude(union_status="own").values_list("name", flat=True))
    # then no two employers share a name, and none is told apart by a number (“（594）”)
    assert len(made) > 1900
    assert len(set(made)) == len(made)
    assert not [name for name in made if re.search(r"[0-9０-９]", name)]
