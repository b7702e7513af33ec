"""Separation of the administrators' powers (三权分立): nobody takes over an administrator's account.

The county, security and audit administrators are appointed and reset on the operator's
command line only. In the browser the security administrator manages ordinary accounts.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from gonghui.core.accounts import services
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import APPOINTED_ROLES, MANAGED_ROLES, Role
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.two_factor import sign_in
from gonghui.core.testing.world import PASSWORD, USERNAMES
from gonghui.core.tree.scoping import acting_as

NEW_URL = "/accounts/users/new/"
REFUSED = "管理员账号只能由运维人员通过命令行管理"
# Every administrator sam (security administrator at the county) can see: the county and
# audit administrators beside him, and the township's security and audit administrators.
ADMINISTRATORS = ["alice", "audrey", "sid", "aud"]


def edit_data(user: User, **overrides) -> dict:
    data = {
        "full_name": user.full_name,
        "phone": user.phone,
        "union": user.union_id,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def zh(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def stored(user: User) -> User:
    return User.unscoped.get(pk=user.pk)


def test_appointed_roles_are_the_three_administrators():
    assert set(APPOINTED_ROLES) == {Role.COUNTY_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
    assert set(MANAGED_ROLES) == {
        Role.UNION_STAFF,
        Role.GRASSROOTS_OFFICER,
        Role.ASSISTANCE_CENTRE,
        Role.LEADER,
        Role.WORKER,
    }


# --- Password reset -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ADMINISTRATORS)
def test_security_admin_cannot_reset_an_administrators_password(world, client_for, name):
    target = getattr(world, name)
    sam = zh(client_for(world.sam))
    # the account's page offers no reset
    page = sam.get(f"/accounts/users/{target.pk}/").content.decode()
    assert f"/accounts/users/{target.pk}/reset-password/" not in page
    assert "只能由运维人员通过命令行管理" in page
    # and a POST anyway is refused with a message, the password unchanged and none shown
    response = sam.post(f"/accounts/users/{target.pk}/reset-password/")
    assert response.status_code == 403
    content = response.content.decode()
    assert REFUSED in content
    assert 'data-testid="new-password"' not in content
    account = stored(target)
    assert account.check_password(PASSWORD)
    assert not account.must_change_password
    assert not AuditEvent.unscoped.filter(action="password_reset").exists()


def test_security_admin_still_resets_an_ordinary_account(world, client_for):
    sam = client_for(world.sam)
    page = sam.get(f"/accounts/users/{world.carol.pk}/").content.decode()
    assert f"/accounts/users/{world.carol.pk}/reset-password/" in page
    assert sam.post(f"/accounts/users/{world.carol.pk}/reset-password/").status_code == 200
    assert not stored(world.carol).check_password(PASSWORD)


@pytest.mark.parametrize("name", ADMINISTRATORS)
def test_the_reset_service_refuses_an_administrator(world, name):
    target = getattr(world, name)
    with acting_as(world.sam), pytest.raises(PermissionDenied):
        services.user_reset_password(actor=world.sam, user=target)
    assert stored(target).check_password(PASSWORD)


def test_the_stored_role_decides_not_the_one_in_memory(world):
    world.audrey.role = Role.WORKER
    with acting_as(world.sam), pytest.raises(PermissionDenied):
        services.user_reset_password(actor=world.sam, user=world.audrey)
    assert stored(world.audrey).check_password(PASSWORD)


def test_the_browser_never_chooses_a_password_for_someone(world):
    with acting_as(world.sam), pytest.raises(TypeError):
        services.user_reset_password(actor=world.sam, user=world.carol, password="Chosen#ByAdmin2026")
    assert stored(world.carol).check_password(PASSWORD)


# --- Role, union and activity --------------------------------------------------------------------


@pytest.mark.parametrize("name", ADMINISTRATORS)
def test_an_administrators_role_union_and_status_are_read_only_on_the_page(world, client_for, name):
    target = getattr(world, name)
    sam = client_for(world.sam)
    url = f"/accounts/users/{target.pk}/edit/"
    form = sam.get(url).context["form"]
    assert all(form.fields[field].disabled for field in ("role", "union", "is_active"))
    # a forged POST changes only what may be changed: the name
    data = edit_data(target, role=Role.UNION_STAFF, full_name="改过的名字")
    data.update(union=str(world.union_d.pk), is_active="")
    response = sam.post(url, {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 302
    account = stored(target)
    assert (account.role, account.union_id, account.is_active) == (target.role, target.union_id, True)
    assert account.full_name == "改过的名字"
    assert not AuditEvent.unscoped.filter(action="permission_change").exists()


@pytest.mark.parametrize(
    "change", [{"role": Role.UNION_STAFF}, {"is_active": False}, {"union_attr": "union_d"}], ids=str
)
@pytest.mark.parametrize("name", ADMINISTRATORS)
def test_the_update_service_refuses_permission_changes_of_an_administrator(world, name, change):
    target = getattr(world, name)
    fields = dict(change)
    if "union_attr" in fields:
        fields = {"union": getattr(world, fields["union_attr"])}
    with acting_as(world.sam), pytest.raises(PermissionDenied):
        services.user_update(actor=world.sam, user=target, **fields)
    account = stored(target)
    assert (account.role, account.union_id, account.is_active) == (target.role, target.union_id, True)
    assert not AuditEvent.unscoped.filter(action="permission_change").exists()


@pytest.mark.parametrize("role", sorted(APPOINTED_ROLES))
def test_nobody_is_promoted_to_an_administrator(world, client_for, role):
    # through the page: the role is not offered
    sam = client_for(world.sam)
    url = f"/accounts/users/{world.carol.pk}/edit/"
    offered = {value for value, _label in sam.get(url).context["form"].fields["role"].choices}
    assert offered == set(MANAGED_ROLES)
    response = sam.post(url, edit_data(world.carol, role=role))
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    # through the service
    with acting_as(world.sam), pytest.raises(PermissionDenied):
        services.user_update(actor=world.sam, user=world.carol, role=role)
    assert stored(world.carol).role == Role.GRASSROOTS_OFFICER
    assert not AuditEvent.unscoped.filter(action="permission_change").exists()


def test_an_administrators_contact_details_can_still_be_corrected(world):
    with acting_as(world.sam):
        services.user_update(actor=world.sam, user=world.audrey, full_name="吴审计新", phone="13900002222")
    assert stored(world.audrey).full_name == "吴审计新"


# --- Creation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(APPOINTED_ROLES))
def test_security_admin_cannot_create_an_administrator(world, client_for, role):
    sam = client_for(world.sam)
    offered = {value for value, _label in sam.get(NEW_URL).context["form"].fields["role"].choices}
    assert offered == set(MANAGED_ROLES)
    data = {
        "username": "new_admin",
        "full_name": "新管理员",
        "union": world.county.pk,
        "role": role,
        "password": "Initial#Pass2026",
    }
    response = sam.post(NEW_URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    with acting_as(world.sam), pytest.raises(PermissionDenied):
        services.user_create(
            actor=world.sam,
            username="new_admin",
            full_name="新管理员",
            union=world.county,
            role=role,
            password="Initial#Pass2026",
        )
    assert not User.unscoped.filter(username="new_admin").exists()


def test_the_refusal_is_translated(world):
    with translation.override("zh-hans"), acting_as(world.sam), pytest.raises(PermissionDenied) as refused:
        services.user_create(
            actor=world.sam,
            username="new_admin",
            full_name="新管理员",
            union=world.county,
            role=Role.COUNTY_ADMIN,
            password="Initial#Pass2026",
        )
    assert "只能由运维人员通过命令行任命" in str(refused.value)


def test_the_command_line_still_appoints_administrators(world):
    # actor=None is the operator's command line (gonghui createuser)
    call_command(
        "createuser",
        "new_audit",
        "--union",
        str(world.county.pk),
        "--role",
        "audit_admin",
        "--generate",
        stdout=StringIO(),
    )
    assert User.unscoped.get(username="new_audit").role == Role.AUDIT_ADMIN


# --- gonghui resetpassword ------------------------------------------------------------------------------


def test_resetpassword_command_resets_an_administrator_and_audits_it(world):
    out = StringIO()
    with translation.override("en"):
        call_command("resetpassword", USERNAMES["audrey"], "--generate", stdout=out)
    password = out.getvalue().rsplit(": ", 1)[1].strip()
    audrey = stored(world.audrey)
    assert audrey.check_password(password)
    assert audrey.must_change_password
    # one audit row, by the operator (no actor), without the password
    event = AuditEvent.unscoped.get(action="password_reset", object_id=str(world.audrey.pk))
    assert event.actor_id is None
    assert event.actor_username == ""
    assert password not in str(event.changes) + event.note + event.object_repr
    # and audrey signs in with it, to change it first
    client = Client()
    assert sign_in(client, USERNAMES["audrey"], password).status_code == 302
    assert client.get("/home/")["Location"] == "/accounts/password/"


def test_resetpassword_command_takes_a_typed_password(world, monkeypatch):
    typed = iter(["Typed#Reset2026", "Typed#Reset2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    call_command("resetpassword", USERNAMES["sam"])
    assert stored(world.sam).check_password("Typed#Reset2026")
    assert AuditEvent.unscoped.filter(action="password_reset", object_id=str(world.sam.pk), actor=None).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (["Typed#Reset2026", "Typed#Reset2027"], "两次输入的密码不一致"),
        (["tradeunion2026", "tradeunion2026"], "密码须至少包含"),
        ([PASSWORD, PASSWORD], "新密码不能与当前密码"),
    ],
    ids=["differ", "too-simple", "current"],
)
def test_resetpassword_command_refuses_a_bad_password(world, monkeypatch, typed, message):
    answers = iter(typed)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with translation.override("zh-hans"), pytest.raises(CommandError, match=message):
        call_command("resetpassword", USERNAMES["audrey"])
    assert not stored(world.audrey).must_change_password
    assert not AuditEvent.unscoped.filter(action="password_reset").exists()


def test_resetpassword_command_names_an_unknown_account(world):
    with translation.override("zh-hans"), pytest.raises(CommandError, match="没有名为"):
        call_command("resetpassword", "nobody_here", "--generate")


def test_access_request_approval_cannot_create_an_administrator(world, client_for):
    from gonghui.core.access.models import AccountRequest
    from gonghui.core.access.services import account_request_create

    # a request made for an ordinary role, stored before county administrators were appointed only
    request = account_request_create(
        actor=world.bob, union=world.township_a, full_name="老请求", username="old_req", role=Role.WORKER, reason="x"
    )
    AccountRequest.unscoped.filter(pk=request.pk).update(role=Role.COUNTY_ADMIN)
    response = zh(client_for(world.sam)).post(f"/workflow/account_request/{request.pk}/approve/", {"note": "同意"})
    assert response.status_code == 200
    assert "只能由运维人员通过命令行任命" in response.content.decode()
    assert not User.unscoped.filter(username="old_req").exists()
    assert AccountRequest.unscoped.get(pk=request.pk).state == "submitted"
    with pytest.raises(ValidationError):
        account_request_create(
            actor=world.bob, union=world.township_a, full_name="x", username="ca_x", role=Role.COUNTY_ADMIN, reason="x"
        )
