"""Helpers for the module's tests: employers, committees, disputes in the test world."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer
from gonghui.rights.models import Dispute, MediationCommittee
from gonghui.rights.services import committee_create, dispute_create

_numbers = count(1)


def make_employer(union: Union, name: str = "", headcount: int = 300) -> Employer:
    marked = MARKER if union.name.endswith(MARKER) else ""
    with system_scope("test data"):
        return Employer.unscoped.create(  # unscoped: a test employer, written directly
            union=union, name=name or f"测试企业{next(_numbers)}{marked}", headcount=headcount
        )


def make_committee(world: World, *, township_b: bool = False) -> MediationCommittee:
    union = world.union_d if township_b else world.union_c
    marked = "" if township_b else MARKER
    return committee_create(actor=None, union=union, name=f"企业劳动争议调解委员会{marked}", kind="township")


def make_dispute(world: World, *, applied_on: date, township_b: bool = False, **fields: Any) -> Dispute:
    committee = make_committee(world, township_b=township_b)
    fields.setdefault("employer", make_employer(committee.union))
    fields.setdefault("summary", "拖欠工资")
    fields.setdefault("applicants", ["张三"])
    return dispute_create(actor=None, committee=committee, applied_on=applied_on, **fields)
