"""The leak walker: request every URL pattern as users of a sibling subtree and fail on any leak.

It enumerates the URL patterns of the URLconf itself, so a page added tomorrow is walked
tomorrow without anyone remembering to list it. For a pattern with parameters it needs a
*sampler*: a function naming an object of township A's subtree (the victim) for that
parameter. A pattern whose parameter has no sampler is reported, so new kinds of object
must be given one.

A leak is either:
* a response that contains the victim marker (names in township A carry ``ALPHA7F3``), or
* a success (2xx) or redirect (3xx) for a URL that names a victim object: outside scope the
  answer must be 404 (or 403 where the role has no access to that kind of page at all,
  which reveals nothing about the object), or 405 for a method the view does not take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.core.testing.world import MARKER, World

Sampler = Callable[[World], Any]
SAMPLERS: dict[str, Sampler] = {}
# Parameters that do not name an object (so a 2xx is no leak by itself).
NON_OBJECT_PARAMETERS = {"format"}


def sampler(parameter: str) -> Callable[[Sampler], Sampler]:
    """Register how to name a victim object for URL parameter ``parameter``."""

    def register(function: Sampler) -> Sampler:
        existing = SAMPLERS.get(parameter)
        if existing is not None and (existing.__module__, existing.__qualname__) != (
            function.__module__,
            function.__qualname__,
        ):
            # One name, one meaning: a parameter sampled two ways would walk some routes with an
            # object of the wrong kind and prove nothing about them. Name the parameter after its object.
            raise ValueError(
                f"URL parameter {parameter!r} already has a sampler ({existing.__module__}); "
                "give the new route's parameter a name of its own"
            )
        SAMPLERS[parameter] = function
        return function

    return register


@dataclass(frozen=True)
class Route:
    name: str
    parameters: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Leak:
    user: str
    method: str
    url: str
    htmx: bool
    status: int
    reason: str

    def __str__(self) -> str:
        via = " (htmx)" if self.htmx else ""
        return f"{self.user}: {self.method} {self.url}{via} → {self.status}: {self.reason}"


def routes(urlconf: str | None = None) -> list[Route]:
    """Every named URL pattern of ``urlconf``, with its parameters."""
    found: dict[tuple[str, tuple[str, ...]], Route] = {}

    def walk(patterns: list[Any], namespace: str, prefix: str, inherited: tuple[str, ...]) -> Iterator[Route]:
        for entry in patterns:
            params = inherited + tuple(entry.pattern.regex.groupindex)
            text = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, ns, text, params)
            elif isinstance(entry, URLPattern):
                if not entry.name:
                    raise AssertionError(f"URL pattern {text!r} has no name; the leak walker needs one")
                yield Route(f"{namespace}{entry.name}", tuple(sorted(set(params))), text)

    for route in walk(get_resolver(urlconf).url_patterns, "", "", ()):
        found.setdefault((route.name, route.parameters), route)
    return list(found.values())


def discover_samplers() -> None:
    """Import every app's ``leak_samplers`` module, where it registers samplers for its parameters."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("leak_samplers")


def missing_samplers(urlconf: str | None = None) -> dict[str, list[str]]:
    discover_samplers()
    missing: dict[str, list[str]] = {}
    for route in routes(urlconf):
        for parameter in route.parameters:
            if parameter not in SAMPLERS:
                missing.setdefault(parameter, []).append(route.description)
    return missing


def walk(world: World, intruders: list[Any], urlconf: str | None = None) -> list[Leak]:
    """Request every route with every method as each intruder; return the leaks found."""
    missing = missing_samplers(urlconf)
    if missing:
        raise AssertionError(f"URL parameters without a leak-walker sampler: {missing}")
    leaks: list[Leak] = []
    for intruder in intruders:
        client = Client()
        for route in routes(urlconf):
            kwargs = {p: SAMPLERS[p](world) for p in route.parameters}
            url = reverse(route.name, urlconf=urlconf, kwargs=kwargs)
            names_object = bool(set(route.parameters) - NON_OBJECT_PARAMETERS)
            for method in ("GET", "POST"):
                for htmx in (False, True):
                    # Re-sign in each time: a walked logout or session change must not blind the walk.
                    client.force_login(intruder)
                    headers = {"HX-Request": "true"} if htmx else {}
                    response = client.generic(method, url, headers=headers)
                    leak = judge(response, names_object)
                    if leak:
                        leaks.append(Leak(intruder.username, method, url, htmx, response.status_code, leak))
    return leaks


def judge(response: Any, names_object: bool) -> str | None:
    status = response.status_code
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if MARKER.encode() in body or MARKER.lower().encode() in body:
        return "the response shows data of another subtree"
    if names_object and status < 400:
        return "an object outside the user's subtree was served (expected 404)"
    if names_object and status not in {403, 404, 405}:
        return f"unexpected status for an object outside the user's subtree ({status})"
    return None


# --- Samplers of the core's objects -----------------------------------------------------


@sampler("union_id")
def _union(world: World) -> int:
    return world.union_c.pk


@sampler("user_id")
def _user(world: World) -> int:
    return world.carol.pk


@sampler("event_id")
def _event(world: World) -> int | None:
    from gonghui.core.audit.models import AuditEvent

    return AuditEvent.unscoped.filter(union=world.union_c).values_list("pk", flat=True).first()


@sampler("format")
def _format(world: World) -> str:
    return "json"
