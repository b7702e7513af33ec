"""Signing in, failed sign-ins and the lockout after five of them (django-axes, by user name)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.two_factor import enrol
from gonghui.core.testing.two_factor import sign_in as sign_in_with_code
from gonghui.core.testing.world import PASSWORD, USERNAMES

LOGIN_URL = "/accounts/login/"
WRONG = "Wrong#Pass2026"
LOCKED_STATUS = 429  # django-axes' AXES_HTTP_RESPONSE_CODE default


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def login_error(response) -> str:
    match = re.search(r'data-testid="login-error">(.*?)</div>', response.content.decode(), re.S)
    assert match is not None, "the login page shows no error"
    return match.group(1).strip()


def is_locked_out(response) -> bool:
    return response.status_code == LOCKED_STATUS and 'data-testid="locked-out"' in response.content.decode()


def fail(client: Client, username: str, times: int) -> list:
    return [sign_in(client, username, WRONG) for _ in range(times)]


@pytest.fixture
def frozen():
    """Time stands still unless a test moves it, so the cool-off is measured exactly."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_the_lockout_policy_is_five_failures_for_thirty_minutes_by_user_name():
    assert settings.AXES_FAILURE_LIMIT == 5
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_correct_login_goes_home_and_is_audited(world):
    # given the sign-in page
    client = Client()
    assert client.get(LOGIN_URL).status_code == 200
    # when alice signs in with her password (and, a county administrator, her app's code)
    enrol(world.alice)
    response = sign_in_with_code(client, USERNAMES["alice"], PASSWORD)
    # then she lands on her home page, signed in, and the audit log has her login
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
    assert AuditEvent.unscoped.filter(action="login", actor=world.alice, outcome="success").exists()


def test_wrong_password_and_unknown_name_get_the_same_answer(world):
    # when one attempt has a wrong password and another an unknown user name
    wrong_password = sign_in(Client(), USERNAMES["bob"], WRONG)
    unknown_name = sign_in(Client(), "nobody_at_all", WRONG)
    # then both answers have the same status and the same error text: no name is revealed
    assert wrong_password.status_code == unknown_name.status_code == 200
    assert login_error(wrong_password) == login_error(unknown_name)
    assert login_error(wrong_password)


def test_inactive_account_gets_the_same_answer_as_a_wrong_password(world):
    world.bea.is_active = False
    world.bea.save(update_fields=["is_active"])
    inactive = sign_in(Client(), USERNAMES["bea"], PASSWORD)
    wrong_password = sign_in(Client(), USERNAMES["bob"], WRONG)
    assert inactive.status_code == wrong_password.status_code == 200
    assert login_error(inactive) == login_error(wrong_password)


def test_failed_logins_are_audited_as_failures(world):
    sign_in(Client(), USERNAMES["bob"], WRONG)
    sign_in(Client(), "nobody_at_all", WRONG)
    known = AuditEvent.unscoped.get(action="login_failed", actor_username=USERNAMES["bob"])
    assert known.outcome == "failure"
    assert known.object_id == str(world.bob.pk)
    unknown = AuditEvent.unscoped.get(action="login_failed", actor_username="nobody_at_all")
    assert unknown.outcome == "failure"
    assert unknown.object_repr == "nobody_at_all"
    # the password tried is never written down
    assert not AuditEvent.unscoped.filter(note__contains=WRONG).exists()
    assert not any(WRONG in str(event.changes) for event in AuditEvent.unscoped.filter(action="login_failed"))


def test_five_failures_lock_the_account_even_for_the_right_password(world, frozen):
    # given four failures, the account still answers with the usual error
    client = Client()
    for response in fail(client, USERNAMES["bob"], 4):
        assert response.status_code == 200
        assert login_error(response)
    # when the fifth fails, axes locks the account on that very answer
    assert is_locked_out(fail(client, USERNAMES["bob"], 1)[0])
    # then the sixth attempt is refused even with the right password
    sixth = sign_in(client, USERNAMES["bob"], PASSWORD)
    assert is_locked_out(sixth)
    assert "_auth_user_id" not in client.session
    lockout = AuditEvent.unscoped.filter(action="lockout", actor_username=USERNAMES["bob"])
    assert lockout.exists()
    assert lockout.first().outcome == "denied"


def test_lockout_holds_within_the_cool_off(world, frozen):
    fail(Client(), USERNAMES["bob"], 5)
    frozen.shift(timedelta(minutes=29))
    assert is_locked_out(sign_in(Client(), USERNAMES["bob"], PASSWORD))


def test_lockout_is_lifted_after_the_cool_off(world, frozen):
    client = Client()
    fail(client, USERNAMES["bob"], 5)
    assert is_locked_out(sign_in(client, USERNAMES["bob"], PASSWORD))
    # 31 minutes later the right password works again
    frozen.shift(timedelta(minutes=31))
    response = sign_in(client, USERNAMES["bob"], PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_a_success_resets_the_failure_count(world, frozen):
    client = Client()
    fail(client, USERNAMES["bob"], 4)
    assert sign_in(client, USERNAMES["bob"], PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    # four more failures are four, not eight
    for response in fail(client, USERNAMES["bob"], 4):
        assert response.status_code == 200
    response = sign_in(client, USERNAMES["bob"], PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_an_unknown_name_locks_like_a_real_one(world, frozen):
    # when an unknown name and a real one each fail five times
    unknown = fail(Client(), "nobody_at_all", 6)
    known = fail(Client(), USERNAMES["bob"], 6)
    # then both lock at the same attempt with the same page, so the lock reveals no names
    assert [is_locked_out(r) for r in unknown] == [is_locked_out(r) for r in known]
    assert [is_locked_out(r) for r in unknown] == [False] * 4 + [True] * 2
    assert unknown[-1].status_code == known[-1].status_code == LOCKED_STATUS
    assert AuditEvent.unscoped.filter(action="lockout", actor_username="nobody_at_all").exists()


def test_lockout_is_per_user_name(world, frozen):
    client = Client()
    fail(client, USERNAMES["bob"], 5)
    # the same browser (same address) can still sign in as someone else
    response = sign_in(client, USERNAMES["alice"], PASSWORD)
    assert response.status_code == 302


def test_security_admin_unlock_lifts_the_lock(world, client_for, frozen):
    # given carol is locked out
    fail(Client(), USERNAMES["carol"], 5)
    assert is_locked_out(sign_in(Client(), USERNAMES["carol"], PASSWORD))
    sam = client_for(world.sam)
    detail = sam.get(f"/accounts/users/{world.carol.pk}/").content.decode()
    assert f"/accounts/users/{world.carol.pk}/unlock/" in detail
    # when sam unlocks her
    response = sam.post(f"/accounts/users/{world.carol.pk}/unlock/")
    # then she can sign in at once, and the unlock is audited with sam as actor
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{world.carol.pk}/"
    assert sign_in(Client(), USERNAMES["carol"], PASSWORD).status_code == 302
    assert AuditEvent.unscoped.filter(action="unlock", actor=world.sam, object_id=str(world.carol.pk)).exists()


def test_unlock_is_post_only_and_for_security_admins(world, client_for):
    url = f"/accounts/users/{world.carol.pk}/unlock/"
    assert client_for(world.sam).get(url).status_code == 405
    assert client_for(world.alice).post(url).status_code == 403
    assert client_for(world.audrey).post(url).status_code == 403
    # sid (township B) does not even see carol (township A)
    assert client_for(world.sid).post(url).status_code == 404
    assert not AuditEvent.unscoped.filter(action="unlock").exists()
