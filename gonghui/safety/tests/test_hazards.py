"""Hazards: the rectification period on the statutory calendar, the workflow, escalation, major hazards."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.core.audit.models import AuditEvent
from gonghui.core.calendar import statutory
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.web.reminders import ReminderList
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import deadlines_check
from gonghui.safety import rules, selectors, services
from gonghui.safety.leak_samplers import PNG
from gonghui.safety.models import Hazard, MajorHazardReport
from gonghui.safety.tests.helpers import at, employer_d, issue_notice, record, step

pytestmark = pytest.mark.django_db


def open_deadline(hazard: Hazard) -> Deadline:
    return Deadline.unscoped.get(workflow="hazard", object_id=hazard.pk, closed_at=None)


# --- The rectification period ------------------------------------------------------------------


def test_a_period_ending_in_the_national_day_holiday_ends_on_the_next_working_day() -> None:
    # 24 September 2026 + 7 days = 1 October, a holiday: the holiday runs to 7 October
    assert rules.rectification_due(date(2026, 9, 24), 7) == date(2026, 10, 8)
    # + 6 days = Wednesday 30 September, a working day: kept
    assert rules.rectification_due(date(2026, 9, 24), 6) == date(2026, 9, 30)


def test_a_period_ending_on_a_made_up_working_saturday_ends_that_saturday() -> None:
    # Saturday 10 October 2026 is a 调休 working day
    assert statutory.is_working_day(date(2026, 10, 10))
    assert rules.rectification_due(date(2026, 10, 3), 7) == date(2026, 10, 10)


def test_the_notice_due_day_and_the_deadline_are_one_computation(world: World) -> None:
    hazard = record(world, on=date(2026, 9, 24))
    # found: the notice is due within 3 working days
    assert open_deadline(hazard).due_on == statutory.add_working_days(date(2026, 9, 24), rules.NOTICE_DAYS)
    hazard = issue_notice(world, hazard, on=date(2026, 9, 24), days=7)
    assert hazard.state == "rectifying"
    assert hazard.due_on == date(2026, 10, 8)
    deadline = open_deadline(hazard)
    assert (deadline.state, deadline.started_on, deadline.due_on) == (
        "rectifying",
        date(2026, 9, 24),
        date(2026, 10, 8),
    )
    assert deadline.rule_kind == "calendar"
    assert deadline.rule_days == 7


def test_a_notice_needs_a_period_within_bounds(world: World) -> None:
    hazard = record(world, on=date(2026, 9, 24))
    with pytest.raises(ValidationError) as refused:
        issue_notice(world, hazard, on=date(2026, 9, 24), days=rules.MAX_RECTIFICATION_DAYS + 1)
    assert "rectification_days" in refused.value.message_dict
    hazard.refresh_from_db()
    assert hazard.state == "found"


# --- The workflow --------------------------------------------------------------------------------


def test_found_notice_report_recheck_closed_on_time(world: World) -> None:
    hazard = record(world, on=date(2026, 3, 2))
    hazard = issue_notice(world, hazard, on=date(2026, 3, 2), days=10)
    assert hazard.due_on == date(2026, 3, 12)
    hazard = step(
        world, hazard, "report", on=date(2026, 3, 12), rectified_on=date(2026, 3, 12), rectification_report="已清理"
    )
    assert hazard.state == "reported"
    assert open_deadline(hazard).due_on == statutory.add_working_days(date(2026, 3, 12), rules.RECHECK_DAYS)
    hazard = step(world, hazard, "recheck_pass", on=date(2026, 3, 13), rechecked_on=date(2026, 3, 13))
    assert (hazard.state, hazard.closed_on) == ("closed", date(2026, 3, 13))
    assert not Deadline.unscoped.filter(workflow="hazard", object_id=hazard.pk, closed_at=None).exists()
    today = date(2026, 4, 1)
    with acting_as(world.carol):
        on_time = selectors.hazards_for_user(world.carol, timeliness=rules.ON_TIME, today=today)
        assert list(on_time) == [hazard]
        assert not selectors.hazards_for_user(world.carol, timeliness=rules.LATE, today=today).exists()


def test_a_report_a_day_after_the_due_day_is_late(world: World) -> None:
    hazard = issue_notice(world, record(world, on=date(2026, 3, 2)), on=date(2026, 3, 2), days=10)
    hazard = step(
        world, hazard, "report", on=date(2026, 3, 13), rectified_on=date(2026, 3, 13), rectification_report="x"
    )
    hazard = step(world, hazard, "recheck_pass", on=date(2026, 3, 16), rechecked_on=date(2026, 3, 16))
    with acting_as(world.carol):
        assert list(selectors.hazards_for_user(world.carol, timeliness=rules.LATE)) == [hazard]
        assert not selectors.hazards_for_user(world.carol, timeliness=rules.ON_TIME).exists()


def test_not_fixed_at_the_recheck_gives_a_new_period_and_reopening_another(world: World) -> None:
    hazard = issue_notice(world, record(world, on=date(2026, 3, 2)), on=date(2026, 3, 2), days=10)
    hazard = step(
        world, hazard, "report", on=date(2026, 3, 10), rectified_on=date(2026, 3, 10), rectification_report="x"
    )
    with pytest.raises(ValidationError):  # a reason is required
        step(world, hazard, "recheck_fail", on=date(2026, 3, 11), rechecked_on=date(2026, 3, 11), rectification_days=5)
    hazard = step(
        world,
        hazard,
        "recheck_fail",
        on=date(2026, 3, 11),
        note="通道仍有杂物",
        rechecked_on=date(2026, 3, 11),
        rectification_days=5,
    )
    assert (hazard.state, hazard.due_on, hazard.reopened, hazard.rectified_on) == (
        "rectifying",
        date(2026, 3, 16),
        1,
        None,
    )
    assert open_deadline(hazard).due_on == date(2026, 3, 16)
    hazard = step(
        world, hazard, "report", on=date(2026, 3, 16), rectified_on=date(2026, 3, 16), rectification_report="y"
    )
    hazard = step(world, hazard, "recheck_pass", on=date(2026, 3, 17), rechecked_on=date(2026, 3, 17))
    hazard = step(world, hazard, "reopen", on=date(2026, 4, 1), note="隐患复发", rectification_days=3)
    assert (hazard.state, hazard.closed_on, hazard.reopened, hazard.due_on) == ("rectifying", None, 2, date(2026, 4, 7))


def test_a_leader_may_not_take_a_step_and_township_b_cannot_reach_the_hazard(world: World) -> None:
    hazard = record(world, on=date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        issue_notice(world, hazard, on=date(2026, 3, 2), days=5, actor=world.leo)
    with pytest.raises(Http404):
        issue_notice(world, hazard, on=date(2026, 3, 2), days=5, actor=world.bea)
    with pytest.raises(Http404):
        selectors.get_hazard_for_user(world.bea, hazard.pk)


def test_a_hazard_belongs_to_the_employers_union_and_cannot_be_recorded_outside_scope(world: World) -> None:
    hazard = record(world, on=date(2026, 3, 2))
    assert hazard.union == world.union_c
    with pytest.raises(Http404):
        services.hazard_record(
            actor=world.carol,
            employer=employer_d(world),
            found_on=date(2026, 3, 2),
            category=Hazard.Category.FIRE,
            level=Hazard.Level.GENERAL,
            description="越权",
            responsible_person="某",
        )


# --- Escalation: to the township, then the county, each exactly after the grace period -----------


def test_an_overdue_rectification_escalates_to_the_township_then_the_county(world: World, settings) -> None:
    settings.GONGHUI_ESCALATION_GRACE_DAYS = 3
    # given a notice of 24 September 2026 for 7 days: due Thursday 8 October (after National Day)
    hazard = issue_notice(world, record(world, on=date(2026, 9, 24)), on=date(2026, 9, 24), days=7)
    assert hazard.due_on == date(2026, 10, 8)
    # the grace: 9 October, Saturday 10 October (调休) and Monday 12 October
    assert statutory.add_working_days(date(2026, 10, 8), 3) == date(2026, 10, 12)
    with time_machine.travel(at(2026, 10, 9, 9), tick=False):
        deadlines_check(today=date(2026, 10, 9))
    assert open_deadline(hazard).overdue_since == date(2026, 10, 9)
    # on the last day of the grace nothing is escalated
    with time_machine.travel(at(2026, 10, 12, 9), tick=False):
        deadlines_check(today=date(2026, 10, 12))
    assert open_deadline(hazard).escalated_to is None
    # the day after, it goes to township A
    with time_machine.travel(at(2026, 10, 13, 9), tick=False):
        deadlines_check(today=date(2026, 10, 13))
    deadline = open_deadline(hazard)
    assert deadline.escalated_to == world.township_a
    # Bob (township A staff) is reminded of it
    with time_machine.travel(at(2026, 10, 13, 10), tick=False):
        assert hazard.pk in _reminded(world.bob, "deadline-hazard")
    # a grace period later (14, 15, 16 October), still not the county
    with time_machine.travel(at(2026, 10, 16, 9), tick=False):
        deadlines_check(today=date(2026, 10, 16))
    assert open_deadline(hazard).escalated_to == world.township_a
    # the day after, the county
    with time_machine.travel(at(2026, 10, 17, 9), tick=False):
        result = deadlines_check(today=date(2026, 10, 17))
    assert result.escalated >= 1
    assert open_deadline(hazard).escalated_to == world.county
    with time_machine.travel(at(2026, 10, 17, 10), tick=False):
        assert hazard.pk in _reminded(world.alice, "deadline-hazard")
    notes = list(
        TimelineEntry.unscoped.filter(workflow="hazard", object_id=hazard.pk, kind="escalation").values_list(
            "note", flat=True
        )
    )
    assert len(notes) == 2
    assert world.township_a.name in notes[0]
    assert world.county.name in notes[1]
    # and the root is as far as it goes
    with time_machine.travel(at(2026, 10, 30, 9), tick=False):
        deadlines_check(today=date(2026, 10, 30))
    assert TimelineEntry.unscoped.filter(workflow="hazard", object_id=hazard.pk, kind="escalation").count() == 2


def _reminded(user, kind: str) -> list[int]:
    rows = list(ReminderList(user)[0:200])
    return [int(r.url.rstrip("/").split("/")[-1]) for r in rows if r.kind.key == kind and r.url]


# --- Major hazards are reported up the tree at once ----------------------------------------------


def test_a_major_hazard_is_reported_to_the_township_and_the_county_at_once(world: World) -> None:
    hazard = record(world, on=date(2026, 3, 2), level=Hazard.Level.MAJOR)
    with system_scope("the test reads the reports"):
        # unscoped: the test reads every report
        reports = {r.union_id: r for r in MajorHazardReport.unscoped.filter(hazard=hazard)}
    assert set(reports) == {world.township_a.pk, world.county.pk}
    with time_machine.travel(at(2026, 3, 2, 12), tick=False):
        assert hazard.pk in _reminded(world.bob, "major-hazard")
        assert hazard.pk in _reminded(world.alice, "major-hazard")
        assert hazard.pk not in _reminded(world.bea, "major-hazard")
        # Carol (the grassroots union that found it) is not the one it is reported to
        assert hazard.pk not in _reminded(world.carol, "major-hazard")
    # Bob acknowledges for township A: his reminder ends, the county's stays
    services.major_report_acknowledge(actor=world.bob, report=reports[world.township_a.pk])
    with time_machine.travel(at(2026, 3, 2, 12), tick=False):
        assert hazard.pk not in _reminded(world.bob, "major-hazard")
        assert hazard.pk in _reminded(world.alice, "major-hazard")
    # Bob cannot acknowledge the county's
    with pytest.raises(Http404):
        services.major_report_acknowledge(actor=world.bob, report=reports[world.county.pk])


def test_a_hazard_raised_to_major_is_reported_then(world: World) -> None:
    hazard = record(world, on=date(2026, 3, 2))
    with system_scope("the test reads the reports"):
        assert not MajorHazardReport.unscoped.filter(hazard=hazard).exists()  # unscoped: the test's check
    services.hazard_update(actor=world.carol, hazard=hazard, level=Hazard.Level.MAJOR)
    with system_scope("the test reads the reports"):
        assert MajorHazardReport.unscoped.filter(hazard=hazard).count() == 2  # unscoped: the test's check
    event = AuditEvent.unscoped.filter(object_type="safety.hazard", object_id=str(hazard.pk), action="update").last()
    assert "level" in event.changes or "Major" in event.note or "重大" in event.note


# --- Photos -------------------------------------------------------------------------------------


def test_photos_are_images_kept_in_the_attachment_storage(world: World, settings, tmp_path) -> None:
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path
    hazard = record(world, on=date(2026, 3, 2))
    photo = services.hazard_photo_add(
        actor=world.carol, hazard=hazard, upload=SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    )
    assert photo.name == "现场.png"
    assert (tmp_path / photo.image.name).exists()
    with pytest.raises(ValidationError) as refused:
        services.hazard_photo_add(
            actor=world.carol,
            hazard=hazard,
            upload=SimpleUploadedFile("通知.pdf", b"%PDF-1.4", content_type="application/pdf"),
        )
    assert "image" in refused.value.message_dict
