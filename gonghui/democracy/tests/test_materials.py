"""Materials to the delegates at least 7 days before a sitting, as a real deadline.

企业民主管理规定 and 上海市职工代表大会条例: a sitting whose materials are missing or went out
fewer than 7 calendar days before it is flagged with the numbers and cannot vote until the date is
set and lawful; an upcoming sitting without materials is reminded, due 7 days before it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as
from gonghui.democracy import rules, services
from gonghui.democracy.reminders import MATERIALS, MaterialsReminders
from gonghui.democracy.tests import factories

HELD = date(2025, 9, 20)


def test_materials_exactly_7_days_before_are_lawful_6_are_not() -> None:
    assert rules.materials_problem(date(2025, 9, 13), HELD) is None
    late = rules.materials_problem(date(2025, 9, 14), HELD)
    assert late is not None
    assert "2025-09-14" in late
    assert ", 6 " in late or "6天" in late or " 6 days" in late
    assert "2025-09-13" in late
    assert "2025-09-21" in late  # the earliest lawful day to move the sitting to
    missing = rules.materials_problem(None, HELD)
    assert missing is not None
    assert "2025-09-13" in missing


@pytest.mark.parametrize(("days", "votes"), [(7, True), (6, False), (None, False)])
def test_a_sitting_votes_only_with_materials_7_days_before(world: World, days: int | None, votes: bool) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        session = factories.sitting(congress, present=30, held_on=HELD, materials_days_before=days)
        item = services.item_add(actor=world.bob, session=session, title="工作报告")
        if votes:
            assert services.ballot_record(actor=world.bob, item=item, yes=16, no=14, abstain=0).passed
            return
        with pytest.raises(ValidationError) as refused:
            services.ballot_record(actor=world.bob, item=item, yes=16, no=14, abstain=0)
        assert "2025-09-13" in refused.value.messages[0]
        assert not item.ballots.exists()


def test_setting_a_lawful_materials_date_or_moving_the_sitting_lets_it_vote(world: World) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        session = factories.sitting(congress, present=30, held_on=HELD, materials_days_before=3)
        item = services.item_add(actor=world.bob, session=session, title="工作报告")
        # moved to the earliest lawful day: 7 days after the materials went out (2025-09-17)
        services.session_update(
            actor=world.bob, session=session, held_on=date(2025, 9, 24), materials_sent_on=date(2025, 9, 17)
        )
        assert services.ballot_record(actor=world.bob, item=item, yes=16, no=0, abstain=0).passed


def test_the_sitting_page_flags_late_materials_with_the_numbers_and_offers_no_vote(
    world: World, client_for: Any
) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=30, held_on=HELD, materials_days_before=5)
    with acting_as(world.bob):
        services.item_add(actor=world.bob, session=session, title="工作报告")
    page = client_for(world.bob).get(session.get_absolute_url()).content.decode()
    assert 'data-testid="materials-late"' in page
    assert 'data-testid="materials-problem"' in page
    assert "2025-09-15" in page
    assert "2025-09-13" in page
    assert 'data-testid="vote-1"' not in page


def test_the_sitting_page_offers_the_vote_when_the_materials_are_lawful(world: World, client_for: Any) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=30, held_on=HELD, materials_days_before=7)
    with acting_as(world.bob):
        services.item_add(actor=world.bob, session=session, title="工作报告")
    page = client_for(world.bob).get(session.get_absolute_url()).content.decode()
    assert 'data-testid="materials-problem"' not in page
    assert 'data-testid="vote-1"' in page


def test_an_upcoming_sitting_without_materials_is_reminded_due_7_days_before(world: World) -> None:
    today = date(2025, 9, 10)
    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        due_later = services.session_create(actor=world.bob, congress=congress, held_on=date(2025, 9, 30))
        overdue = services.session_create(actor=world.bob, congress=congress, held_on=date(2025, 9, 15))
        services.session_create(
            actor=world.bob, congress=congress, held_on=date(2025, 9, 25), materials_sent_on=date(2025, 9, 9)
        )
        services.session_create(actor=world.bob, congress=congress, held_on=date(2025, 9, 9))  # past: not upcoming
        provider = MaterialsReminders()
        [group] = provider.groups(world.bob, today)
        assert (group.count, group.overdue, group.first_due) == (2, 1, date(2025, 9, 8))
        reminders = provider.page(world.bob, MATERIALS, 0, 10, today)
    assert [(r.url, r.due_on, r.overdue) for r in reminders] == [
        (overdue.get_absolute_url(), date(2025, 9, 8), True),
        (due_later.get_absolute_url(), date(2025, 9, 23), False),
    ]
    with acting_as(world.bea):
        assert MaterialsReminders().groups(world.bea, today) == []
