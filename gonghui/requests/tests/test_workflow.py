"""A request's way: assignment, first contact, answer, rating; deadlines in working days per category,
escalation up the tree when late; transfer to another union; conversion to a mediation case or a
hardship application, linked both ways."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.core.calendar import statutory
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.reminders import ReminderList
from gonghui.core.workflow.models import Deadline
from gonghui.core.workflow.services import deadlines_check, transition_perform
from gonghui.requests import rules, selectors
from gonghui.requests.models import Request
from gonghui.requests.tests.helpers import at, employer_with_union, record, step, wendys_record
from gonghui.rights.models import MediationCommittee
from gonghui.rights.services import committee_create


def open_deadline(request: Request) -> Deadline:
    with system_scope("the test reads the deadline"):
        # unscoped: the test reads the request's open deadline
        return Deadline.unscoped.select_related("escalated_to").get(
            workflow="request", object_id=request.pk, closed_at=None
        )


def _reminded(user, kind: str) -> list[int]:
    rows = list(ReminderList(user)[0:200])
    return [int(r.url.rstrip("/").split("/")[-1]) for r in rows if r.kind.key == kind and r.url]


def test_periods_are_working_days_per_category_across_national_day() -> None:
    # received Monday 28 September 2026: 29, 30 September, (1–7 October holiday), 8, 9, Saturday 10 October
    # (调休, a working day), 12, 13 October
    assert rules.answer_due("wages", date(2026, 9, 28)) == date(2026, 10, 13)
    assert rules.answer_due("contracts", date(2026, 9, 28)) == date(2026, 10, 23)
    assert rules.first_contact_rule("wages").due(date(2026, 9, 28)).date == date(2026, 9, 30)
    # a plain Monday-to-Friday count would have said 7 October, in the middle of the holiday
    weekdays = [date(2026, 9, 28) + timedelta(days=n) for n in range(1, 15)]
    assert [day for day in weekdays if day.weekday() < 5][6] == date(2026, 10, 7)
    assert not statutory.is_working_day(date(2026, 10, 7))


def test_a_periods_table_in_the_settings_changes_a_category(settings) -> None:
    settings.GONGHUI_REQUEST_PERIODS = {"wages": (1, 3)}
    assert rules.periods("wages") == rules.Periods(first_contact=1, answer=3)
    assert rules.periods("injury") == rules.Periods(first_contact=2, answer=15)


def test_an_unanswered_request_escalates_to_the_township_across_the_holiday(world: World, settings) -> None:
    settings.GONGHUI_ESCALATION_GRACE_DAYS = 3
    request = record(world, on=date(2026, 9, 28))
    assert request.answer_due == date(2026, 10, 13)
    # Carol is reminded of the new request (assign within one working day)
    with time_machine.travel(at(2026, 9, 28, 11), tick=False):
        assert request.pk in _reminded(world.carol, "deadline-request")
    step(world, request, "assign", on=date(2026, 9, 28), assignee=world.carol)
    step(world, request, "contact", on=date(2026, 9, 29), contacted_on=date(2026, 9, 29))
    deadline = open_deadline(request)
    assert (deadline.state, deadline.due_on) == ("contacted", date(2026, 10, 13))
    # assigned to her: her own reminder too
    with time_machine.travel(at(2026, 10, 9, 9), tick=False):
        assert request.pk in _reminded(world.carol, "requests-waiting")
    # not late on its due day; late the day after; the grace runs 14, 15, 16 October
    with time_machine.travel(at(2026, 10, 16, 9), tick=False):
        deadlines_check(today=date(2026, 10, 16))
    assert open_deadline(request).escalated_to is None
    with time_machine.travel(at(2026, 10, 17, 9), tick=False):
        deadlines_check(today=date(2026, 10, 17))
    assert open_deadline(request).escalated_to == world.township_a
    # Bob (township A) is reminded; Bea (township B) is not
    with time_machine.travel(at(2026, 10, 19, 9), tick=False):
        assert request.pk in _reminded(world.bob, "deadline-request")
        assert request.pk not in _reminded(world.bea, "deadline-request")
    # and the list names it overdue
    with time_machine.travel(at(2026, 10, 19, 9), tick=False):
        overdue = selectors.requests_for_user(world.bob, timeliness=rules.OVERDUE)
        assert request.pk in {row.pk for row in overdue}


def test_the_full_way_answered_in_time_and_rated(world: World) -> None:
    request = record(world, on=date(2026, 5, 11))
    step(world, request, "assign", on=date(2026, 5, 11), assignee=world.carol)
    step(world, request, "contact", on=date(2026, 5, 12), contacted_on=date(2026, 5, 12))
    request = step(world, request, "answer", on=date(2026, 5, 14), reply="已补发。")
    assert (request.state, request.answered_on, request.reply) == ("answered", date(2026, 5, 14), "已补发。")
    with time_machine.travel(at(2026, 5, 15), tick=False):
        from gonghui.requests.services import request_rate_by_code

        request_rate_by_code(actor=None, code=request.code, satisfaction="fairly", comment="")
    with system_scope("the test reads the request again"):
        request.refresh_from_db()
    assert (request.state, request.satisfaction, request.rated_on) == ("closed", "fairly", date(2026, 5, 15))
    on_time = selectors.requests_for_user(world.bob, timeliness=rules.ON_TIME)
    assert request.pk in {row.pk for row in on_time}


def test_a_first_contact_before_receipt_and_an_assignee_from_elsewhere_are_refused(world: World) -> None:
    request = record(world, on=date(2026, 5, 11))
    with pytest.raises(ValidationError):
        step(world, request, "assign", on=date(2026, 5, 11), assignee=world.dan)
    step(world, request, "assign", on=date(2026, 5, 11), assignee=world.carol)
    with pytest.raises(ValidationError):
        step(world, request, "contact", on=date(2026, 5, 12), contacted_on=date(2026, 5, 8))


def test_another_township_cannot_see_or_move_it(world: World) -> None:
    request = record(world, on=date(2026, 5, 11))
    with pytest.raises(Http404):
        selectors.get_request_for_user(world.bea, request.pk)
    with pytest.raises(Http404), time_machine.travel(at(2026, 5, 11), tick=False):
        transition_perform(actor=world.dan, obj=request, name="assign", data={"assignee": world.dan})


def test_a_transfer_hands_it_to_another_union_and_the_code_follows(world: World) -> None:
    request = record(world, on=date(2026, 5, 11), actor=world.bob, union=world.township_a)
    with time_machine.travel(at(2026, 5, 12), tick=False):
        result = transition_perform(
            actor=world.bob, obj=request, name="transfer", note="单位在乙镇", data={"union": world.township_b}
        )
    successor = result.effect
    assert successor.union_id == world.township_b.pk
    assert successor.received_on == date(2026, 5, 12)
    assert selectors.request_by_code(request.code).pk == successor.pk
    assert selectors.get_request_for_user(world.bea, successor.pk).description == request.description
    with system_scope("the test reads the request again"):
        request.refresh_from_db()
    assert (request.state, request.transferred_to_id) == ("transferred", successor.pk)


def test_it_becomes_a_mediation_case_linked_both_ways(world: World) -> None:
    employer = employer_with_union(world)
    committee = committee_create(
        actor=None,
        union=world.union_c,
        name="丙公司劳动争议调解委员会",
        kind=MediationCommittee.Kind.EMPLOYER,
        employer=employer,
    )
    typed = record(world, on=date(2026, 5, 11))
    with pytest.raises(ValidationError) as refused:  # the guard: no employer of the register
        step(world, typed, "to_mediation", on=date(2026, 5, 12), committee=committee)
    assert refused.value.code == "guard"
    request = record(world, on=date(2026, 5, 11), employer_id=employer.pk)
    with time_machine.travel(at(2026, 5, 12), tick=False):
        result = transition_perform(actor=world.carol, obj=request, name="to_mediation", data={"committee": committee})
    dispute = result.effect
    with system_scope("the test reads both rows"):
        request.refresh_from_db()
        assert request.state == "converted"
        assert request.dispute_id == dispute.pk
        assert dispute.worker_request.pk == request.pk
        assert dispute.summary == request.description
        assert dispute.employer_id == employer.pk
        assert [a.name for a in dispute.applicants.all()] == ["李四"]


def test_it_becomes_a_hardship_application_for_a_registered_worker(world: World) -> None:
    worker = wendys_record(world)
    typed = record(world, on=date(2026, 5, 11))
    with pytest.raises(ValidationError) as refused:  # the guard: no registry record
        step(world, typed, "to_hardship", on=date(2026, 5, 12), main_cause="illness")
    assert refused.value.code == "guard"
    with time_machine.travel(at(2026, 5, 11), tick=False):
        from gonghui.requests.services import request_file_by_worker

        request = request_file_by_worker(actor=world.wendy, category="hardship", description="家人重病，生活困难")
    assert request.worker_id == worker.pk
    assert request.union_id == world.union_c.pk
    with time_machine.travel(at(2026, 5, 12), tick=False):
        result = transition_perform(actor=world.carol, obj=request, name="to_hardship", data={"main_cause": "illness"})
    with system_scope("the test reads both rows"):
        request.refresh_from_db()
        assert request.state == "converted"
        assert request.hardship_file_id == result.effect.pk
        assert result.effect.worker_id == worker.pk
