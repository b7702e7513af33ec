"""Honours's measures at their boundaries: the register at a period's end, care once per model worker,
honours approved on the period's first and last day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.honours.measures import AWARDS, MODEL_WORKERS, MODEL_WORKERS_CARED
from gonghui.honours.models import AwardCampaign, CareRecord, Category, ModelWorker, Nomination
from gonghui.honours.workflows import NominationState

pytestmark = pytest.mark.django_db

MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


def _model_worker(world: World, name: str, year: int) -> ModelWorker:
    with system_scope("test data"):
        return ModelWorker.unscoped.create(  # unscoped: test data
            union=world.union_c, name=name, level="county", honour="县劳动模范", honoured_year=year
        )


def _care(model_worker: ModelWorker, kind: str, on: date) -> None:
    with system_scope("test data"):
        CareRecord.unscoped.create(
            union=model_worker.union, model_worker=model_worker, kind=kind, on=on
        )  # unscoped: test data


def _counted(measure: measures.Measure, user: Any, period: Period) -> int:
    return measures.count(measure, user, [period]).totals[0]


def test_the_register_at_the_end_of_a_period_counts_the_years_honoured_up_to_it(world: World) -> None:
    for year in (2024, 2025, 2026):
        _model_worker(world, f"劳模{year}", year)
    # the register keeps the year of the honour: honoured in 2025 is on it at any day of 2025
    assert _counted(MODEL_WORKERS, world.alice, MARCH) == 2
    assert _counted(MODEL_WORKERS, world.alice, Period(date(2025, 12, 31), date(2025, 12, 31))) == 2
    assert _counted(MODEL_WORKERS, world.alice, Period(date(2024, 1, 1), date(2024, 12, 31))) == 1
    assert _counted(MODEL_WORKERS, world.alice, Period(date(2025, 1, 1), date(2026, 1, 1))) == 3
    # township B's staff see none of township A's register
    assert _counted(MODEL_WORKERS, world.bea, MARCH) == 0


def test_care_counts_each_model_worker_once_within_the_period(world: World, client_for: Any) -> None:
    twice = _model_worker(world, "两次走访", 2020)
    _care(twice, CareRecord.Kind.VISIT, date(2025, 3, 1))  # the first day
    _care(twice, CareRecord.Kind.HEALTH_CHECK, date(2025, 3, 10))
    last_day = _model_worker(world, "末日疗休养", 2020)
    _care(last_day, CareRecord.Kind.REST_STAY, date(2025, 3, 31))  # the last day
    before = _model_worker(world, "前一天体检", 2020)
    _care(before, CareRecord.Kind.HEALTH_CHECK, date(2025, 2, 28))
    after = _model_worker(world, "后一天走访", 2020)
    _care(after, CareRecord.Kind.VISIT, date(2025, 4, 1))
    allowance = _model_worker(world, "只发津贴", 2020)
    _care(allowance, CareRecord.Kind.ALLOWANCE, date(2025, 3, 15))  # money paid, not care given
    assert _counted(MODEL_WORKERS_CARED, world.alice, MARCH) == 2
    assert _counted(MODEL_WORKERS, world.alice, MARCH) == 5
    assert MODEL_WORKERS_CARED.share_of == MODEL_WORKERS.key
    # the leader's drill-down lists the same two
    assert count_list_rows(client_for(world.leo), MODEL_WORKERS_CARED.url(MARCH)) == 2


def test_honours_approved_on_the_first_and_last_day_count_and_the_days_around_do_not(
    world: World, client_for: Any
) -> None:
    with system_scope("test data"):
        campaign = AwardCampaign.unscoped.create(  # unscoped: test data
            union=world.county, title="2025年度评选", year=2025, categories=[Category.MAY_DAY_BANNER]
        )
        for day, state in (
            (date(2025, 2, 28), NominationState.COMMENDED),
            (date(2025, 3, 1), NominationState.COMMENDED),
            (date(2025, 3, 31), NominationState.COMMENDED),
            (date(2025, 4, 1), NominationState.COMMENDED),
            (None, NominationState.NOTICE),
        ):
            Nomination.unscoped.create(  # unscoped: test data
                campaign=campaign,
                union=world.union_c,
                category=Category.MAY_DAY_BANNER,
                name=f"先进集体{day}",
                deeds="事迹",
                state=state,
                commended_on=day,
            )
    assert _counted(AWARDS, world.alice, MARCH) == 2
    assert _counted(AWARDS, world.alice, Period(date(2025, 2, 28), date(2025, 4, 1))) == 4
    assert count_list_rows(client_for(world.leo), AWARDS.url(MARCH)) == 2
    assert count_list_rows(client_for(world.bea), AWARDS.url(MARCH)) == 0
