"""Public forms: the challenge, no markup, bounded text, and the flood limit per address."""

from __future__ import annotations

import pytest
from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django import forms
from django.test import RequestFactory

from gonghui.core.web.models import ThrottleCount
from gonghui.core.web.public import MAX_BODY, MAX_TEXT, PublicForm, is_public, public, throttle, throttle_prune

pytestmark = pytest.mark.django_db


class WageForm(PublicForm):
    name = forms.CharField()
    employer = forms.CharField(max_length=50)
    amount = forms.IntegerField()


def _data(**overrides):
    return {
        "name": "李四",
        "employer": "某公司",
        "amount": "3",
        "challenge_0": "k",
        "challenge_1": "PASSED",
    } | overrides


def test_a_clean_submission_passes_with_the_challenge_last():
    form = WageForm(_data())
    assert form.is_valid(), form.errors
    assert list(form.fields)[-1] == "challenge"


@pytest.mark.parametrize("field", ["name", "employer", "amount"])
def test_markup_is_refused_in_every_field(field):
    form = WageForm(_data(**{field: "<script>alert(1)</script>"}))
    assert not form.is_valid()
    assert field in form.errors
    assert "<" in str(form.errors[field]) or "尖括号" in str(form.errors[field])


def test_text_is_bounded_even_where_the_form_set_no_limit():
    assert WageForm().fields["name"].max_length == MAX_TEXT
    form = WageForm(_data(name="字" * (MAX_TEXT + 1)))
    assert not form.is_valid()
    assert "name" in form.errors
    assert WageForm().fields["employer"].max_length == 50  # a field's own limit stands


def test_the_real_challenge_refuses_a_wrong_answer(monkeypatch):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)
    key = CaptchaStore.generate_key()
    assert not WageForm(_data(challenge_0=key, challenge_1="wrong")).is_valid()
    key = CaptchaStore.generate_key()  # a wrong answer spends the challenge: the page draws a new one
    answer = CaptchaStore.objects.get(hashkey=key).response
    assert WageForm(_data(challenge_0=key, challenge_1=answer)).is_valid()
    # an answered challenge is spent: the same key cannot be replayed
    assert not WageForm(_data(challenge_0=key, challenge_1=answer)).is_valid()


def test_the_sixth_submission_in_a_minute_from_one_address_is_refused():
    factory = RequestFactory()
    request = factory.post("/x/", REMOTE_ADDR="192.0.2.1")
    assert [throttle(request, "test.form") for _ in range(5)] == [None] * 5
    refusal = throttle(request, "test.form")
    assert refusal is not None
    assert "5" in refusal
    # another address, another form: each counted on its own
    assert throttle(factory.post("/x/", REMOTE_ADDR="192.0.2.2"), "test.form") is None
    assert throttle(request, "test.other") is None
    # the address is kept only as a keyed hash
    assert not ThrottleCount.objects.filter(client__contains="192.0.2.1").exists()


def test_an_oversized_body_is_refused_before_it_is_read():
    request = RequestFactory().post("/x/", REMOTE_ADDR="192.0.2.3")
    request.META["CONTENT_LENGTH"] = str(MAX_BODY + 1)
    assert throttle(request, "test.form") is not None
    assert not ThrottleCount.objects.exists()


def test_old_windows_are_pruned():
    from datetime import timedelta

    from django.utils import timezone

    ThrottleCount.objects.create(scope="x", client="y", window=timezone.now() - timedelta(hours=2), count=3)
    ThrottleCount.objects.create(scope="x", client="y", window=timezone.now(), count=1)
    assert throttle_prune() == 1
    assert ThrottleCount.objects.count() == 1


def test_public_marks_a_view_and_is_found_through_wrappers():
    from django.contrib.auth.decorators import login_required

    @public
    def view(request):
        return None

    assert is_public(view)
    assert not is_public(login_required(lambda request: None))
