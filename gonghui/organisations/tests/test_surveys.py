"""Survey campaigns (普查): opening, visit rules, the register and the founding pipeline, the board."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from gonghui.core.audit.models import AuditEvent
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer, FoundingCase, Survey, SurveyAssignment, SurveyVisit
from gonghui.organisations.selectors import surveys as selectors
from gonghui.organisations.services import surveys as services

TOWNSHIP = "339901101000"  # 城关镇


@pytest.fixture
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def employer(union: Any, name: str, **fields: Any) -> Employer:
    fields.setdefault("division_id", TOWNSHIP)
    with system_scope("test data"):
        return Employer.unscoped.create(union=union, name=name, **fields)


@dataclass
class Register:
    big: Employer  # township A, no union, 300 workers
    own: Employer  # union C's employer, 240 workers
    small: Employer  # township A, no union, 5 workers
    closed: Employer  # township A, closed down
    b: Employer  # township B, no union, 50 workers


def make_register(world: World) -> Register:
    """Four employers in township A (one closed), one in township B; the reference data loaded."""
    return Register(
        big=employer(world.township_a, "甲镇大厂", headcount=300, women=100),
        own=employer(
            world.union_c, "丙公司", headcount=240, union_status=Employer.UnionStatus.OWN, own_union=world.union_c
        ),
        small=employer(world.township_a, "甲镇小店", headcount=5),
        closed=employer(world.township_a, "甲镇倒闭厂", headcount=0, status=Employer.Status.CLOSED),
        b=employer(world.township_b, "乙镇工厂", headcount=50),
    )


@pytest.fixture
def register(world: World, reference: None) -> Register:
    return make_register(world)


def open_campaign(world: World, *unions: Any, days_back: int = 10, days_ahead: int = 20) -> Survey:
    today = timezone.localdate()
    return services.survey_open(
        actor=world.alice,
        union=world.county,
        name="2026年度普查",
        starts_on=today - timedelta(days=days_back),
        ends_on=today + timedelta(days=days_ahead),
        assigned_unions=unions or [world.township_a, world.township_b],
    )


def assignment_of(survey: Survey, union: Any) -> SurveyAssignment:
    return SurveyAssignment.unscoped.select_related("union", "survey").get(survey=survey, union=union)


def visit(actor: Any, assignment: SurveyAssignment, employer: Employer, **fields: Any) -> services.VisitOutcome:
    fields.setdefault("visited_on", timezone.localdate())
    fields.setdefault("visitors", "鲍勃")
    fields.setdefault("headcount_found", employer.headcount)
    fields.setdefault("union_status_found", employer.union_status)
    return services.visit_record(actor=actor, assignment=assignment, employer=employer, **fields)


# --- Opening ---------------------------------------------------------------------------------


def test_open_counts_each_unions_operating_employers_and_audits(world: World, register: Register) -> None:
    # when Alice opens a campaign for townships A and B
    survey = open_campaign(world)
    # then each assignment's target is the operating employers of its subtree (the closed one left out)
    assert assignment_of(survey, world.township_a).target == 3
    assert assignment_of(survey, world.township_b).target == 1
    assert survey.status == Survey.Status.OPEN
    assert survey.opened_by == world.alice
    # and the campaign and both assignments are in the audit log
    with system_scope("test"):
        assert AuditEvent.objects.filter(object_type="organisations.survey", object_id=str(survey.pk)).count() == 1
        assert AuditEvent.objects.filter(object_type="organisations.surveyassignment").count() == 2


def test_targets_are_counted_in_one_query(world: World, register: Register) -> None:
    with CaptureQueriesContext(connection) as queries:
        targets = services.targets_for([world.township_a, world.township_b, world.county])
    assert targets == {world.township_a.pk: 3, world.township_b.pk: 1, world.county.pk: 4}
    assert len(queries) == 1


def test_open_refuses_bad_dates_and_unions_outside_the_subtree(world: World, register: Register) -> None:
    today = timezone.localdate()
    base = {"actor": world.alice, "name": "普查", "starts_on": today, "ends_on": today}
    # an end before the start
    with pytest.raises(ValidationError) as error:
        services.survey_open(
            **{**base, "ends_on": today - timedelta(days=1)}, union=world.county, assigned_unions=[world.township_a]
        )
    assert "ends_on" in error.value.message_dict
    # a township outside the opening union's subtree
    with pytest.raises(ValidationError) as error:
        services.survey_open(**base, union=world.township_a, assigned_unions=[world.township_b])
    assert "assigned_unions" in error.value.message_dict
    # a grassroots union is not a federation to assign
    with pytest.raises(ValidationError) as error:
        services.survey_open(**base, union=world.county, assigned_unions=[world.union_c])
    assert "assigned_unions" in error.value.message_dict
    # nobody assigned
    with pytest.raises(ValidationError):
        services.survey_open(**base, union=world.county, assigned_unions=[])
    with system_scope("test"):
        assert not Survey.objects.exists()


def test_a_township_user_cannot_open_a_campaign(world: World, register: Register) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.survey_open(
            actor=world.bob,
            union=world.township_a,
            name="普查",
            starts_on=today,
            ends_on=today,
            assigned_unions=[world.township_a],
        )


def test_assign_adds_a_township_later_once(world: World, register: Register) -> None:
    survey = open_campaign(world, world.township_a)
    assignment = services.survey_assign(actor=world.alice, survey=survey, union=world.township_b)
    assert assignment.target == 1
    with pytest.raises(ValidationError):
        services.survey_assign(actor=world.alice, survey=survey, union=world.township_b)
    with pytest.raises(PermissionDenied):
        services.survey_assign(actor=world.bob, survey=survey, union=world.township_a)


def test_close_stops_visits(world: World, register: Register) -> None:
    survey = open_campaign(world)
    with pytest.raises(PermissionDenied):
        services.survey_close(actor=world.bob, survey=survey)
    services.survey_close(actor=world.alice, survey=survey)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    with translation.override("en"), pytest.raises(ValidationError, match="closed"):
        visit(world.bob, assignment_of(survey, world.township_a), register.big)
    with pytest.raises(ValidationError):
        services.survey_close(actor=world.alice, survey=survey)


# --- Visit rules -----------------------------------------------------------------------------


def test_visit_dates_must_lie_in_the_campaign_and_not_in_the_future(world: World, register: Register) -> None:
    survey = open_campaign(world, days_back=5, days_ahead=5)
    assignment = assignment_of(survey, world.township_a)
    today = timezone.localdate()
    for day in (today + timedelta(days=1), today - timedelta(days=6)):
        with pytest.raises(ValidationError) as error:
            visit(world.bob, assignment, register.big, visited_on=day)
        assert "visited_on" in error.value.message_dict
    assert not SurveyVisit.unscoped.exists()
    visit(world.bob, assignment, register.big, visited_on=today - timedelta(days=5))
    assert SurveyVisit.unscoped.count() == 1


def test_visit_refuses_an_employer_outside_the_assignment(world: World, register: Register) -> None:
    survey = open_campaign(world)
    # Alice sees both townships, but township B's employer is not township A's to visit
    with pytest.raises(ValidationError) as error:
        visit(world.alice, assignment_of(survey, world.township_a), register.b)
    assert "employer" in error.value.message_dict
    # and Bea cannot record in township A's assignment at all: outside her scope it does not exist
    with pytest.raises(Http404):
        visit(world.bea, assignment_of(survey, world.township_a), register.big)
    assert not SurveyVisit.unscoped.exists()


def test_a_headcount_found_updates_the_register_with_an_audit_row(world: World, register: Register) -> None:
    survey = open_campaign(world)
    outcome = visit(world.bob, assignment_of(survey, world.township_a), register.big, headcount_found=320)
    register.big.refresh_from_db()
    assert register.big.headcount == 320
    assert outcome.headcount_updated
    with system_scope("test"):
        event = AuditEvent.objects.get(
            object_type="organisations.employer", object_id=str(register.big.pk), action=AuditEvent.Action.UPDATE
        )
        assert event.changes["headcount"] == [300, 320]
        assert event.actor == world.bob
        assert AuditEvent.objects.filter(object_type="organisations.surveyvisit").count() == 1


def test_a_headcount_below_the_registers_women_is_refused_clearly(world: World, register: Register) -> None:
    survey = open_campaign(world)
    with pytest.raises(ValidationError) as error:
        visit(world.bob, assignment_of(survey, world.township_a), register.big, headcount_found=80)
    assert "100" in error.value.message_dict["headcount_found"][0]
    register.big.refresh_from_db()
    assert register.big.headcount == 300
    assert not SurveyVisit.unscoped.exists()


def test_an_employer_found_without_a_union_enters_the_pipeline_once(world: World, register: Register) -> None:
    survey = open_campaign(world)
    assignment = assignment_of(survey, world.township_a)
    first = visit(world.bob, assignment, register.small, union_status_found="none")
    second = visit(world.bob, assignment, register.small, union_status_found="none", visitors="鲍勃、李四")
    assert first.founding_case is not None
    assert first.case_opened
    assert second.founding_case == first.founding_case
    assert not second.case_opened
    cases = FoundingCase.unscoped.filter(employer=register.small)
    assert cases.count() == 1
    case = cases.get()
    assert case.source == FoundingCase.Source.SURVEY
    assert case.survey_visit == first.visit
    assert not first.discrepancy


def test_a_status_found_that_contradicts_the_register_is_flagged_not_written(world: World, register: Register) -> None:
    survey = open_campaign(world)
    outcome = visit(world.bob, assignment_of(survey, world.township_a), register.small, union_status_found="own")
    register.small.refresh_from_db()
    assert register.small.union_status == Employer.UnionStatus.NONE
    assert outcome.discrepancy
    assert outcome.founding_case is None
    assert not FoundingCase.unscoped.exists()
    (row,) = selectors.visits_for_user(world.bob, survey=survey)
    assert row.discrepancy is True
    (flagged,) = selectors.visits_for_user(world.bob, survey=survey, show=selectors.SHOW_DISCREPANCY)
    assert flagged.pk == outcome.visit.pk
    with system_scope("test"):
        event = AuditEvent.objects.get(object_type="organisations.surveyvisit")
    assert event.note


# --- The board ---------------------------------------------------------------------------------


def board_fixture(world: World, register: Register) -> Survey:
    """Township A: 3 to visit, all visited; B: 1 to visit, visited."""
    survey = open_campaign(world)
    a, b = assignment_of(survey, world.township_a), assignment_of(survey, world.township_b)
    yesterday = timezone.localdate() - timedelta(days=1)
    # the big one is found without a union (a case), first with 280 workers, then 310
    visit(world.bob, a, register.big, union_status_found="none", headcount_found=280, visited_on=yesterday)
    visit(world.bob, a, register.big, union_status_found="none", headcount_found=310)
    visit(world.bob, a, register.own, union_status_found="own")
    visit(world.bob, a, register.small, union_status_found="joint")  # a discrepancy
    visit(world.bea, b, register.b, union_status_found="none")  # a case in B
    # the big one's case ends in a founded union: the register now says own, and that is no discrepancy
    with system_scope("test"):
        FoundingCase.unscoped.filter(employer=register.big).update(state="founded")
        Employer.unscoped.filter(pk=register.big.pk).update(union_status=Employer.UnionStatus.OWN)
    return survey


def test_the_board_counts_from_aggregates(world: World, register: Register) -> None:
    survey = board_fixture(world, register)
    with CaptureQueriesContext(connection) as queries:
        board = selectors.survey_board(world.alice, survey)
    assert len(queries) <= 4
    a, b = board.rows
    assert a.assignment.union == world.township_a
    assert b.assignment.union == world.township_b
    assert (a.target, a.visited, a.progress) == (3, 3, 100)
    assert (a.none_found, a.cases, a.founded, a.joint, a.discrepancies) == (1, 1, 1, 0, 1)
    assert a.workers == 310 + 240 + 5  # the latest visit of each employer
    assert (b.target, b.visited, b.none_found, b.cases, b.founded, b.discrepancies, b.workers) == (1, 1, 1, 1, 0, 0, 50)
    total = board.total
    assert (total.target, total.visited, total.none_found, total.cases, total.founded) == (4, 4, 2, 2, 1)
    assert total.workers == 605
    # every figure links to the list behind it, and that list has as many rows as the figure says
    assert a.none_url.endswith("?show=none#visits")
    for show, figure in (("visited", 3), ("none", 1), ("discrepancy", 1), ("cases", 1), ("founded", 1), ("joint", 0)):
        assert selectors.visits_for_user(world.alice, assignment=a.assignment, show=show).count() == figure
    assert selectors.visits_for_user(world.alice, survey=survey, show="none").count() == total.none_found
    # the campaign list sums the same figures
    (listed,) = selectors.surveys_for_user(world.alice)
    assert (listed.target, listed.visited) == (4, 4)


def test_a_township_user_sees_their_own_row_only(world: World, register: Register) -> None:
    survey = board_fixture(world, register)
    board = selectors.survey_board(world.bea, survey)
    assert [row.assignment.union for row in board.rows] == [world.township_b]
    assert board.total.visited == 1
    # the county's campaign is out of Bea's scope: she reaches it through her assignment
    assert selectors.get_survey_for_user(world.bea, survey.pk) == survey
    (listed,) = selectors.surveys_for_user(world.bea)
    assert (listed.target, listed.visited) == (1, 1)
    assert [a.union for a in selectors.assignments_for_user(world.bea)] == [world.township_b]


def test_to_visit_lists_the_unvisited_operating_employers_largest_first(world: World, register: Register) -> None:
    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    assert list(selectors.employers_to_visit(world.bob, a)) == [register.big, register.own, register.small]
    visit(world.bob, a, register.own)
    assert list(selectors.employers_to_visit(world.bob, a)) == [register.big, register.small]
    assert list(selectors.employers_to_visit(world.bob, a, q="小店")) == [register.small]


def test_employer_visits_are_scoped(world: World, register: Register) -> None:
    survey = open_campaign(world)
    visit(world.bob, assignment_of(survey, world.township_a), register.own)
    assert len(selectors.employer_visits_for_user(world.bob, register.own)) == 1
    # Carol (union C) has no campaign permission; Bea's scope holds no visit of township A
    assert selectors.employer_visits_for_user(world.carol, register.own) == []
    assert selectors.employer_visits_for_user(world.bea, register.own) == []
