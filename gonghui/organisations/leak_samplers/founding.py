"""Leak-walker samplers of the founding pages (objects in township A's subtree)."""

from __future__ import annotations

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer, FoundingCase


@leakwalker.sampler("case_id")
def _founding_case(world: World) -> int:
    """An open founding case of township A, for an employer whose name carries the marker."""
    with system_scope("leak-walker sample data"):
        employer, _ = Employer.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            name=f"戊工厂{MARKER}",
            defaults={"union": world.township_a, "headcount": 60, "union_status": Employer.UnionStatus.NONE},
        )
        # unscoped: township A's sample rows for the leak walker
        case = FoundingCase.unscoped.filter(employer=employer).first()
        if case is None:
            case = FoundingCase.unscoped.create(  # unscoped: township A's sample rows for the leak walker
                union=world.township_a, employer=employer, organizer_name=f"筹建人{MARKER}"
            )
    return case.pk
