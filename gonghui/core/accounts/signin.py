"""Signing in, in two steps when the account has (or must have) a second factor (see two_factor.py).

1. ``LoginView``: user name and password (django-axes counts failures). An account without a
   second factor is signed in at once. Otherwise the session keeps a *pending* sign-in (the
   account, the time, where to go next) and the browser goes to step 2; nobody is signed in yet.
2. ``verify`` (a code from the app, or a recovery code), or ``enrol`` for an administrator who
   has none yet (scan the QR code, type the code it shows, note the recovery codes). Only then
   is the user signed in. A pending sign-in lasts five minutes and allows five wrong codes.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.accounts import two_factor
from gonghui.core.accounts.forms import LoginForm
from gonghui.core.accounts.models import User

PENDING = "gonghui_pending_sign_in"
PENDING_SECONDS = 5 * 60
MAX_WRONG_CODES = 5


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none", "autofocus": True}
        ),
    )

    def __init__(self, *args: Any, recovery: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recovery:
            self.fields["code"].help_text = gettext_lazy(
                "The 6 digits your authenticator app shows, or one of your recovery codes."
            )
            self.fields["code"].widget.attrs["inputmode"] = "text"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not two_factor.asks_for_code(user):
            return super().form_valid(form)
        # Step 2 follows: remember who gave the right password, under a new session key.
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
            "at": timezone.now().timestamp(),
            "next": self.get_success_url(),
            "wrong": 0,
        }
        return redirect("accounts:login_verify" if two_factor.enrolled(user) else "accounts:two_factor_enrol")


def _pending(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING)
    if not pending:
        return None, {}
    if timezone.now().timestamp() - pending["at"] > PENDING_SECONDS:
        del request.session[PENDING]
        messages.info(request, _("The sign-in took too long. Please sign in again."))
        return None, {}
    # unscoped: nobody is signed in yet; the account is the one that gave the right password
    user = User.unscoped.select_related("union").filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _complete(request: HttpRequest, user: User, pending: dict[str, Any], device: Any) -> str:
    """Sign ``user`` in (this records the sign-in) with the device that confirmed it; return where to go."""
    del request.session[PENDING]
    user.backend = pending["backend"]  # type: ignore[attr-defined]
    login(request, user, backend=pending["backend"])
    django_otp.login(request, device)
    target = pending.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse(settings.LOGIN_REDIRECT_URL)
    return target


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Step 2 for an account with a second factor: a code from the app, or a recovery code."""
    user, pending = _pending(request)
    if user is None:
        return redirect("accounts:login")
    if not two_factor.enrolled(user):
        return redirect("accounts:two_factor_enrol")
    form = CodeForm(request.POST or None, recovery=True)
    if request.method == "POST" and form.is_valid():
        device, recovery = two_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            target = _complete(request, user, pending, device)
            if recovery:
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code, which now no longer works. %(left)d are left: if your "
                        "phone is lost, ask the operator to reset your second factor."
                    )
                    % {"left": two_factor.recovery_codes_left(user)},
                )
            return HttpResponseRedirect(target)
        two_factor.record_wrong_code(user)
        pending["wrong"] = pending.get("wrong", 0) + 1
        if pending["wrong"] >= MAX_WRONG_CODES:
            del request.session[PENDING]
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("accounts:login")
        request.session[PENDING] = pending
        form.add_error("code", _("This code is not valid. Type the code your app shows now."))
    return render(request, "accounts/login_verify.html", {"form": form, "account": user})


def _enrolment_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    """Who is setting up a second factor: the pending sign-in, or the signed-in user opting in."""
    user, pending = _pending(request)
    if user is not None:
        return user, pending
    if request.user.is_authenticated:
        return request.user, {}  # type: ignore[return-value]
    return None, {}


@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    user, pending = _enrolment_user(request)
    if user is None:
        return redirect("accounts:login")
    if two_factor.enrolled(user):
        # Replacing a second factor goes through the operator's reset (a lost phone) only.
        return redirect("accounts:login_verify" if pending else "accounts:two_factor")
    device = two_factor.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(user, form.cleaned_data["code"])
        if codes is not None:
            if pending:
                target = _complete(request, user, pending, two_factor.totp_device(user))
            else:
                django_otp.login(request, two_factor.totp_device(user))
                target = reverse("accounts:two_factor")
            return render(request, "accounts/two_factor_recovery.html", {"codes": codes, "next": target})
        form.add_error("code", _("This code is not valid. Type the code your app shows now."))
    context = {
        "form": form,
        "account": user,
        "key": two_factor.key_text(device),
        "required": two_factor.required(user),
        "signing_in": bool(pending),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@never_cache
def qr_code(request: HttpRequest) -> HttpResponse:
    """The QR code of the device being set up, as SVG, drawn by the site (the key never leaves it)."""
    user = _enrolment_user(request)[0]
    if user is None or two_factor.enrolled(user):
        raise Http404("nothing is being set up")
    device = two_factor.totp_device(user, confirmed=False)
    if device is None:
        raise Http404("nothing is being set up")
    response = HttpResponse(two_factor.qr_svg(device), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def manage(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own second factor: whether it is on, recovery codes, opting out where allowed."""
    user = request.user
    context = {
        "enrolled": two_factor.enrolled(user),
        "required": two_factor.required(user),
        "left": two_factor.recovery_codes_left(user),
        "form": CodeForm(),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), after a current code from the app."""
    user = request.user
    form = CodeForm(request.POST)
    device = two_factor.totp_device(user)
    if (
        device is None
        or not form.is_valid()
        or not device.verify_token(two_factor.normalise(form.cleaned_data["code"]))
    ):
        messages.error(request, _("This code is not valid. Type the code your app shows now."))
        return redirect("accounts:two_factor")
    codes = two_factor.new_recovery_codes(user)
    return render(
        request, "accounts/two_factor_recovery.html", {"codes": codes, "next": reverse("accounts:two_factor")}
    )


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    """An account that opted in may opt out again (with a current code); an administrator may not."""
    user = request.user
    if two_factor.required(user):
        messages.error(request, _("Administrators must sign in with a second factor; it cannot be turned off."))
        return redirect("accounts:two_factor")
    form = CodeForm(request.POST)
    device = two_factor.totp_device(user)
    if (
        device is None
        or not form.is_valid()
        or not device.verify_token(two_factor.normalise(form.cleaned_data["code"]))
    ):
        messages.error(request, _("This code is not valid. Type the code your app shows now."))
        return redirect("accounts:two_factor")
    two_factor.turn_off(user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    messages.success(request, _("The second factor is off: you sign in with your password only."))
    return redirect("accounts:two_factor")
