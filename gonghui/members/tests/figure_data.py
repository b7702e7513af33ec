"""Rows for the measure test (core/figures/tests/test_measures.py): memberships in both townships that
the members' measures tell apart.

Township A (union C and the joint union): a woman who joined last year; a migrant worker who joined
today (the last day of a period running to today); a member who joined long ago and left last year;
a member transferred today from union C to the joint union (the old row ends the day the new one
starts: counted once, and not as new); an arrival from a union outside the county (not new); a
migrant woman whose membership is kept (still a member). Township B (union D): a woman who joined
this year, a migrant worker who joined two years ago, a member who joined last year and left today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.models import Membership, Worker
from gonghui.members.tests.factories import id_number

Reason = Membership.Reason
MIGRANT = Worker.Category.MIGRANT


def build(world: World) -> dict[str, Any]:
    """Workers and their memberships in township A and B, joined, transferred, kept and ended."""
    today = timezone.localdate()
    last_year = date(today.year - 1, 6, 1)
    long_ago = date(today.year - 3, 3, 1)  # before the 3-year range the measure test counts over
    two_years_ago = date(today.year - 2, 5, 1)

    def member(union: Any, name: str, on: date, *, woman: bool = False, **fields: Any) -> Membership:
        worker = services.worker_create(
            actor=None, union=union, name=name, id_number=id_number(date(1988, 5, 4), male=not woman), **fields
        )
        return services.membership_join(actor=None, worker=worker, union=union, on=on)

    with system_scope("test data: memberships behind the members' measures"):
        c, joint, d = world.union_c, world.joint_a, world.union_d
        made = {
            "zhao": member(c, f"赵丽{MARKER}", last_year, woman=True),
            "qian": member(c, f"钱军{MARKER}", today, category=MIGRANT),
            "sun": member(c, f"孙强{MARKER}", long_ago),
            "li": member(c, f"李娜{MARKER}", long_ago, woman=True),
            "wu": member(c, f"吴芳{MARKER}", last_year, woman=True, category=MIGRANT),
            "zheng": member(d, "郑红", date(today.year, 1, 1), woman=True),
            "wang": member(d, "王刚", two_years_ago, category=MIGRANT),
            "feng": member(d, "冯伟", last_year),
        }
        services.membership_leave(
            actor=None, membership=made["sun"], on=date(today.year - 1, 7, 1), reason=Reason.PERSONAL
        )
        made["li_joint"] = services.membership_transfer(actor=None, membership=made["li"], to_union=joint, on=today)
        services.membership_keep(
            actor=None, membership=made["wu"], on=date(today.year - 1, 10, 1), reason=Reason.LAID_OFF
        )
        services.membership_leave(actor=None, membership=made["feng"], on=today, reason=Reason.PERSONAL)
        arrival = services.worker_create(
            actor=None, union=joint, name=f"周杰{MARKER}", id_number=id_number(date(1985, 2, 3))
        )
        made["zhou"] = services.membership_join(
            actor=None, worker=arrival, union=joint, on=date(today.year - 1, 9, 1), transfer_in=True
        )
    return made
