"""The alert's response timeline and the dispute's way through mediation.

Alert (劳动关系预警), "早发现、早报告、早介入"::

    raised ──confirm──▶ recorded ──report──▶ reported ──verify──▶ verified ──involve──▶ involved ──resolve──▶ resolved
    (by the periodic   (reported up by the      (核实)              (工会介入)                 └─hand_over─▶ handed_over
     job)                level's deadline)        verified ──hand_over──▶ handed_over (to the labour department)
       └──dismiss──▶ dismissed ◀──dismiss── recorded / reported (unfounded, with the reason)

Each step's deadline comes from the alert's level in the level table (``rules.alert_table``).

Dispute (劳动争议调解)::

    applied ──accept──▶ mediating ──agree──▶ agreed ──fulfil──▶ fulfilled
       │ (3 working days)  │ (15 days from the application; extend)    └─not_fulfilled─▶ unfulfilled ─┐
       └─refuse─▶ refused   ├─fail─▶ failed (no agreement) ──hand_over──▶ arbitration ◀──────────────┘
                            └─withdraw─▶ withdrawn                  └─close─▶ closed
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import CalendarDays, State, StateKind, Transition, Workflow, WorkingDays
from gonghui.core.workflow.rules import Rule
from gonghui.rights import rules

LOCAL_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
STAFF_ROLES = frozenset({Role.UNION_STAFF, Role.COUNTY_ADMIN})
FORMS = "gonghui.rights.forms"

# The effects run inside the transition's transaction, named by dotted path: the core imports them
# when a step is taken (models.py imports this module, the services import the models).
SERVICES = "gonghui.rights.services"


class AlertFlow(Workflow):
    name = "alert"
    model = "rights.Alert"
    view_permission = "rights.view_alert"
    list_related = ("employer",)
    states = [
        # The first state is the periodic job's: an automatically raised signal waits for staff.
        State(
            "raised",
            _("Raised automatically"),
            deadline=WorkingDays(5),
            responsible_roles=STAFF_ROLES,
            kind=StateKind.WAITING,
        ),
        State("recorded", _("To be reported"), deadline=WorkingDays(1), responsible_roles=LOCAL_ROLES),
        State("reported", _("Reported"), deadline=WorkingDays(1), responsible_roles=LOCAL_ROLES),
        State("verified", _("Verified"), deadline=WorkingDays(1), responsible_roles=LOCAL_ROLES),
        State("involved", _("Union involved"), deadline=CalendarDays(15), responsible_roles=LOCAL_ROLES),
        State("resolved", _("Resolved"), final=True),
        State("handed_over", _("Handed to the labour department"), final=True, kind=StateKind.DONE),
        State("dismissed", _("Dismissed"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "confirm",
            source="raised",
            target="recorded",
            label=_("Confirm the signal"),
            roles=STAFF_ROLES,
            icon="check2",
        ),
        Transition(
            "report",
            source="recorded",
            target="reported",
            label=_("Report up the tree"),
            roles=LOCAL_ROLES,
            effect=f"{SERVICES}.alert_mark_reported",
            icon="send",
        ),
        Transition(
            "verify", source="reported", target="verified", label=_("Verified (核实)"), roles=LOCAL_ROLES, icon="search"
        ),
        Transition(
            "involve",
            source="verified",
            target="involved",
            label=_("Union involved (介入)"),
            roles=LOCAL_ROLES,
            requires=("note",),
            icon="people",
        ),
        Transition(
            "resolve",
            source="involved",
            target="resolved",
            label=_("Resolved"),
            roles=LOCAL_ROLES,
            requires=("note",),
            style="success",
            icon="check2-circle",
        ),
        Transition(
            "hand_over",
            source=("verified", "involved"),
            target="handed_over",
            label=_("Hand to the labour department"),
            roles=LOCAL_ROLES,
            requires=("note",),
            style="outline-secondary",
            icon="box-arrow-up-right",
        ),
        Transition(
            "dismiss",
            source=("raised", "recorded", "reported"),
            target="dismissed",
            label=_("Dismiss"),
            roles=LOCAL_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        """Every step's period from the alert's level in the level table (``rules.level_policy``)."""
        if state == AlertState.RAISED:
            return cls.state_map[state].deadline, entered_on  # type: ignore[return-value]
        if state not in (AlertState.RECORDED, AlertState.REPORTED, AlertState.VERIFIED, AlertState.INVOLVED):
            return None
        policy = rules.level_policy(obj.level)
        basis = _("early-warning level table, level %(level)s") % {"level": obj.get_level_display()}
        if state == AlertState.RECORDED:
            # Reported counting from the day the signal was found (早发现、早报告), not the day it was
            # typed in; a signal raised by the periodic job counts from the day staff confirmed it.
            found = entered_on if obj.automatic or obj.observed_on is None else min(obj.observed_on, entered_on)
            if policy.report_same_day:
                # The same day: one calendar day counted from the day before (a rest day rolls on).
                return CalendarDays(1, basis=_("reported the same day")), found - timedelta(days=1)
            return WorkingDays(policy.report_working_days, basis=basis), found
        if state == AlertState.REPORTED:
            return WorkingDays(policy.verify_working_days, basis=basis), entered_on
        if state == AlertState.VERIFIED:
            return WorkingDays(policy.involve_working_days, basis=basis), entered_on
        return CalendarDays(policy.resolve_days, basis=basis), entered_on


AlertState = AlertFlow.constants  # AlertState.RAISED == "raised" …
OPEN_ALERT_STATES = (
    AlertState.RAISED,
    AlertState.RECORDED,
    AlertState.REPORTED,
    AlertState.VERIFIED,
    AlertState.INVOLVED,
)
FINAL_ALERT_STATES = (AlertState.RESOLVED, AlertState.HANDED_OVER, AlertState.DISMISSED)


class DisputeFlow(Workflow):
    name = "dispute"
    model = "rights.Dispute"
    view_permission = "rights.view_dispute"
    list_related = ("employer",)
    states = [
        State("applied", _("Application received"), deadline=rules.ACCEPTANCE, responsible_roles=LOCAL_ROLES),
        State("mediating", _("In mediation"), deadline=rules.MEDIATION, responsible_roles=LOCAL_ROLES),
        State("agreed", _("Agreement signed"), responsible_roles=LOCAL_ROLES, kind=StateKind.WAITING),
        State("failed", _("No agreement"), kind=StateKind.WAITING),
        State("unfulfilled", _("Agreement not fulfilled"), kind=StateKind.WAITING),
        State("refused", _("Not accepted"), final=True, kind=StateKind.REFUSED),
        State("withdrawn", _("Withdrawn"), final=True, kind=StateKind.CANCELLED),
        State("fulfilled", _("Agreement fulfilled"), final=True),
        State("arbitration", _("Handed to arbitration"), final=True, kind=StateKind.CANCELLED),
        State("closed", _("Closed"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "accept",
            source="applied",
            target="mediating",
            label=_("Accept (受理)"),
            roles=LOCAL_ROLES,
            effect=f"{SERVICES}.dispute_mark_accepted",
            icon="check2",
        ),
        Transition(
            "refuse",
            source="applied",
            target="refused",
            label=_("Refuse in writing (不予受理)"),
            roles=LOCAL_ROLES,
            requires=("note",),
            effect=f"{SERVICES}.dispute_mark_refused",
            style="outline-danger",
            icon="x-lg",
        ),
        Transition(
            "extend",
            source="mediating",
            target="mediating",
            label=_("Extend by agreement of both parties"),
            roles=LOCAL_ROLES,
            form=f"{FORMS}.ExtendStepForm",
            effect=f"{SERVICES}.dispute_extend",
            requires=("note",),
            style="outline-secondary",
            icon="calendar-plus",
        ),
        Transition(
            "agree",
            source="mediating",
            target="agreed",
            label=_("Record the agreement (调解协议)"),
            roles=LOCAL_ROLES,
            form=f"{FORMS}.AgreementStepForm",
            effect=f"{SERVICES}.dispute_record_agreement",
            style="success",
            icon="file-earmark-check",
        ),
        Transition(
            "fail",
            source="mediating",
            target="failed",
            label=_("No agreement (调解不成)"),
            roles=LOCAL_ROLES,
            effect=f"{SERVICES}.dispute_mark_ended",
            style="outline-secondary",
            icon="slash-circle",
        ),
        Transition(
            "withdraw",
            source=("applied", "mediating"),
            target="withdrawn",
            label=_("Withdrawn by the applicant"),
            roles=LOCAL_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="arrow-return-left",
        ),
        Transition(
            "fulfil",
            source="agreed",
            target="fulfilled",
            label=_("Agreement fulfilled"),
            roles=LOCAL_ROLES,
            form=f"{FORMS}.FulfilStepForm",
            effect=f"{SERVICES}.dispute_record_fulfilled",
            style="success",
            icon="check2-all",
        ),
        Transition(
            "not_fulfilled",
            source="agreed",
            target="unfulfilled",
            label=_("Agreement not fulfilled"),
            roles=LOCAL_ROLES,
            effect=f"{SERVICES}.dispute_record_not_fulfilled",
            requires=("note",),
            style="outline-danger",
            icon="exclamation-triangle",
        ),
        Transition(
            "hand_over",
            source=("failed", "unfulfilled"),
            target="arbitration",
            label=_("Hand to arbitration (仲裁)"),
            roles=LOCAL_ROLES,
            form=f"{FORMS}.ArbitrationStepForm",
            effect=f"{SERVICES}.dispute_hand_to_arbitration",
            icon="bank",
        ),
        Transition(
            "close",
            source=("failed", "unfulfilled"),
            target="closed",
            label=_("Close without arbitration"),
            roles=LOCAL_ROLES,
            requires=("note",),
            style="outline-secondary",
            icon="archive",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        """Acceptance and mediation count from the day the application was received, not the day it was entered."""
        if state == DisputeState.APPLIED:
            return rules.ACCEPTANCE, obj.applied_on
        if state == DisputeState.MEDIATING:
            return rules.mediation_rule(obj.applied_on, obj.extended_until), obj.applied_on
        if (
            state == DisputeState.AGREED
            and obj.perform_by is not None
            and obj.agreed_on is not None
            and obj.perform_by > obj.agreed_on
        ):
            return CalendarDays((obj.perform_by - obj.agreed_on).days, basis=_("调解协议约定的履行期限")), obj.agreed_on
        return None


DisputeState = DisputeFlow.constants  # DisputeState.APPLIED == "applied" …
OPEN_DISPUTE_STATES = (
    DisputeState.APPLIED,
    DisputeState.MEDIATING,
    DisputeState.AGREED,
    DisputeState.FAILED,
    DisputeState.UNFULFILLED,
)
