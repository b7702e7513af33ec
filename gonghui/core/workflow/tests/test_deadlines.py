"""Deadlines: opened from the state's rule, closed on leaving it, overdue, escalated after grace."""

from __future__ import annotations

from datetime import date

import time_machine
from django.core.management import call_command

from gonghui.core.audit.models import AuditEvent
from gonghui.core.calendar import statutory
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import deadlines_check, transition_perform

from .conftest import at


def open_deadline(request) -> Deadline:
    return Deadline.unscoped.get(workflow="account_request", object_id=request.pk, closed_at=None)


def test_three_working_days_across_the_spring_festival(world, make_request):
    # given a request made on Friday 13 February 2026, the last day before the holiday week
    with time_machine.travel(at(2026, 2, 13), tick=False):
        request = make_request()
    # then its deadline counts Sat 14 (调休), skips 15..23, and ends on Wednesday 25 February
    deadline = open_deadline(request)
    assert (deadline.started_on, deadline.due_on) == (date(2026, 2, 13), date(2026, 2, 25))
    assert deadline.provisional is False
    # and says which rule produced it
    assert deadline.rule_kind == "working"
    assert deadline.rule_days == 3
    assert "3" in deadline.rule_text


def test_three_working_days_across_national_day(world, make_request):
    # given a request made on Wednesday 30 September 2026
    with time_machine.travel(at(2026, 9, 30), tick=False):
        request = make_request()
    # then 8 and 9 October and Saturday 10 October (调休) are the three days
    assert open_deadline(request).due_on == date(2026, 10, 10)


def test_overdue_and_escalation_after_the_grace_period(world, make_request):
    # given a request of 13 February 2026, due 25 February, with 3 working days' grace
    with time_machine.travel(at(2026, 2, 13), tick=False):
        request = make_request()
    # when checked on its due day, nothing happens
    assert deadlines_check(today=date(2026, 2, 25)).overdue == 0
    # when checked the next day, it is overdue but not yet escalated
    result = deadlines_check(today=date(2026, 2, 26))
    deadline = open_deadline(request)
    assert result.overdue >= 1
    assert deadline.overdue_since == date(2026, 2, 26)
    assert deadline.escalated_at is None
    # and the grace runs 26, 27 and Saturday 28 February (调休): still not escalated on the 28th
    assert statutory.add_working_days(date(2026, 2, 25), 3) == date(2026, 2, 28)
    with time_machine.travel(at(2026, 2, 28, 12), tick=False):
        deadlines_check(today=date(2026, 2, 28))
    assert open_deadline(request).escalated_at is None
    # when checked on Sunday 1 March, it goes to township A, the parent of union C
    with time_machine.travel(at(2026, 3, 1, 9), tick=False):
        result = deadlines_check(today=date(2026, 3, 1))
    deadline = open_deadline(request)
    assert result.escalated >= 1
    assert deadline.escalated_to == world.township_a
    # and the timeline and the audit log say so
    entry = TimelineEntry.unscoped.filter(workflow="account_request", object_id=request.pk).last()
    assert entry.kind == TimelineEntry.Kind.ESCALATION
    assert world.township_a.name in entry.note
    event = AuditEvent.unscoped.filter(object_type="access.accountrequest", object_id=str(request.pk)).first()
    assert event.changes == {"deadline_escalated_to": [None, world.township_a.name]}
    # and a second check escalates nothing again
    assert deadlines_check(today=date(2026, 3, 2)).escalated == 0


def test_a_step_closes_the_deadline_even_when_late(world, make_request):
    with time_machine.travel(at(2026, 2, 13), tick=False):
        request = make_request()
    deadlines_check(today=date(2026, 3, 1))
    with time_machine.travel(at(2026, 3, 2), tick=False):
        transition_perform(actor=world.sam, obj=request, name="reject", note="迟了")
    assert not Deadline.unscoped.filter(workflow="account_request", object_id=request.pk, closed_at=None).exists()


def test_a_deadline_into_an_unknown_year_is_provisional_until_the_year_is_added(
    world, make_request, tmp_path, settings
):
    # given the last day of the last year anyone knows
    last = max(statutory.coverage())
    with time_machine.travel(at(last, 12, 31), tick=False):
        request = make_request()
    # then the deadline is computed on Monday-to-Friday weeks and flagged provisional
    deadline = open_deadline(request)
    assert deadline.provisional is True
    # when the next year's notice is added to the overrides (1..3 January a holiday)
    path = tmp_path / "overrides.toml"
    path.write_text(
        f'[years.{last + 1}]\nnotice = "测试通知"\n[[years.{last + 1}.holidays]]\nname = "元旦"\n'
        f"from = {last + 1}-01-01\nto = {last + 1}-01-03\n",
        encoding="utf-8",
    )
    settings.GONGHUI_CALENDAR_OVERRIDES = str(path)
    # then the next check recounts it on the real calendar
    assert deadlines_check(today=date(last, 12, 31)).recomputed >= 1
    deadline.refresh_from_db()
    assert deadline.provisional is False
    assert deadline.due_on == statutory.add_working_days(date(last, 12, 31), 3)


def test_the_command_runs_the_check_once(world, make_request, capsys):
    with time_machine.travel(at(2026, 2, 13), tick=False):
        make_request()
    call_command("deadlines", today=date(2026, 3, 1))
    assert "escalated" in capsys.readouterr().out


def test_the_check_is_registered_to_run_hourly():
    from datetime import timedelta

    from gonghui.core.jobs.schedule import registered

    periodic = registered()["workflow.deadlines"]
    assert periodic.every == timedelta(hours=1)
    assert periodic.func is deadlines_check


def test_the_escalation_cutoff_counts_the_grace_in_working_days():
    from gonghui.core.workflow.services import escalation_cutoff

    # on Sunday 1 March 2026, with 3 days' grace: due 25 February (grace 26, 27, Sat 28) is out,
    # due 26 February (grace 27, 28, 2 March) is not
    assert escalation_cutoff(date(2026, 3, 1), 3) == date(2026, 2, 25)
    # on Monday 12 October 2026: anything due up to 7 October (grace 8, 9, Sat 10) is out,
    # due 8 October (grace 9, 10, 12) is not
    assert escalation_cutoff(date(2026, 10, 12), 3) == date(2026, 10, 7)
    # with no grace, anything due before today
    assert escalation_cutoff(date(2026, 3, 3), 0) == date(2026, 3, 2)


def test_one_failing_escalation_does_not_stop_the_others(world, make_request, monkeypatch):
    from gonghui.core.workflow import services

    # given two overdue requests, and an audit log that fails for the first one
    with time_machine.travel(at(2026, 2, 13), tick=False):
        first, second = make_request(), make_request()
    real_audit = services.audit_record

    def flaky(*args, **kwargs):
        if kwargs.get("obj") is not None and kwargs["obj"].pk == first.pk:
            raise RuntimeError("audit log unavailable")
        return real_audit(*args, **kwargs)

    monkeypatch.setattr(services, "audit_record", flaky)
    # when the check runs
    result = deadlines_check(today=date(2026, 3, 1))
    # then the second is escalated, the first is left whole for the next run
    assert result.escalated == 1
    assert result.failed == [open_deadline(first).pk]
    assert open_deadline(first).escalated_at is None
    assert not TimelineEntry.unscoped.filter(object_id=first.pk, kind=TimelineEntry.Kind.ESCALATION).exists()
    assert open_deadline(second).escalated_to == world.township_a
    # and once the log works again, the next run escalates the first
    monkeypatch.undo()
    assert deadlines_check(today=date(2026, 3, 1)).escalated == 1
