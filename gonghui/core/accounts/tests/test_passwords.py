"""Passwords: hashing, complexity rules, forced change and reset by the security administrator."""

from __future__ import annotations

import html
import importlib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.accounts.passwords import CharacterClassValidator
from gonghui.core.accounts.services import generate_password
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import PASSWORD, USERNAMES

PASSWORD_URL = "/accounts/password/"
NEW_PASSWORD = "Fresh#Start2027"


def force_change(user: User, **fields) -> None:
    User.unscoped.filter(pk=user.pk).update(**fields)


def change_password(client: Client, old: str, new: str):
    return client.post(PASSWORD_URL, {"old_password": old, "new_password1": new, "new_password2": new})


# --- Hashing --------------------------------------------------------------------------------


def test_real_settings_hash_with_argon2_first():
    real = importlib.import_module("gonghui.settings")
    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # argon2-cffi is installed, so the hasher can work
    Argon2PasswordHasher()._load_library()


def test_real_settings_validate_passwords():
    real = importlib.import_module("gonghui.settings")
    names = [v["NAME"].rsplit(".", 1)[-1] for v in real.AUTH_PASSWORD_VALIDATORS]
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"} <= set(names)
    assert "CharacterClassValidator" in names
    # the suite checks the same rules the product enforces
    assert settings.AUTH_PASSWORD_VALIDATORS == real.AUTH_PASSWORD_VALIDATORS


# --- Complexity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab#1xyz", "password_too_short"),
        ("20261234567890", "password_entirely_numeric"),
        ("Password123", "password_too_common"),
        ("tradeunion2026", "password_too_simple"),
        ("TRADEUNION##", "password_too_simple"),
    ],
)
def test_weak_passwords_are_refused_with_a_message(world, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, world.bob)
    assert code in [error.code for error in refused.value.error_list]
    assert all(message.strip() for message in refused.value.messages)


@pytest.mark.parametrize("password", ["Gonghui#2026x", "abcdefgH12", "union-2026-members"])
def test_good_passwords_pass(world, password):
    validate_password(password, world.bob)


def test_character_classes_need_three_of_four():
    validator = CharacterClassValidator(min_classes=3)
    assert CharacterClassValidator.classes("abc") == 1
    assert CharacterClassValidator.classes("aB1#") == 4
    # two classes are refused, whichever two
    for two_classes in ("abcdEFGH", "abcdefgh12", "ABCDEFGH##", "12345678##"):
        with pytest.raises(ValidationError) as refused:
            validator.validate(two_classes)
        assert refused.value.code == "password_too_simple"
    # any three are enough
    for three_classes in ("abcdefgH12", "abcdefgh1#", "ABCDEFGH1#", "abcdEFGH##"):
        validator.validate(three_classes)
    assert "3" in validator.get_help_text()


def test_generated_passwords_satisfy_the_rules(world):
    for _ in range(20):
        password = generate_password()
        validate_password(password, world.bob)
        assert CharacterClassValidator.classes(password) == 4


# --- Forced change --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/home/", "/unions/", "/accounts/me/", "/accounts/users/"])
def test_must_change_password_redirects_every_page(world, client_for, url):
    force_change(world.sam, must_change_password=True)
    response = client_for(world.sam).get(url)
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_URL


def test_password_older_than_90_days_must_be_changed(world, client_for):
    force_change(world.bob, password_changed_at=timezone.now() - timedelta(days=91))
    response = client_for(world.bob).get("/home/")
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_URL


def test_password_of_89_days_is_still_good(world, client_for):
    force_change(world.bob, password_changed_at=timezone.now() - timedelta(days=89))
    assert client_for(world.bob).get("/home/").status_code == 200


def test_forced_change_leaves_the_password_page_and_logout_open(world, client_for):
    force_change(world.bob, must_change_password=True)
    bob = client_for(world.bob)
    page = bob.get(PASSWORD_URL)
    assert page.status_code == 200
    assert 'name="new_password1"' in page.content.decode()
    assert bob.post("/accounts/logout/").status_code == 302


def test_after_changing_the_password_pages_open(world, client_for):
    # given bob must change his password
    force_change(world.bob, must_change_password=True)
    bob = client_for(world.bob)
    assert bob.get("/home/")["Location"] == PASSWORD_URL
    # when he changes it
    response = change_password(bob, PASSWORD, NEW_PASSWORD)
    # then he stays signed in, pages open again, and the change is audited
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert bob.get("/home/").status_code == 200
    bob_now = User.unscoped.get(pk=world.bob.pk)
    assert bob_now.check_password(NEW_PASSWORD)
    assert not bob_now.must_change_password
    assert timezone.now() - bob_now.password_changed_at < timedelta(minutes=1)
    event = AuditEvent.unscoped.get(action="password_change", object_id=str(world.bob.pk))
    assert event.actor_id == world.bob.pk
    assert NEW_PASSWORD not in str(event.changes) + event.note


def test_wrong_old_password_is_refused(world, client_for):
    force_change(world.bob, must_change_password=True)
    bob = client_for(world.bob)
    response = change_password(bob, "Not#HisPassword1", NEW_PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert User.unscoped.get(pk=world.bob.pk).check_password(PASSWORD)
    assert bob.get("/home/")["Location"] == PASSWORD_URL
    assert not AuditEvent.unscoped.filter(action="password_change").exists()


def test_weak_new_password_is_refused_on_the_page(world, client_for):
    bob = client_for(world.bob)
    response = change_password(bob, PASSWORD, "tradeunion2026")
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert errors
    assert errors[0] in response.content.decode()
    assert User.unscoped.get(pk=world.bob.pk).check_password(PASSWORD)


# --- Reset by the security administrator -------------------------------------------------------


def shown_password(response) -> str:
    match = re.search(r'data-testid="new-password">(.*?)</code>', response.content.decode())
    assert match is not None
    return html.unescape(match.group(1))


def test_security_admin_resets_a_password(world, client_for):
    # when sam resets carol's password
    sam = client_for(world.sam)
    response = sam.post(f"/accounts/users/{world.carol.pk}/reset-password/")
    # then the new password is shown, it follows the rules and it works
    assert response.status_code == 200
    password = shown_password(response)
    validate_password(password, world.carol)
    carol = User.unscoped.get(pk=world.carol.pk)
    assert carol.check_password(password)
    assert not carol.check_password(PASSWORD)
    assert carol.must_change_password
    # it is audited, without the password
    event = AuditEvent.unscoped.get(action="password_reset", object_id=str(world.carol.pk))
    assert event.actor_id == world.sam.pk
    assert password not in str(event.changes) + event.note + event.object_repr
    # it is shown once: not on the account's page afterwards
    assert password not in sam.get(f"/accounts/users/{world.carol.pk}/").content.decode()
    # and carol must change it when she signs in with it
    client = Client()
    signed_in = client.post("/accounts/login/", {"username": USERNAMES["carol"], "password": password})
    assert signed_in.status_code == 302
    assert client.get("/home/")["Location"] == PASSWORD_URL


def test_reset_is_post_only_and_for_security_admins_in_scope(world, client_for):
    url = f"/accounts/users/{world.carol.pk}/reset-password/"
    assert client_for(world.sam).get(url).status_code == 405
    assert client_for(world.alice).post(url).status_code == 403
    assert client_for(world.audrey).post(url).status_code == 403
    assert client_for(world.sid).post(url).status_code == 404
    assert User.unscoped.get(pk=world.carol.pk).check_password(PASSWORD)
    assert not AuditEvent.unscoped.filter(action="password_reset").exists()
