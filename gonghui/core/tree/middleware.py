from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gonghui.core.tree.scoping import Actor, activate


def client_ip(request: HttpRequest) -> str | None:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


class ActorScopeMiddleware:
    """Make the signed-in user the actor for everything this request queries or writes.

    The user is read lazily, so API authentication that happens inside the view (and sets
    ``request.user`` there) is honoured too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with activate(Actor(user_getter=lambda: request.user, ip=client_ip(request))):
            return self.get_response(request)
