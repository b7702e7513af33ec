"""Congress terms, delegates, sittings and votes through the services: the rules at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as
from gonghui.democracy import selectors, services
from gonghui.democracy.models import Congress
from gonghui.democracy.tests import factories


def _checks(congress: Congress) -> dict[str, bool]:
    delegates = list(congress.delegates.all())
    return {
        c.key: c.met
        for c in selectors.congress_checks(congress, selectors.composition(delegates), today=date(2025, 6, 1))
    }


def test_a_congress_of_180_workers_needs_30_delegates(world: World) -> None:
    congress = factories.congress_with_delegates(world, delegates=29)
    assert congress.form == Congress.Form.DELEGATES
    assert congress.delegates_required == 30
    with acting_as(world.bob):
        assert _checks(congress)["delegates"] is False
        worker = factories.workers(congress.employer, 1)[0]
        services.delegate_add(actor=world.bob, congress=congress, worker=worker, electoral_unit="质检科")
        assert _checks(congress)["delegates"] is True


@pytest.mark.parametrize(("managers", "met"), [(6, True), (7, False)])
def test_managers_at_most_20_percent_of_the_delegates(world: World, managers: int, met: bool) -> None:
    congress = factories.congress_with_delegates(world, delegates=30, managers=managers)
    with acting_as(world.bob):
        assert _checks(congress)["managers"] is met


def test_under_100_workers_a_general_assembly_without_delegates(world: World) -> None:
    firm = factories.employer(world, headcount=99)
    congress = services.congress_create(
        actor=world.bob, employer=firm, term_start=date(2024, 1, 1), term_end=date(2027, 1, 1)
    )
    assert congress.form == Congress.Form.ASSEMBLY
    assert congress.delegates_required is None
    worker = factories.workers(firm, 1)[0]
    with pytest.raises(ValidationError):
        services.delegate_add(actor=world.bob, congress=congress, worker=worker, electoral_unit="一车间")


def test_a_term_outside_3_to_5_years_is_refused(world: World) -> None:
    firm = factories.employer(world)
    with pytest.raises(ValidationError) as refused:
        services.congress_create(
            actor=world.bob, employer=firm, term_start=date(2024, 1, 1), term_end=date(2026, 12, 30)
        )
    assert "term_end" in refused.value.message_dict


def test_a_worker_of_another_employer_is_not_a_delegate(world: World) -> None:
    congress = factories.congress_with_delegates(world, delegates=0)
    other = factories.employer(world)
    stranger = factories.workers(other, 1)[0]
    with pytest.raises(ValidationError):
        services.delegate_add(actor=world.bob, congress=congress, worker=stranger, electoral_unit="一车间")


def test_quorum_at_exactly_two_thirds_may_vote_one_fewer_may_not(world: World) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        short = factories.sitting(congress, present=19)
        item = services.item_add(actor=world.bob, session=short, title="工资专项集体合同草案")
        assert not short.quorum
        with pytest.raises(ValidationError) as refused:
            services.ballot_record(actor=world.bob, item=item, yes=19, no=0, abstain=0)
        assert "19" in refused.value.messages[0]
        assert "20" in refused.value.messages[0]
        enough = factories.sitting(congress, present=20, held_on=date(2025, 6, 20))
        assert enough.quorum
        item = services.item_add(actor=world.bob, session=enough, title="工资专项集体合同草案")
        assert services.ballot_record(actor=world.bob, item=item, yes=20, no=0, abstain=0).passed


def test_a_majority_of_those_present_but_not_of_all_delegates_fails(world: World) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        session = factories.sitting(congress, present=24)
        item = services.item_add(actor=world.bob, session=session, title="工资专项集体合同草案")
        # 15 of 24 present is a clear majority of those present, but exactly half of all 30: it fails
        first = services.ballot_record(actor=world.bob, item=item, yes=15, no=9, abstain=0)
        assert not first.passed
        item.refresh_from_db()
        assert not item.passed
        # a second vote: 16 yes is more than half of all 30 delegates
        second = services.ballot_record(actor=world.bob, item=item, yes=16, no=8, abstain=0)
        assert second.passed
        assert second.round == 2
        item.refresh_from_db()
        assert item.passed
        with pytest.raises(ValidationError):
            services.ballot_record(actor=world.bob, item=item, yes=20, no=0, abstain=0)


def test_more_votes_than_delegates_present_are_refused(world: World) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        session = factories.sitting(congress, present=20)
        item = services.item_add(actor=world.bob, session=session, title="议题")
        with pytest.raises(ValidationError):
            services.ballot_record(actor=world.bob, item=item, yes=16, no=5, abstain=0)


def test_a_held_sitting_is_reported_within_7_working_days(world: World) -> None:
    from gonghui.core.workflow.selectors import open_deadline_for_user
    from gonghui.core.workflow.services import transition_perform

    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        session = factories.sitting(congress, present=25, held_on=date(2025, 9, 30))
        transition_perform(actor=world.bob, obj=session, name="hold", data={"held_on": date(2025, 9, 30)})
        deadline = open_deadline_for_user(world.bob, session)
        # 9, 10, 11 (the 调休 Saturday), 13, 14, 15, 16 October 2025
        assert deadline is not None
        assert deadline.due_on == date(2025, 10, 16)
        congress.refresh_from_db()
        assert congress.last_sitting_on == date(2025, 9, 30)


def test_a_term_without_a_sitting_this_year_is_reminded(world: World) -> None:
    from django.utils import timezone

    from gonghui.democracy.reminders import SittingReminders

    congress = factories.congress_with_delegates(world, delegates=0)
    today = timezone.localdate()
    provider = SittingReminders()
    with acting_as(world.bob):
        assert congress in list(provider.queryset(world.bob, today))
        reminders = provider.reminders([congress], world.bob, today)
        assert reminders[0].url == congress.get_absolute_url()
        congress.last_sitting_on = today
        congress.save(update_fields=["last_sitting_on"])
        assert congress not in list(provider.queryset(world.bob, today))
    with acting_as(world.bea):
        assert congress not in list(provider.queryset(world.bea, today))
    assert provider.queryset(world.leo, today) is None


def test_a_motion_not_accepted_keeps_the_committees_reason(world: World) -> None:
    from gonghui.core.workflow.services import transition_perform
    from gonghui.democracy.workflows import MotionState

    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        delegates = list(congress.delegates.all()[:2])
        motion = services.motion_create(
            actor=world.bob,
            congress=congress,
            title="增设职工食堂",
            proposal="建议在二号厂区增设职工食堂。",
            tabled_by=delegates[0],
            tabled_on=date(2025, 9, 1),
            seconders=delegates[1:],
        )
        transition_perform(actor=world.bob, obj=motion, name="decline", note=" 不属于职代会职权范围 ")
    motion.refresh_from_db()
    assert motion.state == MotionState.NOT_ACCEPTED
    assert motion.committee_reason == "不属于职代会职权范围"
