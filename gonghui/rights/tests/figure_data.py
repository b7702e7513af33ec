"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): warnings and disputes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import time_machine
from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.rights.services import alert_create
from gonghui.rights.tests.factories import make_dispute, make_employer


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """The clock on ``day`` (a step's timeline entry is dated by it)."""
    with time_machine.travel(datetime.combine(day, time(10), tzinfo=timezone.get_default_timezone()), tick=False):
        yield


def paid_dispute(world: World, *, applied_on: date, agreed_on: date, paid_on: date, amount: Decimal, b: bool) -> Any:
    """A dispute settled by an agreement that was fulfilled, ``amount`` paid (the step recorded on ``paid_on``)."""
    with on_day(applied_on):
        dispute = make_dispute(world, applied_on=applied_on, township_b=b, claims=[("wages", amount)])
        transition_perform(actor=None, obj=dispute, name="accept")
    with on_day(agreed_on):
        terms = {"agreed_on": agreed_on, "agreement_terms": "一次付清", "amount_agreed": amount, "perform_by": paid_on}
        transition_perform(actor=None, obj=dispute, name="agree", data=terms)
    with on_day(paid_on):
        transition_perform(actor=None, obj=dispute, name="fulfil", data={"amount_recovered": amount})
    return dispute


def build(world: World) -> dict[str, Any]:
    """Per township: a red and a yellow warning (one reported), an automatic one confirmed, one dismissed,
    a yellow one last year; disputes this year (agreement, agreement fulfilled and paid, no agreement
    handed to arbitration, open) and last year (one open, one whose agreement was paid)."""
    today = timezone.localdate()
    year = today.year
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
            alert_create(
                actor=None, employer=employer, signal="wage_arrears", observed_on=date(year - 1, 8, 3), workers=12
            )
            paid_dispute(
                world,
                applied_on=date(year, 1, 5),
                agreed_on=date(year, 1, 9),
                paid_on=min(date(year, 1, 20), today),
                amount=Decimal("6000") if b else Decimal("4500"),
                b=b,
            )
            paid_dispute(
                world,
                applied_on=date(year - 1, 3, 2),
                agreed_on=date(year - 1, 3, 10),
                paid_on=date(year - 1, 3, 25),
                amount=Decimal("3000"),
                b=b,
            )
            found[key] = red
    return found
