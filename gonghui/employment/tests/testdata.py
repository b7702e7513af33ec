"""Sample rows shared by the tests and the leak samplers: a seeker, an employer's vacancy, a referral, a fair.

Test scaffolding: the employer is written straight to the table (no reference data needed).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from stdnum.cn import ric

from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.employment import services
from gonghui.employment.models import JobFair, JobSeeker, Referral, Vacancy
from gonghui.organisations.models import Employer


def id_number(serial: int, birth: date = date(1990, 3, 7)) -> str:
    """A valid GB 11643 ID number of the fictional demo county."""
    body = f"339901{birth:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def employer_of(union: Union, name: str) -> Employer:
    """The employer whose own union ``union`` is (made when missing)."""
    with system_scope("rows the module's tests make for themselves"):
        employer = Employer.unscoped.filter(own_union=union).first()  # unscoped: the sample employer of the union
        if employer is None:
            employer = Employer.unscoped.create(  # unscoped: the sample employer of the union
                union=union, own_union=union, name=name, headcount=120, union_status=Employer.UnionStatus.OWN
            )
    return employer


def seeker(union: Union, name: str, serial: int, **values: Any) -> JobSeeker:
    with system_scope("rows the module's tests make for themselves"):
        # unscoped: rows the module's tests make for themselves
        found = JobSeeker.unscoped.filter(union=union, name=name).first()
        if found is not None:
            return found
        defaults: dict[str, Any] = {
            "category": JobSeeker.Category.LAID_OFF,
            "registered_on": timezone.localdate() - timedelta(days=10),
            "phone": "13800001234",
            "skills": ["welding", "electrician"],
            "wished_work": "焊工",
            "expected_pay": Decimal("4000"),
        }
        defaults.update(values)
        return services.seeker_register(actor=None, union=union, name=name, id_number=id_number(serial), **defaults)


def vacancy(employer: Employer, post: str, **values: Any) -> Vacancy:
    with system_scope("rows the module's tests make for themselves"):
        # unscoped: rows the module's tests make for themselves
        found = Vacancy.unscoped.filter(employer=employer, post=post).first()
        if found is not None:
            return found
        defaults: dict[str, Any] = {
            "pay_min": Decimal("3500"),
            "pay_max": Decimal("5000"),
            "headcount": 2,
            "valid_until": timezone.localdate() + timedelta(days=30),
            "skills": ["welding", "machining"],
        }
        defaults.update(values)
        return services.vacancy_create(actor=None, employer=employer, post=post, **defaults)


def referral(job_seeker: JobSeeker, job_vacancy: Vacancy, **values: Any) -> Referral:
    with system_scope("rows the module's tests make for themselves"):
        # unscoped: rows the module's tests make for themselves
        found = Referral.unscoped.filter(seeker=job_seeker, vacancy=job_vacancy).first()
        if found is not None:
            return found
        return services.referral_create(actor=None, seeker=job_seeker, vacancy=job_vacancy, **values)


def fair(union: Union, title: str) -> JobFair:
    with system_scope("rows the module's tests make for themselves"):
        # unscoped: rows the module's tests make for themselves
        found = JobFair.unscoped.filter(union=union, title=title).first()
        if found is not None:
            return found
        return services.fair_create(
            actor=None, union=union, title=title, held_on=timezone.localdate() - timedelta(days=3), venue="文化广场"
        )
