"""A festival batch's four eyes::

draft ──submit──▶ submitted ──approve──▶ approved
  ▲   (no line refused)  │ (≠ the maker; every line checked again, the payouts written)
  └──── return ◀─────────┘          cancel: draft / submitted
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow, WorkingDays
from gonghui.core.workflow.guards import NOT_THE_MAKER, not_the_maker

BATCH_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
SERVICES = "gonghui.welfare.services"


class WelfareBatchFlow(Workflow):
    name = "welfare-batch"
    model = "welfare.WelfareBatch"
    view_permission = "welfare.view_welfarebatch"
    states = [
        State("draft", _("Being made"), responsible_roles=BATCH_ROLES),
        State(
            "submitted",
            _("Waiting for approval"),
            deadline=WorkingDays(5),
            responsible_roles=BATCH_ROLES,
            kind=StateKind.WAITING,
        ),
        State("approved", _("Approved, payouts recorded"), final=True, kind=StateKind.DONE),
        State("cancelled", _("Cancelled"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "submit",
            source="draft",
            target="submitted",
            label=_("Submit for approval"),
            roles=BATCH_ROLES,
            effect=f"{SERVICES}.batch_check_for_submit",
            icon="send",
        ),
        Transition(
            "approve",
            source="submitted",
            target="approved",
            label=_("Approve (second person)"),
            roles=BATCH_ROLES,
            guard=not_the_maker(),
            guard_message=NOT_THE_MAKER,
            effect=f"{SERVICES}.batch_approve",
            style="success",
            icon="patch-check",
        ),
        Transition(
            "return",
            source="submitted",
            target="draft",
            label=_("Return to the maker"),
            roles=BATCH_ROLES,
            requires=("note",),
            style="outline-secondary",
            icon="arrow-return-left",
        ),
        Transition(
            "cancel",
            source=("draft", "submitted"),
            target="cancelled",
            label=_("Cancel the batch"),
            roles=BATCH_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
    ]


BatchState = WelfareBatchFlow.constants
