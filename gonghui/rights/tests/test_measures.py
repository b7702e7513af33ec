"""The module's measures: which disputes, payments and warnings each counts, on the period's boundaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.rights.measures import DISPUTES_MEDIATED, RECOVERED, WARNINGS
from gonghui.rights.services import alert_create
from gonghui.rights.tests.factories import make_employer
from gonghui.rights.tests.figure_data import on_day, paid_dispute

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))


def test_a_dispute_counts_when_its_agreement_is_signed_on_a_day_of_the_period(world: World, client_for: Any) -> None:
    # signed on the day before, the first day, the last day and the day after the period
    for agreed_on in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1)):
        paid_dispute(
            world, applied_on=date(2024, 12, 20), agreed_on=agreed_on, paid_on=agreed_on, amount=Decimal("1"), b=False
        )
    assert measures.count(DISPUTES_MEDIATED, world.alice, [PERIOD]).totals == [2]
    assert count_list_rows(client_for(world.bob), DISPUTES_MEDIATED.url(PERIOD)) == 2
    assert count_list_rows(client_for(world.bea), DISPUTES_MEDIATED.url(PERIOD)) == 0


def test_the_money_recovered_is_dated_by_the_fulfilment_and_summed(world: World) -> None:
    agreed = date(2024, 12, 1)
    for paid_on, amount in (
        (date(2024, 12, 31), Decimal("100")),  # the day before
        (date(2025, 1, 1), Decimal("2000.50")),  # the first day
        (date(2025, 6, 30), Decimal("3000")),  # the last day (township B)
        (date(2025, 7, 1), Decimal("400")),  # the day after
    ):
        b = amount == Decimal("3000")
        paid_dispute(world, applied_on=date(2024, 11, 20), agreed_on=agreed, paid_on=paid_on, amount=amount, b=b)
    counted = measures.count(RECOVERED, world.alice, [PERIOD])
    assert counted.totals == [Decimal("5000.50")]
    assert counted.rows == [2]
    assert sorted(counted.townships.values()) == [[Decimal("2000.50")], [Decimal("3000")]]
    # township A's staff see their own payment only
    assert measures.count(RECOVERED, world.bob, [PERIOD]).totals == [Decimal("2000.50")]


def test_a_warning_counts_by_the_day_observed_unless_dismissed(world: World) -> None:
    employer = make_employer(world.union_c)
    with system_scope("test data"):
        for observed_on in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1)):
            with on_day(observed_on):
                alert_create(actor=None, employer=employer, signal="wage_arrears", observed_on=observed_on, workers=5)
        with on_day(date(2025, 3, 1)):
            unfounded = alert_create(
                actor=None, employer=employer, signal="workforce_drop", observed_on=date(2025, 3, 1),
                workers=20, previous_workers=100, workforce=80, automatic=True,
            )  # fmt: skip
            transition_perform(actor=None, obj=unfounded, name="dismiss", note="季节性用工")
    assert measures.count(WARNINGS, world.alice, [PERIOD]).totals == [2]
    assert WARNINGS.higher_is_better is False
