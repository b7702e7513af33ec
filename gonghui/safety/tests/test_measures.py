"""The module's measures: which hazards each counts, on the period's boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.safety.measures import HAZARDS_FIXED, HAZARDS_FIXED_ON_TIME, HAZARDS_FOUND, HAZARDS_OVERDUE
from gonghui.safety.models import Hazard
from gonghui.safety.rules import OVERDUE
from gonghui.safety.tests.figure_data import past_hazard
from gonghui.safety.tests.helpers import employer_c, employer_d
from gonghui.safety.workflows import timeliness_q

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))


def _counted(measure: Any, world: World, period: Period = PERIOD) -> int:
    return int(measures.count(measure, world.alice, [period]).totals[0])


def test_a_hazard_counts_as_fixed_on_the_day_it_is_closed_and_on_time_by_its_report(
    world: World, client_for: Any
) -> None:
    c, d = employer_c(world), employer_d(world)
    # A notice of 20 days issued on 2 December 2024 is due on 23 December 2024 (the 22nd is a Sunday).
    found = date(2024, 12, 2)
    on_time, late = date(2024, 12, 20), date(2024, 12, 27)
    past_hazard(c, found, 20, reported=on_time, closed=date(2024, 12, 31))  # closed the day before
    first = past_hazard(c, found, 20, reported=on_time, closed=date(2025, 1, 1))  # the first day, on time
    last = past_hazard(d, found, 20, reported=late, closed=date(2025, 6, 30))  # the last day, late
    past_hazard(c, found, 20, reported=on_time, closed=date(2025, 7, 1))  # the day after
    past_hazard(c, found, 20, reported=on_time)  # reported fixed, not yet re-inspected
    assert first.due_on == date(2024, 12, 23)
    assert last.rectified_on > last.due_on
    assert _counted(HAZARDS_FIXED, world) == 2
    assert _counted(HAZARDS_FIXED_ON_TIME, world) == 1
    assert HAZARDS_FIXED_ON_TIME.share_of == HAZARDS_FIXED.key
    assert _counted(HAZARDS_FOUND, world) == 0
    assert _counted(HAZARDS_FOUND, world, Period(found, found)) == 5
    # the leader opens the hazards behind the number; township A's staff see their own only
    assert count_list_rows(client_for(world.leo), HAZARDS_FIXED.url(PERIOD)) == 2
    assert count_list_rows(client_for(world.bob), HAZARDS_FIXED.url(PERIOD)) == 1


def test_a_hazard_is_overdue_on_the_periods_last_day_from_the_day_after_its_due_day(world: World) -> None:
    c = employer_c(world)
    # Notices of 10 days issued on 2 June 2025 (a Monday): due on 12 June 2025.
    issued = date(2025, 6, 2)
    assert past_hazard(c, issued, 10).due_on == date(2025, 6, 12)  # never reported fixed
    past_hazard(c, issued, 10, reported=date(2025, 6, 13))
    past_hazard(c, issued, 10, reported=date(2025, 6, 14), closed=date(2025, 6, 20))
    # on its due day nothing is overdue yet
    assert _counted(HAZARDS_OVERDUE, world, Period(date(2025, 1, 1), date(2025, 6, 12))) == 0
    # the day after: overdue unless reported fixed on that day
    assert _counted(HAZARDS_OVERDUE, world, Period(date(2025, 1, 1), date(2025, 6, 13))) == 2
    # the next day: the one reported then is no longer overdue (it has been closed since)
    assert _counted(HAZARDS_OVERDUE, world, Period(date(2025, 6, 1), date(2025, 6, 14))) == 1
    # today: the one never reported fixed, as the list's "overdue" filter says
    today = Period(date(2025, 1, 1), timezone.localdate())
    assert _counted(HAZARDS_OVERDUE, world, today) == 1
    with system_scope("the test compares the module's own rule"):
        assert Hazard.unscoped.filter(timeliness_q(OVERDUE, timezone.localdate())).count() == 1  # unscoped: check
