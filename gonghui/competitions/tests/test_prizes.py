"""Prize money through a batch: made by one person, approved by another, paid; the pages that show it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.competitions import services
from gonghui.competitions.models import Competition, PrizeBatch
from gonghui.competitions.tests.helpers import employer_c, worker_of
from gonghui.competitions.workflows import BatchState, PrizeBatchFlow
from gonghui.core.documents.testing import flat, pdf_text
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import acting_as
from gonghui.core.workflow.services import transition_perform


def _scored(world: World) -> tuple[Competition, list[Any]]:
    competition = services.competition_create(
        actor=world.bob,
        union=world.township_a,
        name=f"焊工技能比武{MARKER}",
        kind=Competition.Kind.SKILLS,
        starts_on=date(2025, 4, 1),
        ends_on=date(2025, 5, 31),
    )
    entries = [
        services.participant_add(
            actor=world.bob, competition=competition, worker=worker_of(world, employer_c(world), n)
        )
        for n in ("赵一", "钱二")
    ]
    stage = services.stage_add(actor=world.bob, competition=competition, name="决赛")
    services.scores_record(
        actor=world.bob, stage=stage, points={entries[0].pk: Decimal("96"), entries[1].pk: Decimal("90")}
    )
    return competition, entries


def test_the_maker_cannot_approve_a_second_person_can(world: World) -> None:
    # given Bob's batch of two prizes, submitted
    competition, (first, second) = _scored(world)
    prize = services.prize_add(
        actor=world.bob, competition=competition, participant=first, title="一等奖", amount=Decimal("3000")
    )
    services.prize_add(
        actor=world.bob, competition=competition, participant=second, title="二等奖", amount=Decimal("1500")
    )
    batch = prize.batch
    with acting_as(world.bob):
        assert batch.made_by == world.bob
        assert services.batch_total(batch) == Decimal("4500.00")
    transition_perform(actor=world.bob, obj=batch, name="submit")
    # when Bob tries to approve it himself, he is refused
    with pytest.raises(ValidationError) as refused:
        transition_perform(actor=world.bob, obj=batch, name="approve")
    approve = next(t for t in PrizeBatchFlow.transitions if t.name == "approve")
    assert refused.value.messages == [str(approve.guard_message)]
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED
    # then Alice (county) approves and pays it
    transition_perform(actor=world.alice, obj=batch, name="approve")
    transition_perform(actor=world.alice, obj=batch, name="pay", data={"paid_on": date(2025, 6, 3)})
    batch.refresh_from_db()
    assert (batch.state, batch.approved_by, batch.paid_on) == (BatchState.PAID, world.alice, date(2025, 6, 3))


def test_an_empty_batch_is_not_submitted_and_a_participant_has_one_prize(world: World) -> None:
    competition, (first, _second) = _scored(world)
    services.prize_add(actor=world.bob, competition=competition, participant=first, title="一等奖", amount=Decimal("1"))
    with pytest.raises(ValidationError):
        services.prize_add(
            actor=world.bob, competition=competition, participant=first, title="再奖", amount=Decimal("1")
        )
    with acting_as(world.bob):
        empty = PrizeBatch.objects.create(
            union=world.township_a, competition=competition, title="空批次", made_by=world.bob
        )
        with pytest.raises(ValidationError):
            services.prize_batch_validate(actor=world.bob, batch=empty)


def test_the_pages_enter_scores_show_the_ranking_and_print_it(world: World, client_for: Any, tmp_path: Any) -> None:
    competition, (first, second) = _scored(world)
    client = client_for(world.bob)
    page = client.get(competition.get_absolute_url()).content.decode()
    assert 'data-testid="ranking"' in page
    assert first.display_name in page
    with acting_as(world.bob):
        stage = competition.stages.get()
    # a score over the highest is refused with a message, and nothing changes
    bad = client.post(stage.get_absolute_url(), {f"points-{first.pk}": "101", f"points-{second.pk}": "90"})
    assert bad.status_code == 200  # the sheet again, with the refusal
    assert "0" in bad.content.decode()
    assert 'data-testid="score-errors"' in bad.content.decode()
    good = client.post(stage.get_absolute_url(), {f"points-{first.pk}": "90", f"points-{second.pk}": "90"})
    assert good.status_code == 302
    page = client.get(stage.get_absolute_url()).content.decode()
    assert page.count('data-place="1"') == 2  # a tie: both first
    pdf = client.get(f"/competitions/{competition.pk}/ranking.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = flat(pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content, tmp_path))
    assert f"焊工技能比武{MARKER}" in text
    assert first.display_name in text
    assert "1=" in text  # the tie, marked
    xlsx = client.get(f"/competitions/{competition.pk}/results.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
