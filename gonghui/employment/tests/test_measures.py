"""Employment services' measures at their boundaries: placements and job fairs on a period's first and
last day count, the days before and after do not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.employment import services
from gonghui.employment.measures import JOB_FAIRS, PLACED
from gonghui.employment.models import Placement
from gonghui.employment.tests import testdata

pytestmark = pytest.mark.django_db

MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))
AROUND = (date(2025, 2, 28), date(2025, 3, 1), date(2025, 3, 31), date(2025, 4, 1))


def test_placements_on_the_first_and_last_day_count_and_the_days_around_do_not(world: World, client_for: Any) -> None:
    employer = testdata.employer_of(world.union_c, f"丙公司{MARKER}")
    with system_scope("test data"):
        for serial, day in enumerate(AROUND, start=921):
            seeker = testdata.seeker(world.union_c, f"求职{serial}{MARKER}", serial, registered_on=date(2025, 1, 5))
            Placement.unscoped.create(  # unscoped: test data
                union=seeker.union, seeker=seeker, employer=employer, post="焊工", pay=Decimal("4000"), placed_on=day
            )
    assert measures.count(PLACED, world.alice, [MARCH]).totals == [2]
    assert measures.count(PLACED, world.alice, [Period(AROUND[0], AROUND[-1])]).totals == [4]
    assert measures.count(PLACED, world.bob, [MARCH]).townships == {world.township_a.path: [2]}
    assert measures.count(PLACED, world.bea, [MARCH]).totals == [0]
    assert count_list_rows(client_for(world.leo), PLACED.url(MARCH, world.township_a.pk)) == 2


def test_job_fairs_held_on_the_first_and_last_day_count(world: World, client_for: Any) -> None:
    for day, union in zip(AROUND, (world.union_c, world.union_c, world.union_d, world.union_d), strict=True):
        services.fair_create(actor=None, union=union, title=f"招聘会{day}", held_on=day, venue="文化广场")
    counted = measures.count(JOB_FAIRS, world.alice, [MARCH])
    assert counted.totals == [2]
    assert counted.townships == {world.township_a.path: [1], world.township_b.path: [1]}
    assert count_list_rows(client_for(world.leo), JOB_FAIRS.url(MARCH)) == 2
