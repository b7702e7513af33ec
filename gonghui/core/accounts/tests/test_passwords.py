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
    validate_password(password, User(username=world.carol.username, full_name=world.carol.full_name))
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


# --- No reuse of recent passwords -----------------------------------------------------------------


def password_history(user: User) -> list[str]:
    from gonghui.core.accounts.models import PasswordHistory

    return list(PasswordHistory.unscoped.filter(user=user).order_by("-pk").values_list("password", flat=True))


def test_the_current_password_cannot_be_chosen_again(world, client_for):
    # given bob must change his password
    force_change(world.bob, must_change_password=True)
    bob = client_for(world.bob)
    # when he "changes" it to the one he has
    response = change_password(bob, PASSWORD, PASSWORD)
    # then the page refuses it with a message in Chinese, and nothing changes
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert "新密码不能与当前密码或此前用过的 5 个密码相同。" in errors
    assert errors[0] in response.content.decode()
    assert User.unscoped.get(pk=world.bob.pk).must_change_password
    assert not AuditEvent.unscoped.filter(action="password_change").exists()


def test_the_last_five_passwords_are_refused_and_older_ones_allowed(world):
    from gonghui.core.accounts.services import user_change_own_password

    bob = User.unscoped.get(pk=world.bob.pk)
    earlier = [f"Earlier#Pass{n}x" for n in range(1, 6)]
    for password in earlier:
        user_change_own_password(user=bob, new_password=password)
    # bob has Earlier#Pass5x now; before it 4, 3, 2, 1 and the world's PASSWORD: all refused
    for reused in [*earlier, PASSWORD]:
        with pytest.raises(ValidationError) as refused:
            user_change_own_password(user=bob, new_password=reused)
        assert [error.code for error in refused.value.error_list] == ["password_reused"]
    # one more change, and the oldest (PASSWORD) falls out of the history; the rest stay
    user_change_own_password(user=bob, new_password="Newest#Pass6x")
    validate_password(PASSWORD, bob)
    with pytest.raises(ValidationError):
        validate_password(earlier[0], bob)
    # only the current hash and the five before it are kept
    assert len(password_history(bob)) == 6
    assert password_history(bob)[0] == User.unscoped.get(pk=bob.pk).password


def test_every_way_of_setting_a_password_is_remembered(world, client_for):
    from gonghui.core.accounts.services import user_create, user_reset_password
    from gonghui.core.tree.scoping import acting_as, system_scope

    # created (here from the command line's service) ...
    with system_scope("test"):
        newbie = user_create(
            actor=None,
            username="newbie",
            full_name="新同事",
            union=world.union_c,
            role="worker",
            password="Initial#Pass2026",
        )
    assert len(password_history(newbie)) == 1
    # ... reset by the security administrator: the temporary password cannot be kept
    with acting_as(world.sam):
        temporary = user_reset_password(actor=world.sam, user=newbie)
    with pytest.raises(ValidationError):
        validate_password(temporary, User.unscoped.get(pk=newbie.pk))
    with pytest.raises(ValidationError):
        validate_password("Initial#Pass2026", User.unscoped.get(pk=newbie.pk))
    # ... and reset on the command line
    from django.core.management import call_command

    call_command("resetpassword", "newbie", "--generate", stdout=__import__("io").StringIO())
    assert len(password_history(newbie)) == 3
    assert password_history(newbie)[0] == User.unscoped.get(pk=newbie.pk).password


def test_the_temporary_password_cannot_be_kept_after_a_reset(world, client_for):
    reset = client_for(world.sam).post(f"/accounts/users/{world.carol.pk}/reset-password/")
    temporary = shown_password(reset)
    carol = Client()
    carol.post("/accounts/login/", {"username": USERNAMES["carol"], "password": temporary})
    response = change_password(carol, temporary, temporary)
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert User.unscoped.get(pk=world.carol.pk).must_change_password


# --- Every rule speaks Chinese ----------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_password_rule_is_translated(world):
    from django.contrib.auth.password_validation import get_default_password_validators
    from django.utils import translation

    # one password breaking each rule (bob's current password is the world's)
    breaking = ["Ab#1xyz", "20261234567890", "Password123", "tradeunion2026", USERNAMES["bob"] + "1", PASSWORD]
    with translation.override("zh-hans"):
        for validator in get_default_password_validators():
            help_text = str(validator.get_help_text())
            assert CJK.search(help_text), help_text
            messages = []
            for password in breaking:
                try:
                    validator.validate(password, world.bob)
                except ValidationError as refused:
                    messages += refused.messages
            assert messages, f"no sample password breaks {type(validator).__name__}"
            for message in messages:
                assert CJK.search(message), f"{type(validator).__name__}: {message}"
