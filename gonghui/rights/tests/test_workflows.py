"""Alerts and disputes through their services and workflow steps: levels, deadlines, escalation, reminders."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from gonghui.core.audit.models import AuditEvent
from gonghui.core.calendar import statutory
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web import reminders
from gonghui.core.workflow.models import Deadline
from gonghui.core.workflow.services import deadlines_check, transition_perform
from gonghui.rights.models import Alert, Dispute
from gonghui.rights.services import alert_create
from gonghui.rights.tests.factories import make_dispute, make_employer
from gonghui.rights.workflows import DisputeState


def _deadline(obj: Any) -> Deadline:
    with system_scope("the test reads the deadline"):
        return Deadline.unscoped.get(
            object_id=obj.pk, workflow=obj.flow.name if hasattr(obj, "flow") else "dispute", closed_at__isnull=True
        )  # unscoped: the test reads the row


def test_a_wage_arrears_signal_of_twelve_workers_is_yellow_and_due_up_the_tree(world: World) -> None:
    employer = make_employer(world.union_c)
    alert = alert_create(
        actor=world.bob,
        employer=employer,
        signal="wage_arrears",
        observed_on=date(2026, 11, 2),
        workers=12,
        amount=Decimal("86000"),
        months=1,
    )
    assert alert.level == "yellow"
    assert alert.state == "recorded"
    deadline = _deadline(alert)
    # yellow: reported to the township within 3 working days of the day it was recorded
    assert deadline.due_on == statutory.add_working_days(deadline.started_on, 3, assume_weekdays=True)
    transition_perform(actor=world.carol, obj=alert, name="report")
    alert.refresh_from_db()
    assert alert.state == "reported"
    assert alert.reported_to == world.township_a


def test_the_reporting_deadline_counts_from_the_day_the_signal_was_found(world: World) -> None:
    employer = make_employer(world.union_c)
    alert = alert_create(
        actor=world.bob, employer=employer, signal="wage_arrears", observed_on=date(2025, 9, 30), workers=12
    )
    deadline = _deadline(alert)
    assert deadline.started_on == date(2025, 9, 30)
    assert deadline.due_on == date(2025, 10, 11)  # 3 working days through National Day: the 调休 Saturday


def test_a_red_signal_is_reported_to_the_county_the_same_day(world: World) -> None:
    employer = make_employer(world.union_c)
    alert = alert_create(
        actor=world.bob,
        employer=employer,
        signal="collective_incident",
        incident="stoppage",
        observed_on=date(2026, 11, 2),
        workers=40,
    )
    assert alert.level == "red"
    deadline = _deadline(alert)
    started = deadline.started_on + timedelta(days=1)  # counted from the day before: due the day itself
    expected = (
        started
        if statutory.is_working_day(started, assume_weekdays=True)
        else statutory.next_working_day(started, assume_weekdays=True)
    )
    assert deadline.due_on == expected
    transition_perform(actor=world.bob, obj=alert, name="report")
    alert.refresh_from_db()
    assert alert.reported_to == world.county


def test_escalation_exactly_after_the_grace_period_reaches_the_county(world: World) -> None:
    employer = make_employer(world.township_a)  # kept by the township: escalation goes to the county
    alert = alert_create(
        actor=world.bob, employer=employer, signal="wage_arrears", observed_on=date(2026, 11, 2), workers=12
    )
    due = _deadline(alert).due_on
    grace = settings.GONGHUI_ESCALATION_GRACE_DAYS
    last_day_of_grace = statutory.add_working_days(due, grace, assume_weekdays=True)
    # overdue the day after it fell due: the county administrator (responsible in her subtree) is reminded
    deadlines_check(today=due + timedelta(days=1))
    assert _deadline(alert).overdue_since == due + timedelta(days=1)
    assert _deadline(alert).escalated_to_id is None
    deadlines_check(today=last_day_of_grace)
    assert _deadline(alert).escalated_to_id is None
    deadlines_check(today=last_day_of_grace + timedelta(days=1))
    assert _deadline(alert).escalated_to_id == world.county.pk


def test_overdue_reporting_appears_in_the_county_reminders(world: World) -> None:
    employer = make_employer(world.union_c)
    alert = alert_create(
        actor=world.bob, employer=employer, signal="wage_arrears", observed_on=date(2026, 11, 2), workers=12
    )
    due = _deadline(alert).due_on
    today = due + timedelta(days=1)
    deadlines_check(today=today)
    titles = [item.title for item in reminders.ReminderList(world.alice, today=today)[0:100]]
    assert str(alert) in titles
    # and not to another township
    assert str(alert) not in [item.title for item in reminders.ReminderList(world.bea, today=today)[0:100]]


def test_a_dispute_of_nine_is_individual_and_of_ten_collective_with_representatives(world: World) -> None:
    nine = make_dispute(world, applied_on=date(2025, 9, 30), workers=9)
    assert nine.kind == Dispute.Kind.INDIVIDUAL
    with pytest.raises(ValidationError):
        make_dispute(world, applied_on=date(2025, 9, 30), workers=10)
    ten = make_dispute(world, applied_on=date(2025, 9, 30), workers=10, representatives="李四、王五")
    assert ten.kind == Dispute.Kind.COLLECTIVE


def test_a_dispute_received_before_the_holiday_runs_to_agreement_and_arbitration(world: World) -> None:
    dispute = make_dispute(
        world,
        applied_on=date(2025, 9, 30),
        claims=[("wages", Decimal("12000"))],
        knew_on=date(2025, 8, 1),
        employment_ended_on=date(2025, 9, 1),
    )
    assert dispute.acceptance_due == date(2025, 10, 11)
    assert dispute.mediation_due == date(2025, 10, 15)
    assert dispute.limitation_ends == date(2026, 9, 1)
    assert _deadline(dispute).due_on == date(2025, 10, 11)
    transition_perform(actor=world.carol, obj=dispute, name="accept")
    assert _deadline(dispute).due_on == date(2025, 10, 15)
    transition_perform(
        actor=world.carol,
        obj=dispute,
        name="agree",
        data={
            "agreed_on": date(2025, 10, 14),
            "agreement_terms": "支付工资12000元",
            "amount_agreed": Decimal("12000"),
            "perform_by": date(2025, 10, 31),
        },
    )
    transition_perform(actor=world.carol, obj=dispute, name="not_fulfilled", note="逾期未付")
    transition_perform(actor=world.carol, obj=dispute, name="hand_over", data={"arbitration_on": date(2025, 11, 5)})
    dispute.refresh_from_db()
    assert dispute.state == "arbitration"
    assert dispute.fulfilled is False
    assert dispute.ended_on == date(2025, 10, 14)
    with system_scope("the test reads the audit log"):
        actions = list(
            AuditEvent.objects.filter(object_type="rights.dispute", object_id=str(dispute.pk)).values_list(
                "action", flat=True
            )
        )
    assert actions.count("transition") == 4


def test_an_extension_moves_the_mediation_deadline(world: World) -> None:
    dispute = make_dispute(world, applied_on=date(2025, 9, 16))
    transition_perform(actor=world.carol, obj=dispute, name="accept")
    assert _deadline(dispute).due_on == date(2025, 10, 9)
    transition_perform(
        actor=world.carol, obj=dispute, name="extend", note="双方同意", data={"extended_until": date(2025, 10, 25)}
    )
    dispute.refresh_from_db()
    assert dispute.mediation_due == date(2025, 10, 27)  # Saturday 10-25 rolls to Monday
    assert _deadline(dispute).due_on == date(2025, 10, 27)


def test_the_refusal_keeps_its_reason_and_a_fulfilled_agreement_what_was_paid(world: World) -> None:
    refused = make_dispute(world, applied_on=date(2025, 9, 16))
    transition_perform(actor=world.carol, obj=refused, name="refuse", note="不属于调解范围")
    refused.refresh_from_db()
    assert (refused.state, refused.refusal_reason) == (DisputeState.REFUSED, "不属于调解范围")
    kept = make_dispute(world, applied_on=date(2025, 9, 16))
    transition_perform(actor=world.carol, obj=kept, name="accept")
    agreement = {"agreed_on": date(2025, 9, 30), "agreement_terms": "支付工资", "amount_agreed": Decimal("5000")}
    transition_perform(actor=world.carol, obj=kept, name="agree", data=agreement)
    transition_perform(actor=world.carol, obj=kept, name="fulfil", data={"amount_recovered": Decimal("5000")})
    kept.refresh_from_db()
    assert (kept.state, kept.fulfilled, kept.amount_recovered) == (DisputeState.FULFILLED, True, Decimal("5000"))


def test_another_township_cannot_record_a_signal_here(world: World) -> None:
    from django.http import Http404

    employer = make_employer(world.union_c)
    with pytest.raises(Http404):
        alert_create(
            actor=world.bea, employer=employer, signal="wage_arrears", observed_on=date(2026, 11, 2), workers=3
        )
    with system_scope("the test checks nothing was written"):
        assert not Alert.unscoped.filter(employer=employer).exists()  # unscoped: the test reads the table


def test_a_limitation_running_out_is_a_reminder(world: World) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    knew = today.replace(year=today.year - 1) + timedelta(days=20)  # 20 days or so left
    dispute = make_dispute(world, applied_on=today - timedelta(days=30), knew_on=knew)
    transition_perform(actor=world.carol, obj=dispute, name="accept")
    transition_perform(actor=world.carol, obj=dispute, name="fail")
    titles = [item.title for item in reminders.ReminderList(world.carol, today=today)[0:100]]
    assert str(dispute) in titles
    transition_perform(actor=world.carol, obj=dispute, name="hand_over", data={"arbitration_on": today})
    titles = [item.title for item in reminders.ReminderList(world.carol, today=today)[0:100]]
    assert str(dispute) not in titles
