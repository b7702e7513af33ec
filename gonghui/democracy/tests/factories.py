"""Test data for the democracy tests: an employer with its own union, its workers, a congress with delegates."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from stdnum.cn import ric

from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create
from gonghui.democracy import services
from gonghui.democracy.models import Attendance, Congress, Delegate, Session
from gonghui.members import services as member_services
from gonghui.members.models import Worker
from gonghui.organisations.models import Employer

_serial = itertools.count(100)
CHENGGUAN = "339901101000"  # 城关镇, township A's division in the test world
NANLING = "339901103000"  # 南岭镇, township B's


def id_number(*, woman: bool = False) -> str:
    """A valid ID number; the 17th digit is odd for a man, even for a woman."""
    n = next(_serial) % 500
    body = f"330102{date(1980 + n % 20, 1 + n % 12, 1 + n % 28):%Y%m%d}{n % 100:02d}" + ("2" if woman else "1")
    return body + ric.calc_check_digit(body + "0")


def credit_code() -> str:
    """A valid unified social credit code (GB 32100), a new one each call."""
    body = f"91339901MA{next(_serial):07d}"
    return body + credit_code_check_char(body)


def employer(
    world: World,
    *,
    township: str = "a",
    name: str = "",
    headcount: int = 180,
    women: int = 60,
    dispatched: int = 10,
    code: str | None = None,
    under: Union | None = None,
) -> Employer:
    """An operating employer with its own grassroots union in township A or B (or kept by the joint union ``under``)."""
    parent = world.township_a if township == "a" else world.township_b
    marker = "ALPHA7F3" if township == "a" else ""
    with system_scope("test data"):
        label = name or f"测试{next(_serial)}公司{marker}"
        if under is not None:  # a small employer kept by the joint union covering it
            return Employer.unscoped.create(  # unscoped: test data
                union=under,
                name=label,
                headcount=headcount,
                women=women,
                dispatched_workers=dispatched,
                union_status=Employer.UnionStatus.JOINT,
                joint_union=under,
                founded_on=date(2020, 1, 1),
                credit_code=code,
            )
        union = union_create(actor=None, parent=parent, name=f"{label}工会", kind=Union.Kind.GRASSROOTS)
        # Written directly as the organisations' figure data does: the test database holds no reference data.
        return Employer.unscoped.create(  # unscoped: test data
            union=union,
            name=label,
            headcount=headcount,
            women=women,
            dispatched_workers=dispatched,
            union_status=Employer.UnionStatus.OWN,
            own_union=union,
            founded_on=date(2020, 1, 1),
            credit_code=code,
        )


def workers(employer: Employer, count: int, *, women: int = 0) -> list[Worker]:
    with system_scope("test data"):
        return [
            member_services.worker_create(
                actor=None,
                union=employer.union,
                name=f"职工{next(_serial)}",
                id_number=id_number(woman=i < women),
                employer=employer,
            )
            for i in range(count)
        ]


def congress_with_delegates(
    world: World, *, delegates: int = 30, managers: int = 0, township: str = "a", headcount: int = 180
) -> Congress:
    firm = employer(world, township=township, headcount=headcount)
    congress = services.congress_create(
        actor=None, employer=firm, term_start=date(2024, 1, 1), term_end=date(2027, 12, 31)
    )
    for i, worker in enumerate(workers(firm, delegates, women=delegates // 3)):
        services.delegate_add(
            actor=None, congress=congress, worker=worker, electoral_unit=f"{i % 3 + 1}车间", is_manager=i < managers
        )
    return congress


def sitting(
    congress: Congress, *, present: int, held_on: date = date(2025, 3, 20), materials_days_before: int | None = 10
) -> Session:
    """A sitting with its roll taken; the materials went out ``materials_days_before`` days earlier (None: not yet)."""
    sent = None if materials_days_before is None else held_on - timedelta(days=materials_days_before)
    with system_scope("test data"):
        session = services.session_create(actor=None, congress=congress, held_on=held_on, materials_sent_on=sent)
        delegates: list[Delegate] = list(congress.delegates.order_by("id"))
        statuses: dict[int, Any] = {
            d.pk: Attendance.Status.PRESENT if i < present else Attendance.Status.ABSENT
            for i, d in enumerate(delegates)
        }
        return services.attendance_record(actor=None, session=session, statuses=statuses)
