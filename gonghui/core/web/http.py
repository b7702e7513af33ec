"""Request types for views, so type checking knows what the middleware adds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from gonghui.core.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request of a signed-in user (views behind ``login_required``)."""

    user: User
    htmx: HtmxDetails
