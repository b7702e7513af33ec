"""Writes to accounts. Each runs in one transaction and writes its audit row there."""

from __future__ import annotations

import secrets
import string
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import APPOINTED_ROLES, MANAGED_ROLES, Role
from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.services import require
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import assert_in_scope

EDITABLE_FIELDS = ("full_name", "phone", "id_number", "union", "role", "is_active")
PERSONAL_FIELDS = ("phone", "id_number")
PERMISSION_FIELDS = {"union", "role", "is_active"}


def may_manage_account(actor: Any, user: User) -> bool:
    """Whether ``actor`` may reset ``user``'s password or change their role, union or activity.

    The accounts of the administrators and the county administrator are nobody's to take
    over (三权分立): only the operator's command line (``actor=None``) manages them.
    """
    return actor is None or user.role not in APPOINTED_ROLES


def _require_manageable(actor: Any, user: User) -> None:
    # The stored role decides, whatever was set on the instance in memory.
    stored = User.unscoped.filter(pk=user.pk).values_list("role", flat=True).first() if user.pk else None
    if not may_manage_account(actor, user) or (actor is not None and stored in APPOINTED_ROLES):
        raise PermissionDenied(
            _(
                "Administrator accounts are managed on the operator's command line only: "
                "their password, role, union and status cannot be changed here."
            )
        )


def _require_assignable(actor: Any, role: str) -> None:
    if actor is not None and role in APPOINTED_ROLES:
        raise PermissionDenied(
            _(
                "County, security and audit administrators are appointed on the operator's command line; "
                "this role cannot be given here."
            )
        )


def generate_password(length: int = 14) -> str:
    """A random password that satisfies the password rules (all four character classes)."""
    alphabet = string.ascii_letters + string.digits + "#%+-=@"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    union: Union,
    role: str,
    password: str,
    phone: str = "",
    id_number: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Create an account at ``union``. ``actor=None`` is the operator's command line."""
    require(actor, "accounts.add_user")
    _require_assignable(actor, role)
    if actor is not None:
        assert_in_scope(union.path)
    if User.unscoped.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    user = User(
        username=username,
        full_name=full_name,
        union=union,
        role=role,
        phone=phone,
        id_number=id_number or None,
        must_change_password=must_change_password,
    )
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean()
    user.save()
    audit_record(Action.CREATE, obj=user, actor=actor, changes=diff({}, snapshot(user, list(EDITABLE_FIELDS))))
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **fields: Any) -> User:
    """Change an account's details. A change of union, role or activity is a permission change."""
    require(actor, "accounts.change_user")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"user_update() cannot change {sorted(unknown)}")
    if actor is not None and actor.pk == user.pk and PERMISSION_FIELDS & set(fields):
        raise PermissionDenied(_("You cannot change your own role, union or activity."))
    if PERMISSION_FIELDS & set(fields):
        _require_manageable(actor, user)
    if "role" in fields:
        _require_assignable(actor, fields["role"])
    if "id_number" in fields:
        fields["id_number"] = fields["id_number"] or None
    before = snapshot(user, list(EDITABLE_FIELDS))
    personal_before = {name: getattr(user, name) for name in PERSONAL_FIELDS}
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    if actor is not None:
        assert_in_scope(user.union.path)
    after = snapshot(user, list(EDITABLE_FIELDS))
    changes = diff(before, after)
    for name in PERSONAL_FIELDS:
        # Masked forms can coincide (138****5678) although the numbers differ: record the change.
        if getattr(user, name) != personal_before[name] and name not in changes:
            changes[name] = [before.get(name), after.get(name)]
    if changes:
        action = Action.PERMISSION_CHANGE if PERMISSION_FIELDS & set(changes) else Action.UPDATE
        audit_record(action, obj=user, actor=actor, changes=changes)
    return user


@transaction.atomic
def user_reset_password(*, actor: Any, user: User, password: str | None = None) -> str:
    """Give ``user`` a new password, to be changed at next login; returns it once.

    The password is random unless the operator's command line (``actor=None``) types one.
    An administrator's account is reset only there (see ``may_manage_account``).
    """
    require(actor, "accounts.change_user")
    _require_manageable(actor, user)
    if password is None:
        password = generate_password()
    elif actor is not None:
        raise TypeError("only the operator's command line chooses the new password")
    else:
        validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = True
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit_record(Action.PASSWORD_RESET, obj=user, actor=actor)
    return password


@transaction.atomic
def user_change_own_password(*, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit_record(Action.PASSWORD_CHANGE, obj=user, actor=user)


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> int:
    """Lift a lockout after failed logins; returns how many failure records were cleared."""
    require(actor, "accounts.unlock_user")
    cleared = axes_reset(username=user.username)
    audit_record(Action.UNLOCK, obj=user, actor=actor, note=str(cleared))
    return cleared


def assignable_roles(actor: Any) -> list[tuple[str, Any]]:
    """Roles the actor may hand out: the ordinary ones (the command line may give any)."""
    roles = list(Role) if actor is None else MANAGED_ROLES
    return [(role.value, role.label) for role in roles]
