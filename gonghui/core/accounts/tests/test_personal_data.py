"""Accounts' phone and ID number: entered through the form, encrypted, masked, never echoed back."""

from __future__ import annotations

import importlib
import re
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from stdnum.cn import ric

from gonghui.core.accounts.models import User
from gonghui.core.audit.models import AuditEvent
from gonghui.core.tree.scoping import system_scope

ID_NUMBER = "11010119900307123"
ID_NUMBER += ric.calc_check_digit(ID_NUMBER + "0")
UNKNOWN_AREA_ID = "11019919900307123"
UNKNOWN_AREA_ID += ric.calc_check_digit(UNKNOWN_AREA_ID + "0")
migration = importlib.import_module("gonghui.core.accounts.migrations.0002_personal_data_encrypted")


def new_account_data(world, **extra):
    return {
        "username": "new_officer",
        "full_name": "新账号",
        "phone": "+86 139-0000-1111",
        "id_number": ID_NUMBER.lower(),
        "union": world.union_d.pk,
        "role": "grassroots_officer",
        "password": "Another#Pass2026",
        **extra,
    }


def raw(column: str, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_user WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_account_form_takes_phone_and_id_number_and_stores_them_encrypted(world, client_for):
    # when the security administrator creates a real-name account
    response = client_for(world.sam).post("/accounts/users/new/", new_account_data(world))
    assert response.status_code == 302
    with system_scope("test"):
        user = User.unscoped.get(username="new_officer")
    # then both numbers are stored normalised and encrypted
    assert (user.phone, user.id_number) == ("13900001111", ID_NUMBER)
    assert raw("phone", user.pk).startswith("v1:")
    assert raw("id_number", user.pk).startswith("v1:")


def test_account_form_refuses_a_bad_id_number_in_chinese(world, client_for):
    bad = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    response = client_for(world.sam).post("/accounts/users/new/", new_account_data(world, id_number=bad))
    assert response.status_code == 200
    assert "校验码" in response.content.decode()


def test_account_form_refuses_an_id_number_already_used(world, client_for):
    client = client_for(world.sam)
    client.post("/accounts/users/new/", new_account_data(world))
    response = client.post("/accounts/users/new/", new_account_data(world, username="again"))
    assert response.status_code == 200
    assert not User.unscoped.filter(username="again").exists()


def test_unknown_area_code_is_accepted_with_a_warning(world, client_for):
    response = client_for(world.sam).post(
        "/accounts/users/new/", new_account_data(world, id_number=UNKNOWN_AREA_ID), follow=True
    )
    assert response.status_code == 200
    assert "110199" in response.content.decode()


def test_edit_form_never_shows_the_stored_numbers_and_blank_keeps_them(world, client_for):
    client = client_for(world.sam)
    client.post("/accounts/users/new/", new_account_data(world))
    with system_scope("test"):
        user = User.unscoped.get(username="new_officer")
    # the edit form shows masked placeholders only
    html = client.get(f"/accounts/users/{user.pk}/edit/").content.decode()
    assert "13900001111" not in html
    assert ID_NUMBER not in html
    assert "139****1111" in html
    # submitting it with the numbers left empty keeps them
    data = {
        "full_name": "改名",
        "phone": "",
        "id_number": "",
        "union": world.union_d.pk,
        "role": "grassroots_officer",
        "is_active": "on",
    }
    assert client.post(f"/accounts/users/{user.pk}/edit/", data).status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.id_number) == ("改名", "13900001111", ID_NUMBER)
    # a new number replaces the old one, and the change is recorded masked
    data["phone"] = "13711112222"
    client.post(f"/accounts/users/{user.pk}/edit/", data)
    user.refresh_from_db()
    assert user.phone == "13711112222"
    event = AuditEvent.unscoped.filter(object_id=str(user.pk)).order_by("-id").first()
    assert event.changes == {"phone": ["139****1111", "137****2222"]}


def test_list_and_detail_show_masked_phone_only(world, client_for):
    client = client_for(world.sam)
    for url in ("/accounts/users/", f"/accounts/users/{world.carol.pk}/", "/accounts/me/"):
        html = client.get(url).content.decode()
        assert "138****5678" in html, url
        assert not re.search(r"1[3-9]\d{9}", html), url


def test_migration_encrypts_existing_phones_and_reverses(world):
    # given a phone number stored in clear, as before the migration
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET phone = %s, phone_hash = NULL WHERE id = %s", ["139 0000 2222", world.dan.pk]
        )
    editor = SimpleNamespace(connection=connection)
    # when the migration runs, then it is encrypted, readable and found
    migration.encrypt_phones(apps, editor)
    assert raw("phone", world.dan.pk).startswith("v1:")
    with system_scope("test"):
        assert User.unscoped.get(phone__matches="13900002222") == world.dan
        readable = dict(User.unscoped.values_list("username", "phone"))
    assert readable[world.dan.username] == "13900002222"
    # and reversing it writes the numbers back in clear
    migration.decrypt_phones(apps, editor)
    assert raw("phone", world.dan.pk) == "13900002222"
    assert raw("phone", world.carol.pk) == "13812345678"
