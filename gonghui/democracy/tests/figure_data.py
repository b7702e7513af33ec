"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): congresses and contracts.

Township A: an employer whose congress sat this year and last year (a sitting cancelled this year)
and has three delegates, and whose wage agreement is filed (binding); one that held no sitting and
has a contract still being negotiated and one that expired at the end of last year; one whose
contract was filed late. Township B: an employer with a binding comprehensive contract, a wage
agreement signed this year, and a congress whose term (two delegates, a sitting last year) ended
with last year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.democracy.models import CollectiveContract, Congress, Delegate, Session
from gonghui.democracy.tests import factories


def build(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    term_end = date(today.year + 2, 12, 31)
    sat = factories.employer(world, headcount=150)
    idle = factories.employer(world, headcount=60)
    late = factories.employer(world, headcount=300)
    other = factories.employer(world, township="b", headcount=120)
    with system_scope("test data: congresses and contracts behind the figures"):
        congress = Congress.unscoped.create(  # unscoped: test data
            union=sat.union, employer=sat, name="甲职代会", term_start=date(today.year - 1, 1, 1), term_end=term_end,
            workforce=150, form=Congress.Form.DELEGATES, delegates_required=30, last_sitting_on=today,
        )  # fmt: skip
        Session.unscoped.create(  # unscoped: test data
            union=sat.union, congress=congress, number=1, held_on=today, state="held", members_total=30, present=25
        )
        Session.unscoped.create(  # unscoped: test data
            union=sat.union, congress=congress, number=2, held_on=date(today.year - 1, 4, 20), state="reported",
            members_total=30, present=28,
        )  # fmt: skip
        Session.unscoped.create(  # unscoped: test data
            union=sat.union, congress=congress, number=3, held_on=date(today.year, 1, 2), state="cancelled"
        )
        past = Congress.unscoped.create(  # unscoped: test data
            union=other.union, employer=other, name="丁职代会", term_start=date(today.year - 4, 1, 1),
            term_end=date(today.year - 1, 12, 31), workforce=120, form=Congress.Form.DELEGATES, delegates_required=30,
        )  # fmt: skip
        Session.unscoped.create(  # unscoped: test data
            union=other.union, congress=past, number=1, held_on=date(today.year - 1, 5, 10), state="held",
            members_total=30, present=27,
        )  # fmt: skip
        for term, people in ((congress, factories.workers(sat, 3)), (past, factories.workers(other, 2))):
            for worker in people:
                Delegate.unscoped.create(  # unscoped: test data
                    union=term.union, congress=term, worker=worker, electoral_unit="一车间"
                )
        Congress.unscoped.create(  # unscoped: test data
            union=idle.union, employer=idle, name="乙职工大会", term_start=date(today.year - 1, 1, 1),
            term_end=term_end, workforce=60, form=Congress.Form.ASSEMBLY,
        )  # fmt: skip

        def contract(employer: Any, kind: str, state: str, **fields: Any) -> CollectiveContract:
            return CollectiveContract.unscoped.create(  # unscoped: test data
                union=employer.union, employer=employer, kind=kind, title=f"{employer.name}{kind}", state=state,
                requested_on=date(today.year - 1, 3, 1), covered_workers=employer.headcount, **fields,
            )  # fmt: skip

        binding = {
            "signed_on": date(today.year - 1, 6, 1),
            "term_start": date(today.year - 1, 6, 1),
            "term_end": term_end,
        }
        rows = {
            "wage": contract(sat, "wage", "in_force", wage_rise_percent=5, **binding),
            "draft": contract(idle, "comprehensive", "negotiating"),
            "late": contract(
                late, "comprehensive", "filed", filed_late=True, filing_due=date(today.year - 1, 6, 11), **binding
            ),
            "b": contract(other, "comprehensive", "in_force", **binding),
            "expired": contract(
                idle,
                "comprehensive",
                "expired",
                signed_on=date(today.year - 3, 12, 1),
                filed_on=date(today.year - 3, 12, 8),
                term_start=date(today.year - 2, 1, 1),
                term_end=date(today.year - 1, 12, 31),
            ),
            "b_wage": contract(
                other,
                "wage",
                "in_force",
                signed_on=date(today.year, 1, 2),
                filed_on=date(today.year, 1, 5),
                term_start=date(today.year, 1, 1),
                term_end=term_end,
            ),
        }
    return {"employers": [sat, idle, late, other], "contracts": rows}
