"""Leak-walker samplers: township A's job seeker, vacancy, referral and job fair (all marked)."""

from __future__ import annotations

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.employment import services
from gonghui.employment.models import FairAttendance, FairEmployer, JobFair, JobSeeker, Referral, Vacancy
from gonghui.employment.tests import testdata


def _seeker(world: World) -> JobSeeker:
    return testdata.seeker(world.union_c, f"求职者{MARKER}", 901, wished_work=f"焊工{MARKER}")


def _vacancy(world: World) -> Vacancy:
    employer = testdata.employer_of(world.union_c, f"丙公司{MARKER}")
    return testdata.vacancy(employer, f"电焊工{MARKER}")


def _referral(world: World) -> Referral:
    return testdata.referral(_seeker(world), _vacancy(world))


def _fair(world: World) -> JobFair:
    fair = testdata.fair(world.union_c, f"春风行动招聘会{MARKER}")
    with system_scope("leak-walker sample data"):
        # unscoped: the leak walker's sample rows of township A
        if not FairEmployer.unscoped.filter(fair=fair).exists():
            services.fair_add_employer(
                actor=None,
                fair=fair,
                employer=testdata.employer_of(world.union_c, f"丙公司{MARKER}"),
                posts=f"电焊工{MARKER}",
                positions=5,
            )
        # unscoped: the leak walker's sample rows of township A
        if not FairAttendance.unscoped.filter(fair=fair).exists():
            services.fair_record_attendance(actor=None, fair=fair, seeker=_seeker(world))
    return fair


@leakwalker.sampler("job_seeker_id")
def _seeker_id(world: World) -> int:
    return _seeker(world).pk


@leakwalker.sampler("vacancy_id")
def _vacancy_id(world: World) -> int:
    return _vacancy(world).pk


@leakwalker.sampler("job_referral_id")
def _referral_id(world: World) -> int:
    return _referral(world).pk


@leakwalker.sampler("job_fair_id")
def _fair_id(world: World) -> int:
    return _fair(world).pk
