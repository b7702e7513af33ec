"""The second factor: administrators cannot sign in without a valid code; others may opt in (two_factor.py)."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core.accounts import two_factor
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.two_factor import ENROL_URL, LOGIN_URL, VERIFY_URL, enrol, sign_in
from gonghui.core.testing.world import PASSWORD, USERNAMES


def password_step(client: Client, name: str):
    return client.post(LOGIN_URL, {"username": USERNAMES[name], "password": PASSWORD})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session and client.get("/home/").status_code == 200


def wrong_code(device: TOTPDevice) -> str:
    right = two_factor.code_for(device)
    return f"{(int(right) + 1) % 1_000_000:06d}"


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("name", ["alice", "sam", "audrey"])
def test_an_administrator_with_the_right_password_alone_is_not_signed_in(world, name):
    enrol(getattr(world, name))
    client = Client()
    # when a county, security or audit administrator gives the right password
    response = password_step(client, name)
    # then the second step asks for a code, and nobody is signed in yet
    assert response.status_code == 302
    assert response["Location"] == VERIFY_URL
    assert "_auth_user_id" not in client.session
    assert client.get("/home/")["Location"].startswith(LOGIN_URL)
    # nor by skipping the code, or with a wrong one
    assert client.post(VERIFY_URL, {"code": ""}).status_code == 200
    page = client.post(VERIFY_URL, {"code": wrong_code(two_factor.totp_device(getattr(world, name)))})
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.unscoped.filter(action="login", actor=getattr(world, name)).exists()


def test_the_right_code_signs_the_administrator_in_and_is_audited(world, frozen):
    device = enrol(world.alice)
    client = Client()
    password_step(client, "alice")
    response = client.post(VERIFY_URL, {"code": two_factor.code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert signed_in(client)
    assert AuditEvent.unscoped.filter(action="login", actor=world.alice, outcome="success").count() == 1


def test_a_wrong_code_is_audited_and_five_send_back_to_the_password(world, frozen):
    device = enrol(world.alice)
    client = Client()
    password_step(client, "alice")
    for _attempt in range(1, 5):
        frozen.shift(timedelta(seconds=20))  # past django-otp's growing delay after a wrong code
        page = client.post(VERIFY_URL, {"code": wrong_code(device)})
        assert page.status_code == 200
        assert 'class="errorlist' in page.content.decode()
    assert AuditEvent.unscoped.filter(action="login_failed", actor=world.alice).count() == 4
    frozen.shift(timedelta(seconds=20))
    fifth = client.post(VERIFY_URL, {"code": wrong_code(device)})
    assert fifth["Location"] == LOGIN_URL
    # the right code no longer helps: the password step starts again
    assert client.post(VERIFY_URL, {"code": two_factor.code_for(device)})["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_a_code_works_once(world, frozen):
    device = enrol(world.alice)
    first = Client()
    password_step(first, "alice")
    code = two_factor.code_for(device)
    assert first.post(VERIFY_URL, {"code": code})["Location"] == "/home/"
    # the same code, seen over a shoulder, does not sign in a second browser
    second = Client()
    password_step(second, "alice")
    assert second.post(VERIFY_URL, {"code": code}).status_code == 200
    assert "_auth_user_id" not in second.session


def test_the_pending_sign_in_expires_after_five_minutes(world, frozen):
    device = enrol(world.alice)
    client = Client()
    password_step(client, "alice")
    frozen.shift(timedelta(minutes=6))
    assert client.post(VERIFY_URL, {"code": two_factor.code_for(device)})["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(world, frozen):
    enrol(world.sam)
    code = StaticToken.objects.filter(device__user=world.sam).first().token
    client = Client()
    password_step(client, "sam")
    response = client.post(VERIFY_URL, {"code": code.upper()})
    assert response["Location"] == "/home/"
    assert two_factor.recovery_codes_left(world.sam) == two_factor.RECOVERY_CODES - 1
    assert AuditEvent.unscoped.filter(
        action="update", object_id=str(world.sam.pk), note__contains="recovery code"
    ).exists()
    # used once, it is gone
    again = Client()
    frozen.shift(timedelta(seconds=30))
    password_step(again, "sam")
    assert again.post(VERIFY_URL, {"code": code}).status_code == 200
    assert "_auth_user_id" not in again.session


def test_an_administrator_without_a_device_enrols_with_the_sites_own_qr_code(world, frozen):
    client = Client()
    # given audrey, who has no second factor yet, gives her password
    assert password_step(client, "audrey")["Location"] == ENROL_URL
    assert "_auth_user_id" not in client.session
    # then the enrolment page shows a QR code served by the site itself, and the key as text
    page = client.get(ENROL_URL).content.decode()
    assert 'src="/accounts/two-factor/qr.svg"' in page
    key = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', page).group(1)
    qr = client.get("/accounts/two-factor/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert "no-store" in qr["Cache-Control"]
    assert b"<svg" in qr.content
    # a wrong code does not enrol or sign in
    step = int(timezone.now().timestamp()) // 30
    wrong = f"{(int(two_factor.code_from_key(key, step)) + 1) % 1_000_000:06d}"
    assert client.post(ENROL_URL, {"code": wrong}).status_code == 200
    assert not two_factor.enrolled(world.audrey)
    assert "_auth_user_id" not in client.session
    # the code an app computes from that key enrols her, signs her in and shows the recovery codes once
    frozen.shift(timedelta(seconds=5))
    done = client.post(ENROL_URL, {"code": two_factor.code_from_key(key, step)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODES
    assert two_factor.enrolled(world.audrey)
    assert "_auth_user_id" in client.session
    assert AuditEvent.unscoped.filter(
        action="update", object_id=str(world.audrey.pk), changes__second_factor=["", "TOTP"]
    ).exists()


def test_the_qr_code_is_nobodys_business_without_a_pending_sign_in():
    assert Client().get("/accounts/two-factor/qr.svg").status_code == 404


def test_other_roles_sign_in_with_a_password_and_may_opt_in(world, frozen):
    # bob (union staff) signs in with his password alone
    client = Client()
    assert password_step(client, "bob")["Location"] == "/home/"
    # and opts in on his own page
    assert 'data-testid="two-factor-link"' in client.get("/accounts/me/").content.decode()
    assert client.get("/accounts/two-factor/").status_code == 200
    client.get(ENROL_URL)
    device = two_factor.totp_device(world.bob, confirmed=False)
    assert client.post(ENROL_URL, {"code": two_factor.code_for(device)}).status_code == 200
    assert two_factor.enrolled(world.bob)
    # from then on his sign-in asks for the code too
    frozen.shift(timedelta(seconds=30))
    other = Client()
    assert password_step(other, "bob")["Location"] == VERIFY_URL
    assert "_auth_user_id" not in other.session
    # and he may turn it off again, with a current code
    frozen.shift(timedelta(seconds=30))
    client.post("/accounts/two-factor/turn-off/", {"code": two_factor.code_for(two_factor.totp_device(world.bob))})
    assert not two_factor.enrolled(world.bob)


def test_an_administrator_cannot_turn_it_off(world, client_for, frozen):
    device = enrol(world.alice)
    client = client_for(world.alice)
    client.post("/accounts/two-factor/turn-off/", {"code": two_factor.code_for(device)})
    assert two_factor.enrolled(world.alice)


def test_an_enrolled_account_cannot_enrol_again_in_the_browser(world, frozen):
    enrol(world.alice)
    client = Client()
    password_step(client, "alice")
    # a second device would be a way round the operator's reset
    assert client.get(ENROL_URL)["Location"] == VERIFY_URL
    assert client.get("/accounts/two-factor/qr.svg").status_code == 404


def test_reset_only_on_the_command_line_audited_and_ends_sessions(world, frozen):
    enrol(world.sam)
    signed = Client()
    sign_in(signed, USERNAMES["sam"], PASSWORD)
    assert signed_in(signed)
    out = StringIO()
    call_command("resettotp", USERNAMES["sam"], stdout=out)
    assert USERNAMES["sam"] in out.getvalue()
    assert not TOTPDevice.objects.filter(user=world.sam).exists()
    assert two_factor.recovery_codes_left(world.sam) == 0
    event = AuditEvent.unscoped.get(action="update", object_id=str(world.sam.pk), note__contains="reset")
    assert event.actor_id is None
    assert event.changes == {"second_factor": ["TOTP", ""]}
    # his open session ended, and the next sign-in sets up a new device
    assert signed.get("/home/")["Location"].startswith(LOGIN_URL)
    assert password_step(Client(), "sam")["Location"] == ENROL_URL


def test_recovery_codes_are_not_added_by_hand():
    with pytest.raises(CommandError, match="resettotp"):
        call_command("addstatictoken", "sam")


def test_force_login_of_the_test_world_is_unaffected(world, client_for):
    # Tests that need a signed-in administrator without going through the form keep working.
    assert client_for(world.sam).get("/home/").status_code == 200
