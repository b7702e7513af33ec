"""Skills training's measure at its boundaries: enrolments completed on a period's first and last day count."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.training.measures import TRAINED
from gonghui.training.models import Enrolment
from gonghui.training.tests.helpers import course, worker

pytestmark = pytest.mark.django_db

MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


def test_enrolments_completed_on_the_first_and_last_day_count_and_the_days_around_do_not(
    world: World, client_for: Any
) -> None:
    made = course(world.union_c, starts_on=date(2025, 2, 1), ends_on=date(2025, 4, 30))
    rows = (
        (date(2025, 2, 28), Enrolment.State.COMPLETED),
        (date(2025, 3, 1), Enrolment.State.COMPLETED),
        (date(2025, 3, 31), Enrolment.State.COMPLETED),
        (date(2025, 4, 1), Enrolment.State.COMPLETED),
        (None, Enrolment.State.NOT_COMPLETED),
        (None, Enrolment.State.ENROLLED),
    )
    with system_scope("test data"):
        for serial, (day, state) in enumerate(rows, start=301):
            Enrolment.unscoped.create(  # unscoped: test data
                union=made.union,
                course=made,
                worker=worker(world.union_c, f"学员{serial}", serial),
                enrolled_on=date(2025, 1, 20),
                state=state,
                completed_on=day,
            )
    assert measures.count(TRAINED, world.alice, [MARCH]).totals == [2]
    assert measures.count(TRAINED, world.alice, [Period(date(2025, 2, 28), date(2025, 4, 1))]).totals == [4]
    counted = measures.count(TRAINED, world.leo, [MARCH])
    assert counted.townships == {world.township_a.path: [2]}
    assert count_list_rows(client_for(world.leo), TRAINED.url(MARCH, world.township_a.pk)) == 2
    assert measures.count(TRAINED, world.bea, [MARCH]).totals == [0]
