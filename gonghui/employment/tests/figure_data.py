"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): seekers, referrals, placements.

In township A: two seekers (laid-off, migrant), both referred, one hired; in township B: one
seeker (graduate) referred and not hired, one (migrant) referred and hired. A job fair in each
township. Dates are this year's, not in the future; township A also placed a seeker and held a
job fair last year (the measures' "last year").
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.employment import services
from gonghui.employment.models import JobSeeker, Referral
from gonghui.employment.tests import testdata


def build(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    day = max(today.replace(month=1, day=1), today - timedelta(days=5))
    employer_c = testdata.employer_of(world.union_c, f"丙公司{MARKER}")
    employer_d = testdata.employer_of(world.union_d, "丁公司")
    vacancy_a = testdata.vacancy(employer_c, f"焊工岗{MARKER}", headcount=3)
    vacancy_b = testdata.vacancy(employer_d, "文员岗", skills=["office"])
    laid_off = testdata.seeker(world.union_c, f"甲求职{MARKER}", 911, registered_on=day)
    migrant = testdata.seeker(
        world.union_c, f"乙求职{MARKER}", 912, registered_on=day, category=JobSeeker.Category.MIGRANT
    )
    graduate = testdata.seeker(
        world.union_d, "丙求职", 913, registered_on=day, category=JobSeeker.Category.GRADUATE, skills=["office"]
    )
    hired = testdata.referral(laid_off, vacancy_a, referred_on=day)
    testdata.referral(migrant, vacancy_a, referred_on=day)
    not_hired = testdata.referral(graduate, vacancy_b, referred_on=day)
    if hired.outcome == Referral.Outcome.PENDING:
        services.referral_hired(actor=None, referral=hired, hired_on=day, pay=Decimal("4200"))
    if not_hired.outcome == Referral.Outcome.PENDING:
        services.referral_not_hired(actor=None, referral=not_hired, decided_on=day, reason=Referral.Reason.PAY)
    also_hired = testdata.referral(
        testdata.seeker(
            world.union_d, "丁求职", 914, registered_on=day, category=JobSeeker.Category.MIGRANT, skills=["office"]
        ),
        vacancy_b,
        referred_on=day,
    )
    if also_hired.outcome == Referral.Outcome.PENDING:
        services.referral_hired(actor=None, referral=also_hired, hired_on=day, pay=Decimal("3800"))
    last_year = date(today.year - 1, 4, 1)
    earlier = testdata.referral(
        testdata.seeker(world.union_c, f"戊求职{MARKER}", 915, registered_on=last_year - timedelta(days=20)),
        vacancy_a,
        referred_on=last_year - timedelta(days=10),
    )
    if earlier.outcome == Referral.Outcome.PENDING:
        services.referral_hired(actor=None, referral=earlier, hired_on=last_year, pay=Decimal("4000"))
    for union, title, held_on in (
        (world.union_c, f"甲镇春风行动招聘会{MARKER}", day),
        (world.union_d, "乙镇招聘会", day),
        (world.union_c, f"甲镇去年招聘会{MARKER}", last_year),
    ):
        services.fair_create(actor=None, union=union, title=title, held_on=held_on, venue="文化广场")
    return {"laid_off": laid_off, "migrant": migrant, "graduate": graduate, "vacancy_a": vacancy_a}
