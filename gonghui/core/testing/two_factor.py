"""Signing in as a person does in tests, second factor included (accounts/two_factor.py).

``enrol(user)`` gives an account an authenticator app (a confirmed TOTP device and recovery codes);
``sign_in(client, username, password)`` goes through the sign-in form and, when it asks for a code,
types the one that app shows. Tests that only need a signed-in client keep using ``force_login``
(``client_for``): the second factor is a rule of the sign-in form, which those tests do not go through.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core.accounts import two_factor

LOGIN_URL = "/accounts/login/"
VERIFY_URL = "/accounts/login/verify/"
ENROL_URL = "/accounts/two-factor/enrol/"


def enrol(user: Any) -> TOTPDevice:
    """Set up ``user``'s authenticator app as the enrolment page does; return the device."""
    device = two_factor.enrolment_device(user)
    codes = two_factor.confirm_enrolment(user, two_factor.code_for(device))
    assert codes is not None
    device.refresh_from_db()
    return device


def sign_in(client: Client, username: str, password: str) -> Any:
    """Sign in through the form; type the app's code when asked (enrolling first if the account has none)."""
    from gonghui.core.accounts.models import User

    response = client.post(LOGIN_URL, {"username": username, "password": password})
    if response.status_code != 302 or response["Location"] not in {VERIFY_URL, ENROL_URL}:
        return response
    user = User.unscoped.get(username=username)
    if response["Location"] == ENROL_URL:
        client.get(ENROL_URL)
        device = two_factor.totp_device(user, confirmed=False)
        assert device is not None
        client.post(ENROL_URL, {"code": two_factor.code_for(device)})
        return client.get("/home/", follow=False)
    device = two_factor.totp_device(user)
    assert device is not None
    return client.post(VERIFY_URL, {"code": two_factor.code_for(device)})
