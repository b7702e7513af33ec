"""Leak-walker samplers: township A's warnings, committees, members and disputes (marked)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer
from gonghui.rights.models import Alert, CommitteeSeat, Dispute, MediationCommittee
from gonghui.rights.services import alert_create, committee_create, dispute_create, seat_add


def _employer(world: World) -> Employer:
    employer, _ = Employer.unscoped.get_or_create(  # unscoped: township A's sample employer for the leak walker
        union=world.union_c, name=f"丙公司维权样例{MARKER}", defaults={"headcount": 200}
    )
    return employer


def _committee(world: World) -> MediationCommittee:
    # unscoped: township A sample committee for the leak walker
    found = MediationCommittee.unscoped.filter(name=f"丙公司调解委员会{MARKER}").first()
    return found or committee_create(
        actor=None, union=world.union_c, name=f"丙公司调解委员会{MARKER}", kind="employer", employer=_employer(world)
    )


@leakwalker.sampler("alert_id")
def _alert(world: World) -> int:
    with system_scope("leak-walker sample data"):
        found = Alert.unscoped.filter(description=f"样例{MARKER}").first()  # unscoped: township A sample row
        if found is None:
            found = alert_create(
                actor=None,
                employer=_employer(world),
                signal="wage_arrears",
                observed_on=date(2026, 1, 5),
                workers=12,
                amount=80000,
                months=2,
                description=f"样例{MARKER}",
            )
    return found.pk


@leakwalker.sampler("committee_id")
def _committee_id(world: World) -> int:
    with system_scope("leak-walker sample data"):
        return _committee(world).pk


@leakwalker.sampler("seat_id")
def _seat(world: World) -> int:
    with system_scope("leak-walker sample data"):
        committee = _committee(world)
        found = CommitteeSeat.unscoped.filter(committee=committee).first()  # unscoped: township A sample row
        return (found or seat_add(actor=None, committee=committee, name=f"调解员{MARKER}", side="worker")).pk


@leakwalker.sampler("dispute_id")
def _dispute(world: World) -> int:
    with system_scope("leak-walker sample data"):
        found = Dispute.unscoped.filter(summary=f"拖欠工资{MARKER}").first()  # unscoped: township A sample row
        if found is None:
            found = dispute_create(
                actor=None,
                committee=_committee(world),
                employer=_employer(world),
                applied_on=date(2026, 1, 5),
                summary=f"拖欠工资{MARKER}",
                applicants=[f"申请人{MARKER}"],
                claims=[("wages", Decimal("5000"))],
                knew_on=date(2025, 12, 1),
            )
    return found.pk
