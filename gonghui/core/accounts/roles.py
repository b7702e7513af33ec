"""Roles and what each may do.

A user holds one role at one node of the union tree. The role decides *what* they may do
(permissions, in Django's ``app.codename`` form, so ``user.has_perm`` and ``{% if perms %}``
work as usual); their node decides *where* (the scope, see ``tree.scoping``).

The table is code, not rows, so it is reviewed like code. Each module grants its own
permissions in its ``AppConfig.ready()`` with ``grant()``; the core names no module.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("County administrator")
    UNION_STAFF = "union_staff", _("Union staff")
    GRASSROOTS_OFFICER = "grassroots_officer", _("Grassroots union officer")
    ASSISTANCE_CENTRE = "assistance_centre", _("Assistance centre staff")
    LEADER = "leader", _("Leader (read-only)")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")
    WORKER = "worker", _("Worker")


# Separation of duties (三权分立): these roles administer the system and never read its data.
ADMINISTRATIVE_ROLES = frozenset({Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Accounts nobody may take over (三权分立): the administrators and the county administrator
# are appointed from the operator's command line (`gonghui createuser`, `gonghui resetpassword`).
# In the browser nobody creates them, resets their password, or changes their role, union or
# activity; no account is given one of these roles there either.
APPOINTED_ROLES = frozenset({Role.COUNTY_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# What the security administrator manages: ordinary accounts within their subtree.
MANAGED_ROLES = tuple(role for role in Role if role not in APPOINTED_ROLES)
# Roles that see nothing of the union tree's data (a worker sees only their own records).
UNSCOPED_DATA_ROLES = frozenset({Role.WORKER})

_PERMISSIONS: dict[str, set[str]] = defaultdict(set)


def grant(role: Role, *perms: str) -> None:
    """Give ``role`` the permissions ``perms`` (called from each app's ``ready()``)."""
    for perm in perms:
        if "." not in perm:
            raise ValueError(f"permission {perm!r} must be 'app_label.codename'")
    _PERMISSIONS[role].update(perms)


def permissions_of(role: str) -> frozenset[str]:
    return frozenset(_PERMISSIONS.get(role, ()))


def roles_with(perm: str) -> list[Role]:
    return [role for role in Role if perm in _PERMISSIONS.get(role, ())]
