"""Refused requests of signed-in users go to the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from gonghui.core.audit.services import access_refused_record

REFUSED_STATUSES = frozenset({403, 404})
# What browsers ask for by themselves: their 404 says nothing about the user.
BROWSER_PATHS = ("/favicon.ico", "/robots.txt", "/apple-touch-icon")


def _is_asset(path: str) -> bool:
    return path.startswith(("/" + settings.STATIC_URL.lstrip("/"), *BROWSER_PATHS))


class AccessRefusedAuditMiddleware:
    """Record every 403 and 404 answered to a signed-in user, rate-limited per user.

    An object outside the user's scope answers 404 exactly like one that does not exist, so
    every 404 counts: it is how a user walking object ids shows. Static files and the files
    browsers fetch unasked are left out. Anonymous requests are not recorded: they reach no
    object (pages send them to sign in), there is no account to attribute them to or to limit
    per, and a per-address limit would lump a whole office behind one NAT address together;
    the reverse proxy's access log keeps them, and failed sign-ins are audited already.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in REFUSED_STATUSES and not _is_asset(request.path):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                access_refused_record(
                    user=user, method=request.method or "", path=request.path, status=response.status_code
                )
        return response
