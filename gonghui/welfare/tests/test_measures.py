"""The welfare measure: payouts dated on a period's first and last day count, the day before and after
do not; the yuan are the payouts' sum, by the paying union's township, equal to the list's rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.figures import measures as core_measures
from gonghui.core.figures.periods import Period, calendar_year
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import World
from gonghui.welfare import measures
from gonghui.welfare.models import Form, Item
from gonghui.welfare.services import payout_create
from gonghui.welfare.tests import figure_data
from gonghui.welfare.tests.helpers import member, use_caps

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
PERIOD = Period(date(YEAR - 1, 3, 1), date(YEAR - 1, 8, 31))


def test_payouts_on_the_first_and_last_day_count_the_day_before_and_after_do_not(world: World, client_for: Any) -> None:
    use_caps("AH-2018")
    worker = member(world, joined=date(YEAR - 2, 1, 2))
    days = (PERIOD.start - timedelta(days=1), PERIOD.start, PERIOD.end, PERIOD.end + timedelta(days=1))
    for day, amount in zip(days, ("100", "200", "300", "50"), strict=True):
        payout_create(
            actor=None,
            union=world.union_c,
            worker=worker,
            item=Item.BIRTHDAY,
            form=Form.GOODS,
            amount=Decimal(amount),
            paid_on=day,
        )
    counted = core_measures.count(measures.PAYOUTS, world.alice, [PERIOD])
    assert counted.rows == [2]
    assert counted.totals == [Decimal("500.00")]
    assert counted.townships == {world.township_a.path: [Decimal("500.00")]}
    assert count_list_rows(client_for(world.alice), measures.PAYOUTS.url(PERIOD)) == 2
    assert core_measures.count(measures.PAYOUTS, world.bea, [PERIOD]).totals == [0]


def test_the_figure_data_pays_in_both_townships_this_year_and_last(world: World) -> None:
    figure_data.build(world)
    counted = core_measures.count(measures.PAYOUTS, world.leo, [calendar_year(YEAR), calendar_year(YEAR - 1)])
    assert counted.totals == [Decimal("1600.00"), Decimal("800.00")]
    assert counted.townships[world.township_a.path] == [Decimal("800.00"), Decimal("200.00")]
    assert counted.townships[world.township_b.path] == [Decimal("800.00"), Decimal("600.00")]
