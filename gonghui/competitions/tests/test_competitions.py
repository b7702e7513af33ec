"""Competitions at their boundaries: organisers, scores, advancing, rankings with ties, scoping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.competitions import rules, selectors, services
from gonghui.competitions.models import Competition
from gonghui.competitions.tests.helpers import employer_c, employer_d, worker_of
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import acting_as


def _contest(world: World, actor: Any = None) -> Competition:
    return services.competition_create(
        actor=actor,
        union=world.township_a,
        name=f"焊工技能比武{MARKER}",
        kind=Competition.Kind.SKILLS,
        starts_on=date(2025, 4, 1),
        ends_on=date(2025, 5, 31),
    )


def _entries(world: World, competition: Competition, names: list[str]) -> list[Any]:
    return [
        services.participant_add(
            actor=world.bob, competition=competition, worker=worker_of(world, employer_c(world), n)
        )
        for n in names
    ]


def test_ties_share_a_place_and_skip_the_next() -> None:
    placed = rules.rank([("甲", Decimal("90")), ("乙", Decimal("95")), ("丙", Decimal("95")), ("丁", Decimal("80"))])
    assert [(p.participant, p.place, p.tied) for p in placed] == [
        ("丙", 1, True),
        ("乙", 1, True),
        ("甲", 3, False),
        ("丁", 4, False),
    ]
    assert [p.place for p in rules.rank([("a", Decimal("1")), ("b", Decimal("2")), ("c", Decimal("2"))])] == [1, 1, 3]


def test_the_ranking_of_a_stage_with_a_tie(world: World) -> None:
    # given four contestants scored in the preliminary, two of them on the same score
    competition = _contest(world, world.bob)
    a, b, c, d = _entries(world, competition, ["赵一", "钱二", "孙三", "李四"])
    stage = services.stage_add(actor=world.bob, competition=competition, name="初赛")
    services.scores_record(
        actor=world.bob,
        stage=stage,
        points={a.pk: Decimal("88.50"), b.pk: Decimal("95"), c.pk: Decimal("88.5"), d.pk: Decimal("70")},
    )
    # then the tied two share second place and the next is fourth
    ranking = selectors.ranking_of_stage(world.bob, stage)
    assert [line.place for line in ranking] == [1, 2, 2, 4]
    assert [line.participant.pk for line in ranking][0::3] == [b.pk, d.pk]
    assert {line.participant.pk for line in ranking[1:3]} == {a.pk, c.pk}
    assert all(line.tied for line in ranking[1:3])
    assert not ranking[0].tied
    final_stage, final = selectors.final_ranking(world.bob, competition)
    assert final_stage == stage
    assert [line.place for line in final] == [1, 2, 2, 4]


def test_only_those_who_advanced_are_scored_in_the_final_and_a_tie_on_the_cut_takes_both(world: World) -> None:
    competition = _contest(world, world.bob)
    a, b, c, d = _entries(world, competition, ["赵一", "钱二", "孙三", "李四"])
    preliminary = services.stage_add(actor=world.bob, competition=competition, name="初赛")
    services.scores_record(
        actor=world.bob,
        stage=preliminary,
        points={a.pk: Decimal("90"), b.pk: Decimal("85"), c.pk: Decimal("85"), d.pk: Decimal("60")},
    )
    final = services.stage_add(actor=world.bob, competition=competition, name="决赛", advancing=2)
    # second place is shared: both advance; fourth does not
    with acting_as(world.bob):
        assert services.eligible_ids(final) == {a.pk, b.pk, c.pk}
    with pytest.raises(ValidationError) as refused:
        services.scores_record(actor=world.bob, stage=final, points={d.pk: Decimal("99")})
    assert len(refused.value.messages) == 1
    assert d.display_name in refused.value.messages[0]
    assert services.scores_record(actor=world.bob, stage=final, points={c.pk: Decimal("99")}) == 1


@pytest.mark.parametrize(
    ("points", "ok"),
    [("0", True), ("100", True), ("100.00", True), ("100.01", False), ("-0.01", False), ("99.999", False)],
)
def test_a_score_lies_between_0_and_the_highest_with_two_decimals(world: World, points: str, ok: bool) -> None:
    competition = _contest(world, world.bob)
    (a,) = _entries(world, competition, ["赵一"])
    stage = services.stage_add(actor=world.bob, competition=competition, name="初赛", max_score=Decimal("100"))
    if ok:
        services.scores_record(actor=world.bob, stage=stage, points={a.pk: Decimal(points)})
    else:
        with pytest.raises(ValidationError):
            services.scores_record(actor=world.bob, stage=stage, points={a.pk: Decimal(points)})
        assert selectors.ranking_of_stage(world.bob, stage) == []  # nothing written


def test_one_bad_score_writes_none_of_the_sheet(world: World) -> None:
    competition = _contest(world, world.bob)
    a, b = _entries(world, competition, ["赵一", "钱二"])
    stage = services.stage_add(actor=world.bob, competition=competition, name="初赛")
    with pytest.raises(ValidationError):
        services.scores_record(actor=world.bob, stage=stage, points={a.pk: Decimal("80"), b.pk: Decimal("101")})
    assert selectors.ranking_of_stage(world.bob, stage) == []


def test_only_federations_organise_and_the_period_is_in_order(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.competition_create(
            actor=world.alice,
            union=world.union_c,
            name="基层比武",
            kind=Competition.Kind.SKILLS,
            starts_on=date(2025, 4, 1),
            ends_on=date(2025, 5, 1),
        )
    assert "union" in refused.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        services.competition_create(
            actor=world.bob,
            union=world.township_a,
            name="倒序",
            kind=Competition.Kind.SKILLS,
            starts_on=date(2025, 4, 1),
            ends_on=date(2025, 3, 1),
        )
    assert "ends_on" in backwards.value.message_dict


def test_a_worker_is_entered_once_and_only_from_the_organisers_subtree(world: World) -> None:
    competition = _contest(world, world.bob)
    worker = worker_of(world, employer_c(world), "赵一")
    services.participant_add(actor=world.bob, competition=competition, worker=worker)
    with pytest.raises(ValidationError):
        services.participant_add(actor=world.bob, competition=competition, worker=worker)
    # township B's worker: not seen by Bob (404), and outside township A's tree for the command line
    outsider = worker_of(world, employer_d(world), "李四")
    with pytest.raises(Http404):
        services.participant_add(actor=world.bob, competition=competition, worker=outsider)
    with pytest.raises(ValidationError):
        services.participant_add(actor=None, competition=competition, worker=outsider)


def test_another_township_gets_404_and_empty_lists(world: World, client_for: Any) -> None:
    competition = _contest(world, world.bob)
    (a,) = _entries(world, competition, ["赵一"])
    stage = services.stage_add(actor=world.bob, competition=competition, name="初赛")
    bea = client_for(world.bea)
    assert bea.get(competition.get_absolute_url()).status_code == 404
    assert bea.get(stage.get_absolute_url()).status_code == 404
    assert bea.get(f"/competitions/{competition.pk}/ranking.pdf").status_code == 404
    assert MARKER not in bea.get("/competitions/").content.decode()
    assert MARKER not in bea.get("/competitions/participants/").content.decode()
    with pytest.raises(Http404):
        services.scores_record(actor=world.bea, stage=stage, points={a.pk: Decimal("1")})
