"""Competitions and innovation's measures at their boundaries: a competition runs in a period when its
days overlap it; an innovation submitted on the period's first or last day counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gonghui.competitions.measures import CONTESTS, INNOVATIONS
from gonghui.competitions.models import Competition, Innovation
from gonghui.competitions.tests.helpers import employer_c, employer_d
from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db

MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


def test_a_competition_runs_in_a_period_when_one_of_its_days_falls_in_it(world: World, client_for: Any) -> None:
    spans = {
        "ends the day before": (date(2025, 1, 1), date(2025, 2, 28)),
        "ends on the first day": (date(2025, 1, 1), date(2025, 3, 1)),
        "starts on the last day": (date(2025, 3, 31), date(2025, 6, 30)),
        "starts the day after": (date(2025, 4, 1), date(2025, 6, 30)),
        "spans the period": (date(2024, 10, 1), date(2025, 12, 31)),
        "one day inside": (date(2025, 3, 15), date(2025, 3, 15)),
    }
    with system_scope("test data"):
        for name, (starts, ends) in spans.items():
            Competition.unscoped.create(  # unscoped: test data
                union=world.township_a,
                name=f"{name}{MARKER}",
                kind=Competition.Kind.SKILLS,
                starts_on=starts,
                ends_on=ends,
            )
    counted = measures.count(CONTESTS, world.alice, [MARCH, Period(date(2025, 3, 1), date(2025, 3, 1))])
    assert counted.totals == [4, 2]  # on 1 March: the one ending that day and the one spanning it
    assert counted.townships == {world.township_a.path: [4, 2]}
    client = client_for(world.leo)
    assert count_list_rows(client, CONTESTS.url(MARCH)) == 4
    assert count_list_rows(client_for(world.bea), CONTESTS.url(MARCH)) == 0


def test_innovations_submitted_on_the_first_and_last_day_count_and_the_days_around_do_not(
    world: World, client_for: Any
) -> None:
    with system_scope("test data"):
        for day, employer in (
            (date(2025, 2, 28), employer_c(world)),
            (date(2025, 3, 1), employer_c(world)),
            (date(2025, 3, 31), employer_d(world)),
            (date(2025, 4, 1), employer_d(world)),
        ):
            Innovation.unscoped.create(  # unscoped: test data
                union=employer.union,
                employer=employer,
                kind=Innovation.Kind.PROPOSAL,
                title=f"建议{day}",
                team_name="班组",
                submitted_on=day,
            )
    counted = measures.count(INNOVATIONS, world.alice, [MARCH])
    assert counted.totals == [2]
    assert counted.townships == {world.township_a.path: [1], world.township_b.path: [1]}
    assert count_list_rows(client_for(world.leo), INNOVATIONS.url(MARCH, world.township_b.pk)) == 1
    assert measures.count(INNOVATIONS, world.bob, [MARCH]).totals == [1]
