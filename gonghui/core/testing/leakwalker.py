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
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

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


def sample_all(world: World) -> dict[str, Any]:
    """Run every sampler once, so every marked row of the victim exists before anything is walked.

    Samplers create the rows they name. Walking a list page before the sampler of its rows has
    run would find nothing marked on it and prove nothing, so the walk creates them all first.
    """
    discover_samplers()
    return {parameter: function(world) for parameter, function in SAMPLERS.items()}


def walk(world: World, intruders: list[Any], urlconf: str | None = None) -> list[Leak]:
    """Request every route with every method as each intruder; return the leaks found."""
    missing = missing_samplers(urlconf)
    if missing:
        raise AssertionError(f"URL parameters without a leak-walker sampler: {missing}")
    values = sample_all(world)
    leaks: list[Leak] = []
    for route in routes(urlconf):
        leaks += walk_route(route, intruders, values, urlconf=urlconf)
    return leaks


def walk_route(route: Route, intruders: list[Any], values: dict[str, Any], urlconf: str | None = None) -> list[Leak]:
    """Request ``route`` with GET and POST, with and without htmx, as each intruder; return the leaks.

    ``values`` are the samplers' answers (``sample_all``): every victim row exists already.
    """
    leaks: list[Leak] = []
    url = reverse(route.name, urlconf=urlconf, kwargs={p: values[p] for p in route.parameters})
    names_object = bool(set(route.parameters) - NON_OBJECT_PARAMETERS)
    for intruder in intruders:
        client = Client()
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


# --- Probes: parameters no user would type must never answer a server error -------------

# 2**63 is one past the largest signed 64-bit integer: SQLite cannot bind it, PostgreSQL's bigint
# cannot hold it. Path and query parameters are typed by hand, pasted and tampered with.
OVERSIZED = str(2**63)
MALFORMED_VALUES = (OVERSIZED, "-1", "", "abc'\"<x>", "2024-13-45", "a\x00b", "²")
# Query parameters read by views directly rather than through a form on the page.
KNOWN_QUERY_KEYS = frozenset(
    {
        "page",
        "after",
        "before",
        "q",
        "year",
        "union",
        "employer",
        "state",
        "township",
        "program",
        "spot",
        "pending",
        "show",
        "unmasked",
        "direction",
        "sort",
        "kind",
        "next",
        "status",
    }
)


@dataclass(frozen=True)
class ServerError:
    user: str
    method: str
    url: str
    status: int
    error: str

    def __str__(self) -> str:
        return f"{self.user}: {self.method} {self.url!r} → {self.status}: {self.error}"


class _QueryKeys(HTMLParser):
    """The names a page lets a user put in its query string: GET forms' fields and links' parameters."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: set[str] = set()
        self._get_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._get_form = (attributes.get("method") or "get").lower() == "get"
        elif tag in {"input", "select", "textarea"} and self._get_form and attributes.get("name"):
            self.keys.add(str(attributes["name"]))
        elif tag == "a" and "?" in (attributes.get("href") or ""):
            self.keys.update(parse_qs(urlsplit(str(attributes["href"])).query, keep_blank_values=True))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._get_form = False


def _path_values(route: Route, world: World) -> dict[str, Any]:
    return {p: SAMPLERS[p](world) for p in route.parameters}


def _oversized_kwargs(route: Route, world: World, urlconf: str | None) -> list[dict[str, Any]]:
    """Each of the route's path parameters in turn replaced by something no object has."""
    variants = []
    base = _path_values(route, world)
    for parameter in route.parameters:
        if parameter in NON_OBJECT_PARAMETERS:
            continue
        for value in (OVERSIZED, "99999999999999999999999999"):
            kwargs = {**base, parameter: value}
            try:
                reverse(route.name, urlconf=urlconf, kwargs=kwargs)
            except NoReverseMatch:
                # The converter refuses the value (a uuid, a slug …): the URL resolver answers 404 itself.
                continue
            variants.append(kwargs)
    return variants


def probe(world: World, route: Route, users: list[Any], urlconf: str | None = None) -> list[ServerError]:
    """Request ``route`` as each user with oversized ids in its path and malformed values in its query.

    Every answer must be below 500: a refusal (400, 403, 404, 405) or the page with the bad value
    ignored or named. Query parameters are those the page's own GET forms and links carry, plus
    the few read directly by views.
    """
    errors: list[ServerError] = []
    base_url = reverse(route.name, urlconf=urlconf, kwargs=_path_values(route, world))
    path_urls = [reverse(route.name, urlconf=urlconf, kwargs=kw) for kw in _oversized_kwargs(route, world, urlconf)]
    for user in users:
        client = Client(raise_request_exception=False)

        def check(
            method: str, url: str, data: dict[str, str] | None = None, *, client: Client = client, user: Any = user
        ) -> Any:
            # Re-sign in each time: a probed logout or session change must not blind the probe.
            client.force_login(user)
            response = client.get(url, data=data or {}) if method == "GET" else client.post(url, data=data or {})
            if response.status_code >= 500:
                exc = getattr(response, "exc_info", None)
                error = f"{exc[0].__name__}: {exc[1]}" if exc else "server error"
                shown = url + ("?" + urlencode(data) if data else "")
                errors.append(ServerError(user.username, method, shown, response.status_code, error))
            return response

        page = check("GET", base_url)
        if page.status_code == 403 or (page.status_code == 302 and "/accounts/login/" in page.get("Location", "")):
            # The role may not use this page at all: the refusal comes before any parameter is read.
            continue
        for url in path_urls:
            check("GET", url)
            check("POST", url)
        keys = set(KNOWN_QUERY_KEYS)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parser = _QueryKeys()
            parser.feed(page.content.decode("utf-8", "replace"))
            keys |= parser.keys
        keys.discard("csrfmiddlewaretoken")
        for value in MALFORMED_VALUES:
            check("GET", base_url, dict.fromkeys(sorted(keys), value))
        check("POST", base_url + "?" + urlencode(dict.fromkeys(sorted(keys), OVERSIZED)))
    return errors
