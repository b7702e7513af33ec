"""Writes to account requests. Approving, rejecting and withdrawing are workflow steps:
``workflow.services.transition_perform(actor=..., obj=request, name="approve" | "reject" | "withdraw")``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.access.models import REQUESTABLE_ROLES, AccountRequest
from gonghui.core.access.workflows import RequestState
from gonghui.core.accounts.models import User
from gonghui.core.accounts.services import generate_password, user_create
from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, assert_in_scope
from gonghui.core.workflow.services import workflow_start

AUDITED_FIELDS = ["union", "full_name", "username", "role", "phone", "reason", "state", "requested_by"]


@transaction.atomic
def account_request_create(
    *,
    actor: Any,
    union: Union,
    full_name: str,
    username: str,
    role: str,
    reason: str,
    phone: str = "",
) -> AccountRequest:
    """Ask for an account for a person at ``union`` (in the actor's subtree); its deadline starts now."""
    if not actor.has_perm("access.add_accountrequest"):
        raise PermissionDenied
    with acting_as(actor):
        assert_in_scope(union.path)
        if role not in dict(REQUESTABLE_ROLES):
            raise ValidationError({"role": _("This role cannot be requested; it is appointed.")})
        username = username.strip()
        if (
            User.unscoped.filter(username__iexact=username).exists()
            or AccountRequest.unscoped.filter(username__iexact=username, state=RequestState.SUBMITTED).exists()
        ):
            raise ValidationError({"username": _("This user name is taken or already requested.")})
        request = AccountRequest(
            union=union,
            full_name=full_name.strip(),
            username=username,
            role=role,
            phone=phone,
            reason=reason.strip(),
            requested_by=actor,
        )
        request.full_clean()
        request.save()
        audit_record(Action.CREATE, obj=request, actor=actor, changes=diff({}, snapshot(request, AUDITED_FIELDS)))
        workflow_start(actor=actor, obj=request)
        assert_in_scope(union.path)
    return request


def account_request_fulfil(*, actor: Any, request: AccountRequest) -> str:
    """Create the requested account (the "approve" step's effect); returns its temporary password.

    Runs inside the transition's transaction: if the account cannot be created (the name
    was taken meanwhile), the approval is refused and rolled back.
    """
    password = generate_password()
    try:
        account = user_create(
            actor=actor,
            username=request.username,
            full_name=request.full_name,
            union=request.union,
            role=request.role,
            password=password,
            phone=request.phone or "",
            must_change_password=True,
        )
    except ValidationError as exc:
        messages = exc.message_dict.get("username") if hasattr(exc, "error_dict") else None
        raise ValidationError(messages or exc.messages) from exc
    AccountRequest.unscoped.filter(pk=request.pk).update(account=account)
    request.account = account
    return password
