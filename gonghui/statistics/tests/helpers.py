"""Rows the statistics form's tests make: members joining on given days, union C's employer, a typed form."""

from __future__ import annotations

from datetime import date
from typing import Any

from gonghui.core.reference.models import Division
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services as members
from gonghui.members.models import Membership
from gonghui.members.tests.factories import id_number
from gonghui.organisations.models import Employer
from gonghui.statistics.selectors import default_year

# A statistics year every form page offers (the last ended one is the default; this is the one before).
YEAR = default_year() - 1
CHENGGUAN = "339901101000"  # 城关镇


def join(union: Any, name: str, on: date, *, woman: bool = False, **fields: Any) -> Membership:
    with system_scope("test data: a member joining on a given day"):
        worker = members.worker_create(
            actor=None, union=union, name=name, id_number=id_number(date(1988, 5, 4), male=not woman), **fields
        )
        return members.membership_join(actor=None, worker=worker, union=union, on=on)


def employer_of_c(world: World, *, headcount: int = 100) -> Employer:
    Division.objects.get_or_create(code=CHENGGUAN, defaults={"name": "城关镇", "level": Division.Level.TOWNSHIP})
    with system_scope("test data: union C's own employer"):
        # unscoped: the test's own row
        return Employer.unscoped.create(
            union=world.union_c,
            name=f"丙公司{MARKER}",
            division_id=CHENGGUAN,
            headcount=headcount,
            union_status=Employer.UnionStatus.OWN,
            own_union=world.union_c,
            founded_on=date(2020, 5, 1),
        )


def correct_cover() -> dict[str, str]:
    """What a form needs typed beside the registers' numbers to read 逻辑正确 (no employer: 903 typed)."""
    return {"901": "33100000001", "903": CHENGGUAN, "0201": "1"}
