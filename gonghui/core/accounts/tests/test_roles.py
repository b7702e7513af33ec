"""Roles and permissions: separation of duties, read-only leaders, workers and inactive users."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from gonghui.core.accounts.backends import RoleBackend
from gonghui.core.accounts.roles import _PERMISSIONS, ADMINISTRATIVE_ROLES, Role, grant, permissions_of, roles_with

# Apps whose permissions are about running the system, not about the unions' data.
SYSTEM_APPS = {"accounts", "audit", "ops"}
DATA_ROLES = [role for role in Role if role not in ADMINISTRATIVE_ROLES]
# Deciding requests for accounts is account administration (core/access), the security administrator's.
ACCOUNT_REQUEST_ADMINISTRATION = {"access.view_accountrequest", "access.decide_accountrequest"}
# The system's health and job queue (core/ops): counts and ages, no data.
SYSTEM_STATUS = {"ops.view_status"}


def every_granted_permission() -> set[str]:
    return set().union(*_PERMISSIONS.values())


def app_of(perm: str) -> str:
    return perm.split(".", 1)[0]


def test_every_role_is_known_to_the_table():
    # a typo in a role passed to grant() would create a role nobody can hold
    assert set(_PERMISSIONS) <= set(Role)


def test_audit_admin_reads_the_audit_log_and_nothing_else():
    assert permissions_of(Role.AUDIT_ADMIN) == {"audit.view_auditevent"}


def test_security_admin_manages_accounts_and_reads_only_union_names():
    perms = permissions_of(Role.SECURITY_ADMIN)
    assert {"accounts.view_user", "accounts.add_user", "accounts.change_user", "accounts.unlock_user"} <= perms
    others = {p for p in perms if app_of(p) != "accounts"} - ACCOUNT_REQUEST_ADMINISTRATION - SYSTEM_STATUS
    assert others == {"tree.view_union"}


@pytest.mark.parametrize("role", sorted(ADMINISTRATIVE_ROLES))
def test_administrators_hold_no_permission_of_a_data_app(role):
    perms = permissions_of(role)
    data_perms = (
        {p for p in perms if app_of(p) not in SYSTEM_APPS} - {"tree.view_union"} - ACCOUNT_REQUEST_ADMINISTRATION
    )
    assert data_perms == set()
    assert "tree.add_union" not in perms
    assert "tree.change_union" not in perms
    assert "tree.move_union" not in perms


def test_the_two_administrators_share_nothing():
    assert permissions_of(Role.SECURITY_ADMIN) & permissions_of(Role.AUDIT_ADMIN) == set()
    assert "audit.view_auditevent" not in permissions_of(Role.SECURITY_ADMIN)
    assert not {p for p in permissions_of(Role.AUDIT_ADMIN) if app_of(p) == "accounts"}


@pytest.mark.parametrize("role", DATA_ROLES)
def test_no_data_role_reads_the_audit_log_or_manages_accounts(role):
    perms = permissions_of(role)
    assert "audit.view_auditevent" not in perms
    assert "accounts.add_user" not in perms
    assert {p for p in perms if app_of(p) in SYSTEM_APPS} == set()


def test_only_the_administrators_hold_system_permissions():
    assert roles_with("audit.view_auditevent") == [Role.AUDIT_ADMIN]
    assert roles_with("accounts.add_user") == [Role.SECURITY_ADMIN]
    assert roles_with("accounts.change_user") == [Role.SECURITY_ADMIN]


def test_leader_only_reads():
    perms = permissions_of(Role.LEADER)
    assert perms, "a leader reads at least the union tree"
    assert all(p.split(".", 1)[1].startswith("view_") for p in perms), sorted(perms)


def test_worker_has_no_permission(world):
    assert permissions_of(Role.WORKER) == frozenset()
    assert world.wendy.get_all_permissions() == set()
    assert not any(world.wendy.has_perm(p) for p in every_granted_permission())


def test_users_get_their_role_permissions_through_the_backend(world):
    assert world.alice.get_all_permissions() == set(permissions_of(Role.COUNTY_ADMIN))
    assert world.alice.has_perm("tree.add_union")
    assert not world.leo.has_perm("tree.add_union")
    assert world.leo.has_perm("tree.view_union")
    assert world.sam.has_module_perms("accounts")
    assert not world.sam.has_module_perms("audit")
    assert world.audrey.has_module_perms("audit")


def test_permissions_are_not_granted_per_object(world):
    # the scope, not the permission table, decides which objects; a per-object check is refused
    assert RoleBackend().get_all_permissions(world.alice, obj=world.union_c) == set()


def test_an_inactive_user_has_no_permission(world):
    world.alice.is_active = False
    assert world.alice.get_all_permissions() == set()
    assert not any(world.alice.has_perm(p) for p in every_granted_permission())
    assert world.alice.role_permissions == frozenset()
    # and cannot be loaded back into a session
    world.alice.save(update_fields=["is_active"])
    assert RoleBackend().get_user(world.alice.pk) is None


def test_anonymous_has_no_permission():
    anonymous = AnonymousUser()
    assert RoleBackend().get_all_permissions(anonymous) == set()
    assert not RoleBackend().has_perm(anonymous, "tree.view_union")


def test_group_and_user_permission_rows_are_ignored(world):
    backend = RoleBackend()
    assert backend.get_user_permissions(world.alice) == set()
    assert backend.get_group_permissions(world.alice) == set()


def test_grant_needs_app_label_and_codename():
    with pytest.raises(ValueError, match=r"app_label\.codename"):
        grant(Role.WORKER, "view_union")
    assert permissions_of(Role.WORKER) == frozenset()
