"""A worker request's way from receipt to the answer and the worker's rating (职工诉求办理)::

    received ──assign──▶ assigned ──contact──▶ contacted ──answer──▶ answered ──rate──▶ closed
    (受理, assigned       (first contact      (answer by the     (the worker      (the worker rated it,
     within 1 working     within the          category's         reads the        or staff closed it
     day)                 category's days)    working days)      reply)           without a rating)
        │                     │                   │
        ├──transfer──▶ transferred  (to another union, which receives it as a new request; the
        │                            tracking code follows it there)
        ├──to_mediation──▶ converted (a mediation case of the rights module, linked both ways)
        └──to_hardship──▶  converted (a hardship application of the assistance module)

Deadlines count from the day of receipt (``rules.periods``): the first contact and the answer
in working days per category. Late, a deadline escalates after the core's grace period to the
union above (the township), then to the one above that (the county): ``escalation_levels = None``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow
from gonghui.core.workflow.rules import Rule
from gonghui.requests import rules

HANDLING_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
FORMS = "gonghui.requests.forms"
# The effects run inside the transition's transaction, named by dotted path (models.py imports
# this module, the services import the models).
SERVICES = "gonghui.requests.services"
OPEN_SOURCES = ("received", "assigned", "contacted")


class RequestFlow(Workflow):
    name = "request"
    model = "requests.Request"
    view_permission = "requests.view_request"
    list_related = ("union",)
    escalation_levels = None
    states = [
        State(
            "received",
            pgettext_lazy("requests", "Received"),
            deadline=rules.ASSIGN_RULE,
            responsible_roles=HANDLING_ROLES,
        ),
        # The rules below are the category's (deadline_rule); these are never used.
        State(
            "assigned",
            _("Assigned, to be contacted"),
            deadline=rules.first_contact_rule("other"),
            responsible_roles=HANDLING_ROLES,
        ),
        State(
            "contacted",
            _("Worker contacted, being handled"),
            deadline=rules.answer_rule("other"),
            responsible_roles=HANDLING_ROLES,
        ),
        State("answered", pgettext_lazy("requests", "Answered"), kind=StateKind.WAITING),
        State("closed", pgettext_lazy("requests", "Closed"), final=True),
        State("transferred", _("Transferred to another union"), final=True, kind=StateKind.CANCELLED),
        State("converted", _("Taken up as a case"), final=True),
    ]
    transitions = [
        Transition(
            "assign",
            source=("received", "assigned"),
            target="assigned",
            label=_("Assign to a person"),
            roles=HANDLING_ROLES,
            form=f"{FORMS}.AssignForm",
            effect=f"{SERVICES}.request_assign",
            icon="person-check",
        ),
        Transition(
            "contact",
            source="assigned",
            target="contacted",
            label=_("Record the first contact"),
            roles=HANDLING_ROLES,
            form=f"{FORMS}.ContactForm",
            effect=f"{SERVICES}.request_record_contact",
            icon="telephone",
        ),
        Transition(
            "answer",
            source=("assigned", "contacted"),
            target="answered",
            label=_("Answer the worker"),
            roles=HANDLING_ROLES,
            form=f"{FORMS}.AnswerForm",
            effect=f"{SERVICES}.request_answer",
            style="success",
            icon="chat-left-text",
        ),
        Transition(
            "rate",
            source="answered",
            target="closed",
            label=_("Rate the answer"),
            # Taken by the worker through the tracking page or their own pages (a service with
            # no actor: the worker is known by the code or their account, not by scope).
            roles=frozenset({Role.WORKER}),
            effect=f"{SERVICES}.request_record_rating",
        ),
        Transition(
            "close",
            source="answered",
            target="closed",
            label=_("Close without a rating"),
            roles=HANDLING_ROLES,
            requires=("note",),
            style="outline-secondary",
            icon="check2-square",
        ),
        Transition(
            "transfer",
            source=OPEN_SOURCES,
            target="transferred",
            label=_("Transfer to another union"),
            roles=HANDLING_ROLES,
            requires=("note",),
            form=f"{FORMS}.TransferForm",
            effect=f"{SERVICES}.request_transfer",
            style="outline-primary",
            icon="arrow-left-right",
        ),
        Transition(
            "to_mediation",
            source=OPEN_SOURCES,
            target="converted",
            label=_("Take up as a mediation case"),
            roles=HANDLING_ROLES,
            guard=lambda request, actor: request.employer_id is not None,
            guard_message=_("A mediation case needs the employer from the register: this request names none."),
            form=f"{FORMS}.MediationForm",
            effect=f"{SERVICES}.request_to_mediation",
            style="outline-primary",
            icon="people",
        ),
        Transition(
            "to_hardship",
            source=OPEN_SOURCES,
            target="converted",
            label=_("Open a hardship application"),
            roles=HANDLING_ROLES,
            guard=lambda request, actor: request.worker_id is not None,
            guard_message=_(
                "A hardship application needs the worker's record in the registry: this request was not filed "
                "by a registered worker."
            ),
            form=f"{FORMS}.HardshipForm",
            effect=f"{SERVICES}.request_to_hardship",
            style="outline-primary",
            icon="heart",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        """The first contact and the answer count from the day of receipt, by the request's category."""
        if state == RequestState.ASSIGNED:
            return rules.first_contact_rule(obj.category), obj.received_on
        if state == RequestState.CONTACTED:
            return rules.answer_rule(obj.category), obj.received_on
        return super().deadline_rule(obj, state, entered_on)


RequestState = RequestFlow.constants  # RequestState.RECEIVED == "received" …
#: Still to be answered.
OPEN_STATES: tuple[str, ...] = (RequestState.RECEIVED, RequestState.ASSIGNED, RequestState.CONTACTED)
