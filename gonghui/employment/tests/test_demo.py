"""The demo step: seekers, vacancies and referrals as the services would have left them."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.employment.demo import build_employment
from gonghui.employment.models import JobFair, JobSeeker, Placement, Referral, Vacancy
from gonghui.employment.tests import testdata

pytestmark = pytest.mark.django_db


def test_the_demo_step_keeps_headcounts_validity_and_placements(world: World) -> None:
    testdata.employer_of(world.union_c, f"丙公司{MARKER}")
    testdata.employer_of(world.union_d, "丁公司")
    today = date.today()
    ctx = DemoContext(rng=random.Random(7), size=SIZES["small"], today=today, password="x", write=print)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    with system_scope("the test runs the demo step and reads what it wrote"):
        build_employment(ctx)
        seekers = list(JobSeeker.unscoped.all())  # unscoped: the test checks the tables themselves
        vacancies = {v.pk: v for v in Vacancy.unscoped.all()}  # unscoped: as above
        referrals = list(Referral.unscoped.all())  # unscoped: as above
        placements = list(Placement.unscoped.all())  # unscoped: as above
        assert JobFair.unscoped.exists()  # unscoped: as above
    assert len(seekers) >= 40
    assert len(vacancies) >= 20
    assert referrals
    assert all(s.id_number and len(s.id_number) == 18 for s in seekers)
    hired = Counter(r.vacancy_id for r in referrals if r.outcome == Referral.Outcome.HIRED)
    for vacancy_id, vacancy in vacancies.items():
        assert vacancy.pay_min <= vacancy.pay_max
        assert vacancy.filled == hired.get(vacancy_id, 0) <= vacancy.headcount
    for referral in referrals:
        assert referral.referred_on <= vacancies[referral.vacancy_id].valid_until
        assert (referral.outcome == Referral.Outcome.NOT_HIRED) == bool(referral.reason)
    placed = {s.pk for s in seekers if s.state == JobSeeker.State.PLACED}
    assert placed == {p.seeker_id for p in placements}
    assert len(placements) == sum(hired.values())
