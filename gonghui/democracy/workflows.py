"""The module's workflows: a congress sitting, a motion, a worker's question, a collective contract.

Sitting (会议)::

    planned ──hold──▶ held (report to the higher union: 7 working days) ──report──▶ reported
       └──cancel──▶ cancelled

Motion (提案)::

    tabled ──accept (department, answer due)──▶ assigned (deadline: the answer's due day)
      │                                            └──answer──▶ answered ──feedback──▶ closed ──report──▶ reported
      └──decline (with the reason)──▶ not accepted

Question on disclosure (厂务公开 question)::

    asked (answer within 30 days) ──answer──▶ answered

Collective contract (集体合同)::

    requested (reply within 20 days) ──reply──▶ negotiating ──sign──▶ signed (file within 10 days; wage 7)
        │                                   ▲                            └──file──▶ filed (15-day objection window)
        └──abandon──▶ abandoned ◀──abandon──┘◀────────────────object──────────────────┘      └──in force──▶ in_force
                                                                                                 └──expire──▶ expired

Every period starts from the day of the event the object records (the request, the signing,
the labour department's receipt, the sitting), not from the day the step was entered in the
system: ``deadline_rule`` says so, and the rules come from ``rules.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import CalendarDays, State, StateKind, Transition, Workflow
from gonghui.core.workflow.rules import Rule
from gonghui.democracy import rules

ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
FORMS = "gonghui.democracy.forms"


# The effects run inside the transition's transaction, named by dotted path: the core imports them
# when a step is taken (models.py imports this module, the services import the models).
SERVICES = "gonghui.democracy.services"


# --- Sitting ----------------------------------------------------------------------------------


class SessionFlow(Workflow):
    name = "congress-session"
    model = "democracy.Session"
    view_permission = "democracy.view_congress"
    list_related = ("congress",)
    states = [
        State("planned", _("Planned"), responsible_roles=ROLES),
        State("held", _("Held, report due"), deadline=rules.REPORT_RULE, responsible_roles=ROLES),
        State("reported", _("Reported to the higher union"), final=True),
        State("cancelled", _("Cancelled"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "hold",
            source="planned",
            target="held",
            label=_("Record that the sitting was held"),
            roles=ROLES,
            form=f"{FORMS}.HoldStepForm",
            effect=f"{SERVICES}.session_hold",
            icon="people",
        ),
        Transition(
            "report",
            source="held",
            target="reported",
            label=_("Record the report to the higher union"),
            roles=ROLES,
            form=f"{FORMS}.ReportStepForm",
            effect=f"{SERVICES}.session_record_report",
            icon="send",
        ),
        Transition(
            "cancel",
            source="planned",
            target="cancelled",
            label=_("Cancel the sitting"),
            roles=ROLES,
            requires=("note",),
            style="danger",
            icon="x-circle",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        if state == SessionState.HELD and obj.held_on:
            return rules.REPORT_RULE, obj.held_on
        return super().deadline_rule(obj, state, entered_on)


SessionState = SessionFlow.constants  # SessionState.PLANNED == "planned" …


# --- Motion -----------------------------------------------------------------------------------


# The state's deadline is the answer's own due day (set by the motions committee); this rule is its shape.
ANSWER_BASIS = _("the answer's due day set by the motions committee")


class MotionFlow(Workflow):
    name = "motion"
    model = "democracy.Motion"
    view_permission = "democracy.view_motion"
    list_related = ("congress",)
    states = [
        State("tabled", _("Tabled"), responsible_roles=ROLES),
        State(
            "assigned",
            _("Assigned, answer due"),
            deadline=CalendarDays(30, basis=ANSWER_BASIS),
            responsible_roles=ROLES,
            kind=StateKind.WAITING,  # for the department's answer
        ),
        State("answered", _("Answered"), responsible_roles=ROLES),
        State("closed", _("Feedback recorded"), responsible_roles=ROLES),
        State("reported", _("Reported to the congress"), final=True),
        State("not_accepted", _("Not accepted"), final=True, kind=StateKind.REFUSED),
    ]
    transitions = [
        Transition(
            "accept",
            source="tabled",
            target="assigned",
            label=_("Accept and assign (立案)"),
            roles=ROLES,
            form=f"{FORMS}.AcceptStepForm",
            effect=f"{SERVICES}.motion_accept",
            icon="check2",
        ),
        Transition(
            "decline",
            source="tabled",
            target="not_accepted",
            label=_("Do not accept"),
            roles=ROLES,
            requires=("note",),
            effect=f"{SERVICES}.motion_decline",
            style="danger",
            icon="x-circle",
        ),
        Transition(
            "answer",
            source="assigned",
            target="answered",
            label=_("Record the department's answer"),
            roles=ROLES,
            form=f"{FORMS}.AnswerStepForm",
            effect=f"{SERVICES}.motion_answer",
            icon="reply",
        ),
        Transition(
            "feedback",
            source="answered",
            target="closed",
            label=_("Record the delegates' satisfaction"),
            roles=ROLES,
            form=f"{FORMS}.FeedbackStepForm",
            effect=f"{SERVICES}.motion_feedback",
            icon="emoji-smile",
        ),
        Transition(
            "report",
            source="closed",
            target="reported",
            label=_("Report to the next sitting"),
            roles=ROLES,
            form=f"{FORMS}.MotionReportStepForm",
            effect=f"{SERVICES}.motion_report",
            icon="send",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        if state == MotionState.ASSIGNED and obj.answer_due and obj.assigned_on and obj.answer_due > obj.assigned_on:
            days = (obj.answer_due - obj.assigned_on).days
            return CalendarDays(days, basis=ANSWER_BASIS), obj.assigned_on
        return super().deadline_rule(obj, state, entered_on)


MotionState = MotionFlow.constants


# --- Question on disclosure -----------------------------------------------------------------


class QuestionFlow(Workflow):
    name = "disclosure-question"
    model = "democracy.Question"
    view_permission = "democracy.view_disclosure"
    list_related = ("employer",)
    states = [
        State(
            "asked",
            _("Asked, answer due"),
            deadline=rules.QUESTION_RULE,
            responsible_roles=ROLES,
            kind=StateKind.WAITING,  # for the employer's answer
        ),
        State("answered", _("Answered"), final=True),
    ]
    transitions = [
        Transition(
            "answer",
            source="asked",
            target="answered",
            label=_("Record the employer's answer"),
            roles=ROLES,
            form=f"{FORMS}.QuestionAnswerStepForm",
            effect=f"{SERVICES}.question_answer",
            icon="reply",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        if state == QuestionState.ASKED and obj.asked_on:
            return rules.QUESTION_RULE, obj.asked_on
        return super().deadline_rule(obj, state, entered_on)


QuestionState = QuestionFlow.constants


# --- Collective contract --------------------------------------------------------------------


def _window_over(contract: Any, actor: Any) -> bool:
    return contract.objection_window_end is not None and timezone.localdate() > contract.objection_window_end


def _term_over(contract: Any, actor: Any) -> bool:
    return contract.term_end is not None and timezone.localdate() > contract.term_end


class ContractFlow(Workflow):
    name = "collective-contract"
    model = "democracy.CollectiveContract"
    view_permission = "democracy.view_collectivecontract"
    list_related = ("employer",)
    states = [
        State(
            "requested",
            _("Bargaining requested, reply due"),
            deadline=rules.REPLY_RULE,
            responsible_roles=ROLES,
            kind=StateKind.WAITING,  # for the employer's reply
        ),
        State("negotiating", _("Negotiating"), responsible_roles=ROLES),
        State("signed", _("Signed, filing due"), deadline=rules.FILING_RULE, responsible_roles=ROLES),
        State(
            "filed",
            _("Filed, objection window"),
            deadline=rules.OBJECTION_RULE,
            responsible_roles=ROLES,
            kind=StateKind.WAITING,  # for the labour department's objection window to end
        ),
        State("in_force", _("In force"), responsible_roles=ROLES),
        State("expired", _("Expired"), final=True),
        State("abandoned", _("Abandoned"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "reply",
            source="requested",
            target="negotiating",
            label=_("Record the reply"),
            roles=ROLES,
            form=f"{FORMS}.ReplyStepForm",
            effect=f"{SERVICES}.contract_record_reply",
            icon="reply",
        ),
        Transition(
            "sign",
            source="negotiating",
            target="signed",
            label=_("Record the signing"),
            roles=ROLES,
            form=f"{FORMS}.SignStepForm",
            effect=f"{SERVICES}.contract_sign",
            icon="pen",
        ),
        Transition(
            "file",
            source="signed",
            target="filed",
            label=_("Record the filing with the labour department"),
            roles=ROLES,
            form=f"{FORMS}.FileStepForm",
            effect=f"{SERVICES}.contract_file",
            icon="inbox",
        ),
        Transition(
            "object",
            source="filed",
            target="negotiating",
            label=_("Record an objection of the labour department"),
            roles=ROLES,
            requires=("note",),
            style="warning",
            icon="exclamation-triangle",
        ),
        Transition(
            "in_force",
            source="filed",
            target="in_force",
            label=_("In force (no objection within 15 days)"),
            roles=ROLES,
            guard=_window_over,
            guard_message=_("The labour department's 15-day objection window has not ended yet."),
            effect=f"{SERVICES}.contract_enter_into_force",
            icon="check2-circle",
        ),
        Transition(
            "expire",
            source="in_force",
            target="expired",
            label=_("Record the expiry"),
            roles=ROLES,
            guard=_term_over,
            guard_message=_("The contract's term has not ended yet."),
            style="secondary",
            icon="hourglass-bottom",
        ),
        Transition(
            "abandon",
            source=("requested", "negotiating"),
            target="abandoned",
            label=_("Abandon the bargaining"),
            roles=ROLES,
            requires=("note",),
            style="danger",
            icon="x-circle",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        if state == ContractState.REQUESTED and obj.requested_on:
            return rules.REPLY_RULE, obj.requested_on
        if state == ContractState.SIGNED and obj.signed_on:
            return rules.filing_rule(obj.is_wage_agreement), obj.signed_on
        if state == ContractState.FILED and obj.received_on:
            return rules.OBJECTION_RULE, obj.received_on
        return super().deadline_rule(obj, state, entered_on)


ContractState = ContractFlow.constants
