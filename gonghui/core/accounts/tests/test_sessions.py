"""Sessions: idle timeout, absolute lifetime, background requests, logout and session fixation."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.two_factor import enrol, sign_in
from gonghui.core.testing.world import PASSWORD, USERNAMES

LOGIN_URL = "/accounts/login/"
BACKGROUND = {"HTTP_X_GONGHUI_BACKGROUND": "1"}


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def alice(world) -> Client:
    """Alice, signed in through the login form at the frozen start time."""
    client = Client()
    # alice is a county administrator: her sign-in takes a code from her authenticator app
    enrol(world.alice)
    response = sign_in(client, USERNAMES["alice"], PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    return client


def expired(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def session_expired_rows(user) -> int:
    return AuditEvent.unscoped.filter(action="session_expired", actor=user).count()


def test_policy_is_thirty_minutes_idle_and_ten_hours_in_all():
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 10 * 60 * 60
    # the browser forgets the cookie when it closes
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_idle_29_minutes_stays_signed_in(world, frozen, alice):
    frozen.shift(timedelta(minutes=29))
    assert alice.get("/home/").status_code == 200
    assert session_expired_rows(world.alice) == 0


def test_idle_31_minutes_expires_and_is_audited(world, frozen, alice):
    # given alice is idle for 31 minutes
    frozen.shift(timedelta(minutes=31))
    # when she opens a page
    response = alice.get("/home/")
    # then she is sent to sign in again, and the expiry is in the audit log
    assert expired(response)
    assert response["Location"] == f"{LOGIN_URL}?next=/home/"
    assert session_expired_rows(world.alice) == 1
    # the sign-in page says why
    with translation.override(settings.LANGUAGE_CODE):
        notice = gettext("Your session has expired. Please sign in again.")
    assert notice in alice.get(response["Location"]).content.decode()
    # and the session is gone for good: the next request is anonymous
    assert expired(alice.get("/home/"))
    assert session_expired_rows(world.alice) == 1


def test_each_request_restarts_the_idle_timer(world, frozen, alice):
    for _ in range(3):
        frozen.shift(timedelta(minutes=25))
        assert alice.get("/home/").status_code == 200


def test_background_requests_do_not_keep_the_session_alive(world, frozen, alice):
    # given a background poll at minute 20 (it is answered: the session is still alive)
    frozen.shift(timedelta(minutes=20))
    assert alice.get("/home/", **BACKGROUND).status_code == 200
    # when the next normal request comes at minute 35
    frozen.shift(timedelta(minutes=15))
    response = alice.get("/home/")
    # then the session has expired: 35 minutes since the last real activity
    assert expired(response)
    assert session_expired_rows(world.alice) == 1


def test_absolute_lifetime_ends_even_an_active_session(world, frozen, alice):
    # alice works without a pause, one request every 20 minutes
    answers = []
    for _ in range(31):  # 31 × 20 min = 10 h 20 min
        frozen.shift(timedelta(minutes=20))
        answers.append(alice.get("/home/"))
    # every request up to 10 h is served; the one at 10 h 20 min is not
    assert [r.status_code for r in answers[:30]] == [200] * 30
    assert expired(answers[30])
    assert session_expired_rows(world.alice) == 1


def test_htmx_request_after_expiry_gets_hx_redirect(world, frozen, alice):
    frozen.shift(timedelta(minutes=31))
    response = alice.get("/accounts/me/", HTTP_HX_REQUEST="true")
    # htmx would follow a 302 and swap the login page into the target: it gets HX-Redirect instead
    assert response["HX-Redirect"] == LOGIN_URL
    assert response.status_code != 302
    assert session_expired_rows(world.alice) == 1


def test_logout_is_post_only(world, alice):
    response = alice.get("/accounts/logout/")
    assert response.status_code == 405
    assert alice.get("/home/").status_code == 200


def test_logout_deletes_the_session_and_clears_site_data(world, alice):
    # given alice's session is stored on the server
    key = alice.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()
    # when she signs out
    response = alice.post("/accounts/logout/")
    # then the server forgets the session, the browser is told to drop what it kept, and it is audited
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert not Session.objects.filter(session_key=key).exists()
    assert "cache" in response["Clear-Site-Data"]
    assert "storage" in response["Clear-Site-Data"]
    assert AuditEvent.unscoped.filter(action="logout", actor=world.alice).exists()
    assert expired(alice.get("/home/"))


def test_session_key_changes_at_login(world):
    # given a browser that already holds an anonymous session (a planted key, say)
    client = Client()
    session = client.session
    session["planted"] = True
    session.save()
    planted_key = session.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == planted_key
    # when the user signs in
    response = client.post(LOGIN_URL, {"username": USERNAMES["bob"], "password": PASSWORD})
    # then the signed-in session has a new key, and the old one is worthless
    assert response.status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted_key
    assert not Session.objects.filter(session_key=planted_key).exists()
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted_key
    assert expired(attacker.get("/home/"))


def test_session_cookie_is_http_only(world):
    client = Client()
    client.post(LOGIN_URL, {"username": USERNAMES["bob"], "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # no max-age/expires: the cookie ends with the browser
    assert not cookie["max-age"]
    assert not cookie["expires"]
