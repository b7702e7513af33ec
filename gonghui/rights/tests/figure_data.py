"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): warnings and disputes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.rights.services import alert_create
from gonghui.rights.tests.factories import make_dispute, make_employer


def build(world: World) -> dict[str, Any]:
    """Per township: a red and a yellow warning (one reported), an automatic one confirmed, one dismissed;
    three disputes this year (agreement, no agreement handed to arbitration, open) and one last year."""
    year = timezone.localdate().year
    day = date(year, 1, 6)
    found: dict[str, Any] = {}
    with system_scope("test data: labour relations figures"):
        for key, union, officer in (("a", world.union_c, world.carol), ("b", world.union_d, world.dan)):
            employer = make_employer(union)
            red = alert_create(
                actor=None,
                employer=employer,
                signal="collective_incident",
                incident="petition",
                observed_on=day,
                workers=35,
            )
            alert_create(actor=None, employer=employer, signal="wage_arrears", observed_on=day, workers=12)
            transition_perform(actor=officer, obj=red, name="report")
            auto = alert_create(
                actor=None,
                employer=employer,
                signal="dispatch_over_quota",
                observed_on=day,
                workforce=100,
                dispatched=15,
                automatic=True,
            )
            transition_perform(actor=None, obj=auto, name="confirm")
            gone = alert_create(
                actor=None,
                employer=employer,
                signal="workforce_drop",
                observed_on=day,
                workers=20,
                previous_workers=100,
                workforce=80,
                automatic=True,
            )
            transition_perform(actor=None, obj=gone, name="dismiss", note="季节性用工")
            b = key == "b"
            agreed = make_dispute(world, applied_on=date(year, 1, 5), township_b=b, claims=[("wages", Decimal("9000"))])
            transition_perform(actor=None, obj=agreed, name="accept")
            transition_perform(
                actor=None,
                obj=agreed,
                name="agree",
                data={
                    "agreed_on": date(year, 1, 12),
                    "agreement_terms": "分两期支付",
                    "amount_agreed": Decimal("9000"),
                    "perform_by": None,
                },
            )
            failed = make_dispute(world, applied_on=date(year, 1, 5), township_b=b, knew_on=date(year - 1, 12, 1))
            transition_perform(actor=None, obj=failed, name="accept")
            transition_perform(actor=None, obj=failed, name="fail")
            transition_perform(actor=None, obj=failed, name="hand_over", data={"arbitration_on": date(year, 1, 25)})
            make_dispute(world, applied_on=date(year, 1, 7), township_b=b, workers=12, representatives="甲、乙")
            make_dispute(world, applied_on=date(year - 1, 6, 1), township_b=b)
            found[key] = red
    return found
