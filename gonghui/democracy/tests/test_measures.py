"""The module's measures: which sittings, contracts and delegates each counts, on the period's boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.democracy.measures import CONGRESSES_HELD, CONTRACTS_IN_FORCE, DELEGATES, WAGE_AGREEMENTS_IN_FORCE
from gonghui.democracy.models import CollectiveContract, Congress, Delegate, Session
from gonghui.democracy.tests import factories

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))


def _congress(world: World, *, start: date = date(2023, 1, 1), end: date = date(2027, 12, 31)) -> Congress:
    firm = factories.employer(world)
    with system_scope("test data"):
        return Congress.unscoped.create(  # unscoped: test data
            union=firm.union, employer=firm, name=f"{firm.name}职代会", term_start=start, term_end=end,
            workforce=firm.headcount, form=Congress.Form.DELEGATES, delegates_required=30,
        )  # fmt: skip


def _counted(measure: Any, world: World, period: Period = PERIOD) -> int:
    return int(measures.count(measure, world.alice, [period]).totals[0])


def test_a_sitting_counts_on_the_periods_first_and_last_day_and_only_when_held(world: World) -> None:
    congress = _congress(world)
    with system_scope("test data"):
        for number, (held_on, state) in enumerate(
            (
                (date(2024, 12, 31), "held"),  # the day before
                (date(2025, 1, 1), "held"),  # the first day
                (date(2025, 6, 30), "reported"),  # the last day, since reported
                (date(2025, 7, 1), "held"),  # the day after
                (date(2025, 3, 1), "planned"),  # never held
                (date(2025, 3, 2), "cancelled"),
            ),
            start=1,
        ):
            Session.unscoped.create(  # unscoped: test data
                union=congress.union, congress=congress, number=number, held_on=held_on, state=state
            )
    assert _counted(CONGRESSES_HELD, world) == 2


def _contract(firm: Any, kind: str, state: str, **dates: date) -> CollectiveContract:
    with system_scope("test data"):
        return CollectiveContract.unscoped.create(  # unscoped: test data
            union=firm.union, employer=firm, kind=kind, title=f"{firm.name}{kind}{state}", state=state,
            requested_on=date(2023, 1, 1), **dates,
        )  # fmt: skip


def test_a_contract_is_in_force_on_the_periods_last_day_by_its_dates(world: World, client_for: Any) -> None:
    firm = factories.employer(world)
    filed = {"signed_on": date(2024, 1, 5), "filed_on": date(2024, 1, 10), "term_start": date(2024, 2, 1)}
    # counted: its term ends on the period's last day (it has expired since), and one in force today
    _contract(firm, "comprehensive", "expired", term_end=date(2025, 6, 30), **filed)
    _contract(firm, "comprehensive", "in_force", term_end=date(2099, 12, 31), **filed)
    # not counted: ended the day before; filed the day after (not yet binding on the last day);
    # never signed; a special agreement
    _contract(firm, "comprehensive", "expired", term_end=date(2025, 6, 29), **filed)
    _contract(
        firm, "comprehensive", "in_force", signed_on=date(2025, 6, 25), filed_on=date(2025, 7, 1),
        term_start=date(2025, 7, 1), term_end=date(2028, 6, 30),
    )  # fmt: skip
    _contract(firm, "comprehensive", "negotiating")
    _contract(firm, "women", "in_force", term_end=date(2099, 12, 31), **filed)
    # a wage agreement is counted apart
    _contract(firm, "wage", "expired", term_end=date(2025, 6, 30), **filed)
    assert _counted(CONTRACTS_IN_FORCE, world) == 2
    assert _counted(WAGE_AGREEMENTS_IN_FORCE, world) == 1
    # the drill-down names the same contracts
    assert count_list_rows(client_for(world.alice), CONTRACTS_IN_FORCE.url(PERIOD)) == 2


def test_delegates_count_while_their_term_runs_on_the_periods_last_day(world: World, client_for: Any) -> None:
    running = _congress(world, start=date(2023, 7, 1), end=date(2025, 6, 30))  # ends on the last day
    ended = _congress(world, start=date(2022, 1, 1), end=date(2025, 6, 29))  # the day before
    later = _congress(world, start=date(2025, 7, 1), end=date(2028, 6, 30))  # starts the day after
    with system_scope("test data"):
        for congress, people in ((running, 2), (ended, 1), (later, 1)):
            for worker in factories.workers(congress.employer, people):
                Delegate.unscoped.create(  # unscoped: test data
                    union=congress.union, congress=congress, worker=worker, electoral_unit="一车间"
                )
    assert _counted(DELEGATES, world) == 2
    # the leader opens the list behind the number; township B's staff see none of township A's delegates
    assert count_list_rows(client_for(world.leo), DELEGATES.url(PERIOD)) == 2
    assert count_list_rows(client_for(world.bea), DELEGATES.url(PERIOD)) == 0
    page = client_for(world.leo).get("/democracy/delegates/")
    assert page.status_code == 200
    assert 'data-testid="delegate-table"' in page.content.decode()
