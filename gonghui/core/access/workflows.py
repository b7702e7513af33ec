"""The account request's workflow: submitted → approved / rejected / withdrawn (MLPS account approval)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow, WorkingDays

REQUESTER_ROLES = frozenset({Role.COUNTY_ADMIN, Role.UNION_STAFF, Role.GRASSROOTS_OFFICER})


def _is_requester(request: Any, actor: Any) -> bool:
    return actor is None or request.requested_by_id == actor.pk


class AccountRequestFlow(Workflow):
    name = "account_request"
    model = "access.AccountRequest"
    view_permission = "access.view_accountrequest"
    escalation_roles = frozenset({Role.SECURITY_ADMIN, Role.COUNTY_ADMIN, Role.UNION_STAFF})
    states = [
        State(
            "submitted",
            _("Awaiting approval"),
            deadline=WorkingDays(3),
            responsible_roles=frozenset({Role.SECURITY_ADMIN}),
            kind=StateKind.WAITING,
        ),
        State("approved", _("Approved"), final=True),
        State("rejected", _("Rejected"), final=True, kind=StateKind.REFUSED),
        State("withdrawn", _("Withdrawn"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "approve",
            source="submitted",
            target="approved",
            label=_("Approve and create the account"),
            roles=frozenset({Role.SECURITY_ADMIN}),
            effect="gonghui.core.access.services.account_request_fulfil",  # by path: services import the models
            done_template="access/request_approved.html",
            style="success",
            icon="check-lg",
        ),
        Transition(
            "reject",
            source="submitted",
            target="rejected",
            label=_("Reject"),
            roles=frozenset({Role.SECURITY_ADMIN}),
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
        Transition(
            "withdraw",
            source="submitted",
            target="withdrawn",
            label=_("Withdraw"),
            roles=REQUESTER_ROLES,
            guard=_is_requester,
            guard_message=_("Only the person who made the request may withdraw it."),
            style="outline-secondary",
            icon="arrow-counterclockwise",
        ),
    ]


#: The states as constants: ``RequestState.SUBMITTED == "submitted"``.
RequestState = AccountRequestFlow.constants
