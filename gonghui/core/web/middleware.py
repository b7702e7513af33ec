from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class NoStoreMiddleware:
    """Pages of signed-in users may hold personal data: no browser or proxy may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response


class RefuseNulMiddleware:
    """Answer 400 to a request whose path, query or form fields carry a NUL character.

    No form sends one and no text we keep may hold one: PostgreSQL refuses it in any string
    (a server error wherever a view passes a raw parameter on), SQLite silently cuts text at it.
    Refused here once, before any view reads the request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            raise BadRequest(_("The request contains a character that is not allowed (NUL)."))
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    fields = [request.GET]
    if request.method == "POST" and request.content_type in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        fields.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values) for data in fields for key, values in data.lists()
    )
