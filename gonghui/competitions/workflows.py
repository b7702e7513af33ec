"""A prize batch's four eyes (奖金发放批次)::

    draft ──submit──▶ submitted ──approve──▶ approved ──pay──▶ paid
      ▲                  │ (≠ the maker)                         (the day paid)
      └──── return ◀─────┘                       cancel: draft / submitted

The person who made the batch (``made_by``) cannot approve it: a second person must (the same
four eyes as the assistance centre's disbursement batches).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow, WorkingDays
from gonghui.core.workflow.guards import not_the_maker

if TYPE_CHECKING:
    pass

PRIZE_ROLES = frozenset({Role.UNION_STAFF, Role.COUNTY_ADMIN})
FORMS = "gonghui.competitions.forms"
# The effects run inside the transition's transaction, named by dotted path: the core imports them
# when a step is taken (models.py imports this module, the services import the models).
SERVICES = "gonghui.competitions.services"


class PrizeBatchFlow(Workflow):
    name = "prize-batch"
    model = "competitions.PrizeBatch"
    view_permission = "competitions.view_prizebatch"
    list_related = ("competition",)
    states = [
        State("draft", _("Being made"), responsible_roles=PRIZE_ROLES),
        State(
            "submitted",
            _("Waiting for approval"),
            deadline=WorkingDays(5),
            responsible_roles=PRIZE_ROLES,
            kind=StateKind.WAITING,
        ),
        State(
            "approved",
            _("Approved, to be paid"),
            deadline=WorkingDays(10),
            responsible_roles=PRIZE_ROLES,
            kind=StateKind.DONE,
        ),
        State("paid", _("Paid"), final=True),
        State("cancelled", _("Cancelled"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "submit",
            source="draft",
            target="submitted",
            label=_("Submit for approval"),
            roles=PRIZE_ROLES,
            effect=f"{SERVICES}.prize_batch_validate",
            icon="send",
        ),
        Transition(
            "approve",
            source="submitted",
            target="approved",
            label=_("Approve (second person)"),
            roles=PRIZE_ROLES,
            guard=not_the_maker("made_by"),
            guard_message=_("The person who made the batch cannot approve it: a second person must."),
            effect=f"{SERVICES}.prize_batch_approve",
            style="success",
            icon="patch-check",
        ),
        Transition(
            "pay",
            source="approved",
            target="paid",
            label=_("Mark as paid"),
            roles=PRIZE_ROLES,
            form=f"{FORMS}.PayStepForm",
            effect=f"{SERVICES}.prize_batch_pay",
            icon="cash-coin",
        ),
        Transition(
            "return",
            source="submitted",
            target="draft",
            label=_("Return to the maker"),
            roles=PRIZE_ROLES,
            requires=("note",),
            style="outline-secondary",
            icon="arrow-return-left",
        ),
        Transition(
            "cancel",
            source=("draft", "submitted"),
            target="cancelled",
            label=_("Cancel the batch"),
            roles=PRIZE_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
    ]


#: The states as constants: ``BatchState.PAID == "paid"``.
BatchState = PrizeBatchFlow.constants
