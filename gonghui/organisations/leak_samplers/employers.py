"""Leak-walker samplers of the employer and union pages: an employer and a committee seat of union C."""

from __future__ import annotations

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import CommitteeMember, Employer, UnionProfile


@leakwalker.sampler("employer_id")
def _employer(world: World) -> int:
    with system_scope("leak-walker sample data"):
        employer, _ = Employer.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            own_union=world.union_c,
            defaults={
                "union": world.union_c,
                "name": f"丙公司{MARKER}",
                "headcount": 240,
                "union_status": Employer.UnionStatus.OWN,
            },
        )
        UnionProfile.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=world.union_c, defaults={"union_type": UnionProfile.Type.INDEPENDENT, "member_count": 200}
        )
    return employer.pk


@leakwalker.sampler("member_id")
def _member(world: World) -> int:
    with system_scope("leak-walker sample data"):
        member, _ = CommitteeMember.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=world.union_c,
            position=CommitteeMember.Position.CHAIR,
            body=CommitteeMember.Body.COMMITTEE,
            defaults={"name": f"主席{MARKER}"},
        )
    return member.pk
