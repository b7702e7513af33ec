"""Account administration by the security administrators: sam (county) and sid (township B)."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import USERNAMES

NEW_URL = "/accounts/users/new/"
INITIAL_PASSWORD = "Initial#Pass2026"


def new_user_data(union, **overrides) -> dict:
    data = {
        "username": "newbie",
        "full_name": "新同事",
        "phone": "13900001111",
        "union": union.pk,
        "role": Role.UNION_STAFF,
        "password": INITIAL_PASSWORD,
    }
    data.update(overrides)
    return data


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


def test_security_admin_creates_an_account(world, client_for):
    # when sam creates an account at township A through the form
    sam = client_for(world.sam)
    assert sam.get(NEW_URL).status_code == 200
    response = sam.post(NEW_URL, new_user_data(world.township_a))
    # then he is sent to the new account's page, the account exists and is listed
    created = User.unscoped.get(username="newbie")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{created.pk}/"
    assert created.union == world.township_a
    assert created.role == Role.UNION_STAFF
    assert created.must_change_password
    assert "newbie" in sam.get("/accounts/users/", {"q": "newbie"}).content.decode()
    # and the creation is audited with sam as actor, the phone masked and no password
    event = AuditEvent.unscoped.get(action="create", object_type="accounts.user", object_id=str(created.pk))
    assert event.actor_id == world.sam.pk
    assert event.changes["role"] == [None, Role.UNION_STAFF]
    assert "13900001111" not in str(event.changes)
    assert INITIAL_PASSWORD not in str(event.changes) + event.note


def test_new_account_must_change_password_at_first_login(world, client_for):
    client_for(world.sam).post(NEW_URL, new_user_data(world.township_a))
    newbie = Client()
    response = newbie.post("/accounts/login/", {"username": "newbie", "password": INITIAL_PASSWORD})
    assert response.status_code == 302
    assert newbie.get("/home/")["Location"] == "/accounts/password/"


def test_weak_initial_password_is_refused(world, client_for):
    response = client_for(world.sam).post(NEW_URL, new_user_data(world.township_a, password="tradeunion2026"))
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.unscoped.filter(username="newbie").exists()


def test_taken_user_name_is_refused_whatever_its_case(world, client_for):
    taken = USERNAMES["bob"].upper()
    response = client_for(world.sam).post(NEW_URL, new_user_data(world.township_a, username=taken))
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not User.unscoped.filter(username=taken).exists()


def test_township_security_admin_is_offered_only_unions_of_their_township(world, client_for):
    form = client_for(world.sid).get(NEW_URL).context["form"]
    offered = {union.pk for union in form.fields["union"].queryset}
    assert offered == {world.township_b.pk, world.union_d.pk}


def test_township_security_admin_cannot_create_outside_their_township(world, client_for):
    # when sid submits union C (township A) anyway
    sid = client_for(world.sid)
    before = User.unscoped.count()
    response = sid.post(NEW_URL, new_user_data(world.union_c))
    # then the form refuses the choice and nothing is created
    assert response.status_code == 200
    assert response.context["form"].errors["union"]
    assert User.unscoped.count() == before
    assert not AuditEvent.unscoped.filter(action="create", actor=world.sid).exists()


def test_township_security_admin_creates_inside_their_township(world, client_for):
    response = client_for(world.sid).post(NEW_URL, new_user_data(world.union_d, role=Role.GRASSROOTS_OFFICER))
    assert response.status_code == 302
    assert User.unscoped.get(username="newbie").union == world.union_d


@pytest.mark.parametrize("user_attr", ["alice", "audrey", "bob", "leo", "wendy"])
def test_only_security_admins_open_account_administration(world, client_for, user_attr):
    client = client_for(getattr(world, user_attr))
    assert client.get("/accounts/users/").status_code == 403
    assert client.get(NEW_URL).status_code == 403
    assert client.post(NEW_URL, new_user_data(world.township_a)).status_code == 403
    assert not User.unscoped.filter(username="newbie").exists()


def test_role_change_is_audited_as_permission_change(world, client_for):
    # when sam makes carol union staff
    sam = client_for(world.sam)
    url = f"/accounts/users/{world.carol.pk}/edit/"
    response = sam.post(url, edit_data(world.carol, role=Role.UNION_STAFF))
    # then the change is saved and audited with the old and new role
    assert response.status_code == 302
    assert User.unscoped.get(pk=world.carol.pk).role == Role.UNION_STAFF
    event = AuditEvent.unscoped.get(action="permission_change", object_id=str(world.carol.pk))
    assert event.actor_id == world.sam.pk
    assert event.changes == {"role": [Role.GRASSROOTS_OFFICER, Role.UNION_STAFF]}


def test_union_change_is_audited_as_permission_change(world, client_for):
    sam = client_for(world.sam)
    response = sam.post(f"/accounts/users/{world.carol.pk}/edit/", edit_data(world.carol, union=world.joint_a.pk))
    assert response.status_code == 302
    event = AuditEvent.unscoped.get(action="permission_change", object_id=str(world.carol.pk))
    assert event.changes == {"union": [world.union_c.pk, world.joint_a.pk]}


def test_name_change_is_a_plain_update(world, client_for):
    sam = client_for(world.sam)
    sam.post(f"/accounts/users/{world.carol.pk}/edit/", edit_data(world.carol, full_name="卡罗尔改名"))
    event = AuditEvent.unscoped.get(object_id=str(world.carol.pk), object_type="accounts.user", action="update")
    assert event.changes["full_name"][1] == "卡罗尔改名"
    assert not AuditEvent.unscoped.filter(action="permission_change").exists()


def test_ones_own_role_union_and_status_are_read_only(world, client_for):
    # Given sam edits his own account, asking for another role, union and status
    sam = client_for(world.sam)
    form = sam.get(f"/accounts/users/{world.sam.pk}/edit/").context["form"]
    assert all(form.fields[name].disabled for name in ("role", "union", "is_active"))
    data = edit_data(world.sam, role=Role.COUNTY_ADMIN, full_name="孙新名")
    data.update(union=str(world.township_b.pk), is_active="")
    response = sam.post(f"/accounts/users/{world.sam.pk}/edit/", data)
    # Then only the name changes
    assert response.status_code == 302
    stored = User.unscoped.get(pk=world.sam.pk)
    assert (stored.role, stored.union_id, stored.is_active) == (Role.SECURITY_ADMIN, world.county.pk, True)
    assert stored.full_name == "孙新名"
    assert not AuditEvent.unscoped.filter(action="permission_change").exists()


def test_the_service_refuses_a_change_of_ones_own_role(world):
    from django.core.exceptions import PermissionDenied

    from gonghui.core.accounts.services import user_update
    from gonghui.core.tree.scoping import acting_as

    with acting_as(world.sam), pytest.raises(PermissionDenied):
        user_update(actor=world.sam, user=world.sam, role=Role.COUNTY_ADMIN)


def test_security_admin_cannot_hand_out_their_own_role(world, client_for):
    sam = client_for(world.sam)
    response = sam.post(f"/accounts/users/{world.carol.pk}/edit/", edit_data(world.carol, role=Role.SECURITY_ADMIN))
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert User.unscoped.get(pk=world.carol.pk).role == Role.GRASSROOTS_OFFICER


def test_township_security_admin_cannot_move_an_account_out_of_their_township(world, client_for):
    sid = client_for(world.sid)
    response = sid.post(f"/accounts/users/{world.dan.pk}/edit/", edit_data(world.dan, union=world.union_c.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["union"]
    assert User.unscoped.get(pk=world.dan.pk).union == world.union_d


def test_phone_is_masked_on_the_account_page(world, client_for):
    page = client_for(world.sam).get(f"/accounts/users/{world.carol.pk}/").content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page


def test_phone_is_not_in_the_account_list(world, client_for):
    page = client_for(world.sam).get("/accounts/users/").content.decode()
    assert USERNAMES["carol"] in page
    assert "13812345678" not in page
