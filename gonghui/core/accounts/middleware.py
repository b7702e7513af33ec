"""Session policy: idle timeout, absolute lifetime and forced password change (MLPS 2.0)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.tree.scoping import system_scope

# Requests that poll in the background send this header; they must not keep a session alive.
BACKGROUND_HEADER = "HTTP_X_GONGHUI_BACKGROUND"
PASSWORD_EXEMPT_URL_NAMES = {"accounts:password_change", "accounts:logout", "set_language"}


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            last = session.get("last_activity", now)
            started = session.get("auth_at", now)
            if now - last > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                with system_scope("audit of an expired session"):
                    audit_record(Action.SESSION_EXPIRED, obj=user, actor=user)
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return self._to_login(request)
            if request.META.get(BACKGROUND_HEADER) != "1":
                session["last_activity"] = now
            if self._password_change_due(user) and not self._exempt(request):
                messages.warning(request, _("Please change your password before you continue."))
                return redirect("accounts:password_change")
        return self.get_response(request)

    @staticmethod
    def _password_change_due(user: object) -> bool:
        if getattr(user, "must_change_password", False):
            return True
        max_age = settings.PASSWORD_MAX_AGE_DAYS
        changed = getattr(user, "password_changed_at", None)
        return bool(max_age and changed and timezone.now() - changed > timedelta(days=max_age))

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        match = request.resolver_match
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.view_name in PASSWORD_EXEMPT_URL_NAMES or request.path_info.startswith(settings.STATIC_URL)

    @staticmethod
    def _to_login(request: HttpRequest) -> HttpResponse:
        login_url = reverse(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return redirect(f"{login_url}?next={request.path}")
