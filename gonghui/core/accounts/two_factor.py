"""The second factor of sign-in: a TOTP code from an authenticator app, or a one-time recovery code.

County, security and audit administrators (``APPOINTED_ROLES``, MLPS level 3) must sign in with
one; every other account may opt in on its own page. django-otp keeps the devices: a
``TOTPDevice`` (RFC 6238, 6 digits, 30 s, one step of drift either way, a code never accepted
twice, growing delays after wrong codes) and a ``StaticDevice`` of ten recovery codes, each
removed when used.

Enrolment shows a QR code drawn by the site itself (segno, SVG) and the key as text. A lost
phone is reset on the operator's command line only (``gonghui resettotp USER``, audited, which
also ends the account's sessions); the account then enrols again at its next sign-in.

Signing in happens in two steps: the password (``signin.LoginView``) leaves a *pending*
sign-in in the session, not a signed-in user; only a valid code turns it into one. So no
session of a user who needs a second factor exists without it.
"""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core.accounts.roles import APPOINTED_ROLES
from gonghui.core.audit.services import Action, Outcome, audit_record
from gonghui.core.tree.scoping import system_scope

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# The audit row's field for the second factor (changes={"second_factor": [before, after]}).
FIELD = "second_factor"


def required(user: Any) -> bool:
    """Whether ``user`` may not sign in without a second factor (the appointed administrators)."""
    return getattr(user, "role", None) in APPOINTED_ROLES


def totp_device(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def asks_for_code(user: Any) -> bool:
    """Whether signing in takes a code (or, for an administrator not enrolled yet, enrolment first)."""
    return required(user) or enrolled(user)


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Enrolment ----------------------------------------------------------------------------


def enrolment_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being set up (the same across page loads, so the QR code stays the same)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def key_text(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it by hand: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    """The enrolment QR code (the otpauth:// URL), drawn here: no outside service sees the key."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return buffer.getvalue()


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_enrolment(user: Any, code: str) -> list[str] | None:
    """Confirm the device being set up with a code from the app; returns the new recovery codes (or None)."""
    device = totp_device(user, confirmed=False)
    if device is None or not device.verify_token(normalise(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        with system_scope("audit of a second factor set up"):
            audit_record(
                Action.UPDATE,
                obj=user,
                actor=user,
                changes={FIELD: ["", "TOTP"]},
                note="second factor (TOTP) set up, with new recovery codes",
            )
    return codes


def new_recovery_codes(user: Any) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        with system_scope("audit of new recovery codes"):
            audit_record(Action.UPDATE, obj=user, actor=user, note="new recovery codes for the second factor")
    return codes


# --- Verification -------------------------------------------------------------------------


def normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def verify(user: Any, code: str) -> tuple[Any, bool]:
    """The device that accepts ``code`` and whether it was a recovery code; (None, False) if none does."""
    code = normalise(code)
    if not code:
        return None, False
    if code.isdigit():
        device = totp_device(user)
        if device is not None and device.verify_token(code):
            return device, False
        return None, False
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):  # removes the code: it works once
            with system_scope("audit of a recovery code used"):
                audit_record(
                    Action.UPDATE,
                    obj=user,
                    actor=user,
                    note=f"signed in with a recovery code; {recovery_codes_left(user)} left",
                )
            return device, True
    return None, False


def record_wrong_code(user: Any) -> None:
    with system_scope("audit of a wrong second-factor code"):
        audit_record(
            Action.LOGIN_FAILED,
            obj=user,
            actor=user,
            outcome=Outcome.FAILURE,
            note="wrong one-time code (second factor)",
        )


def turn_off(user: Any) -> None:
    """An account that opted in opts out (never an administrator: ``required()`` accounts keep theirs)."""
    if required(user):
        raise ValueError("an administrator's second factor is reset on the command line only")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        with system_scope("audit of a second factor turned off"):
            audit_record(
                Action.UPDATE, obj=user, actor=user, changes={FIELD: ["TOTP", ""]}, note="second factor turned off"
            )


# --- Reset (the operator's command line) -----------------------------------------------------


def end_sessions(user: Any) -> int:
    """Delete every stored session of ``user`` (the sessions are in the database)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def reset(user: Any) -> int:
    """Remove ``user``'s second factor and recovery codes, end their sessions, and audit it (operator only)."""
    with transaction.atomic():
        had = enrolled(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        ended = end_sessions(user)
        with system_scope("audit of a second factor reset on the operator's command line"):
            audit_record(
                Action.UPDATE,
                obj=user,
                changes={FIELD: ["TOTP" if had else "", ""]},
                note=f"second factor reset on the operator's command line; {ended} session(s) ended",
            )
    return ended


# --- For tests and the browser journeys: what an authenticator app shows ---------------------


def code_for(device: TOTPDevice, *, now: float | None = None) -> str:
    """The code an app would show now, or the next one if this one was used already (codes work once).

    Waits for the next 30-second step when even that one is taken (two sign-ins in one step).
    """
    while True:
        device.refresh_from_db()
        t = int(((now or time.time()) - device.t0) // device.step) + device.drift
        step = max(t, device.last_t + 1)
        if step <= t + device.tolerance:
            return str(hotp(device.bin_key, step, device.digits)).zfill(device.digits)
        if now is not None:
            raise ValueError("every code of this moment has been used")
        time.sleep(1)


def code_from_key(key: str, step: int) -> str:
    """The 6-digit code of a base32 key (as the enrolment page shows it) for time step ``step``."""
    try:
        raw = base64.b32decode(key.replace(" ", "").upper() + "=" * (-len(key.replace(" ", "")) % 8))
    except binascii.Error as exc:
        raise ValueError("not a base32 key") from exc
    return str(hotp(raw, step, 6)).zfill(6)
