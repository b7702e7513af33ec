"""The leak walker: request every URL pattern as users of a sibling subtree and fail on any leak.

It enumerates the URL patterns of the URLconf itself, so a page added tomorrow is walked
tomorrow without anyone remembering to list it. For a pattern with parameters it needs a
*sampler*: a function naming an object of township A's subtree (the victim) for that
parameter. A pattern whose parameter has no sampler is reported, so new kinds of object
must be given one.

A parameter that takes one of a known set of values rather than naming an object (a sheet kind,
a reference table) is *enumerated*: every value is walked, each as a route of its own
(``cases``), so the export of every list is proven scoped, not just the first kind's. Parameters
can be enumerated together (a workflow and one of its transitions), and the object a case names
can depend on its values (``case_sampler``: the victim's object of *that* workflow's model).

A leak is either:
* a response that contains the victim marker (names in township A carry ``ALPHA7F3``), also
  inside a spreadsheet or other zipped download (an export's cells are compressed XML), or
* a success (2xx) or redirect (3xx) for a URL that names a victim object: outside scope the
  answer must be 404 (or 403 where the role has no access to that kind of page at all,
  which reveals nothing about the object), or 405 for a method the view does not take.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
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
# Parameters whose every value is walked (a sheet kind, a reference table): the parameters (one,
# or several enumerated together) -> their values (a string, or a tuple of strings, per case).
ENUMERATIONS: dict[tuple[str, ...], Callable[[], Iterable[Any]]] = {}
# Samplers of a parameter whose object depends on a case's enumerated values: (world, values) -> value.
CaseSampler = Callable[[World, dict[str, str]], Any]
CASE_SAMPLERS: dict[str, CaseSampler] = {}


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


def enumerated(*parameters: str) -> Callable[[Callable[[], Iterable[Any]]], Callable[[], Iterable[Any]]]:
    """Register the values of parameters that name no object: each value is walked as a route of its own.

    The function takes nothing (the values are known before any world is built, when tests are
    collected) and returns every value: ``@enumerated("sheet_kind") def kinds(): return REGISTRY``;
    for parameters enumerated together, a tuple per case: ``@enumerated("workflow", "transition")``.
    Each parameter still needs a ``sampler`` (the value other checks use) and is a non-object one.
    """

    def register(function: Callable[[], Iterable[Any]]) -> Callable[[], Iterable[Any]]:
        ENUMERATIONS[parameters] = function
        NON_OBJECT_PARAMETERS.update(parameters)
        return function

    return register


def case_sampler(parameter: str) -> Callable[[CaseSampler], CaseSampler]:
    """Register how to name the victim's object for ``parameter`` in a case of enumerated values.

    ``function(world, values)`` gets the case's enumerated values (``{"workflow": "founding", …}``)
    and returns the object's value, or None when the case does not concern it (the parameter's
    ordinary sampler then names it). Called after every sampler has run (``sample_all``).
    """

    def register(function: CaseSampler) -> CaseSampler:
        CASE_SAMPLERS[parameter] = function
        return function

    return register


@dataclass(frozen=True)
class Route:
    name: str
    parameters: tuple[str, ...]
    description: str
    # Enumerated parameters set to one of their values (``cases``): (parameter, value) pairs.
    fixed: tuple[tuple[str, str], ...] = ()


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


def cases(urlconf: str | None = None) -> list[Route]:
    """Every route, a route with enumerated parameters once per value (``sheets/members/export/``)."""
    discover_samplers()
    expanded: list[Route] = []
    for route in routes(urlconf):
        variants = [route]
        for parameters, function in ENUMERATIONS.items():
            if not set(parameters) <= set(route.parameters):
                continue
            values = sorted(
                {tuple(str(v) for v in (value if isinstance(value, tuple) else (value,))) for value in function()}
            )
            variants = [
                replace(
                    variant,
                    fixed=(*variant.fixed, *zip(parameters, value, strict=True)),
                    description=_describe_all(variant.description, dict(zip(parameters, value, strict=True))),
                )
                for variant in variants
                for value in values
            ]
        expanded += variants
    return expanded


def _describe_all(pattern: str, values: dict[str, str]) -> str:
    for parameter, value in values.items():
        pattern = _describe(pattern, parameter, value)
    return pattern


def _describe(pattern: str, parameter: str, value: str) -> str:
    """The pattern's text with ``<converter:parameter>`` written as ``value``."""
    start = pattern.find(f":{parameter}>")
    if start < 0:
        start = pattern.find(f"<{parameter}>")
        return pattern.replace(f"<{parameter}>", value, 1) if start >= 0 else f"{pattern}[{value}]"
    opening = pattern.rfind("<", 0, start)
    return pattern[:opening] + value + pattern[start + len(parameter) + 2 :]


def discover_samplers() -> None:
    """Import every app's ``leak_samplers`` (a file, or a package and every file in it), where it
    registers samplers for its parameters."""
    from django.apps import apps

    from gonghui.core.modules import family

    for config in apps.get_app_configs():
        if config.name.startswith("gonghui."):
            for name in family(config.name, "leak_samplers"):
                importlib.import_module(name)


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


def sample_for(route: Route, world: World, *, rows: bool = True) -> dict[str, Any]:
    """The samplers' values a walk of ``route`` needs.

    A route naming an object (a detail page, an action, an export of one file) is judged by its
    answer for the victim's object — a 404 — so only the samplers of its own parameters run. A
    route naming no object (a list, a figures page, a search) is judged by the marked rows it
    shows, so every victim row must exist first: every sampler runs (``sample_all``) — unless
    ``rows`` is false (a walk judged by status alone, such as a signed-out visitor's).
    """
    discover_samplers()
    # A case whose object is found among the victim's rows (a workflow's transition page: the
    # object of that workflow, made by its module's samplers) needs them all made first.
    finds_its_object = bool(route.fixed) and any(parameter in CASE_SAMPLERS for parameter in route.parameters)
    if not finds_its_object and (not rows or set(route.parameters) - NON_OBJECT_PARAMETERS):
        return {parameter: SAMPLERS[parameter](world) for parameter in route.parameters}
    return sample_all(world)


def walk(world: World, intruders: list[Any], urlconf: str | None = None) -> list[Leak]:
    """Request every route with every method as each intruder; return the leaks found."""
    missing = missing_samplers(urlconf)
    if missing:
        raise AssertionError(f"URL parameters without a leak-walker sampler: {missing}")
    values = sample_all(world)
    leaks: list[Leak] = []
    for route in cases(urlconf):
        leaks += walk_route(route, intruders, values, urlconf=urlconf, world=world)
    return leaks


def case_values(route: Route, values: dict[str, Any], world: World | None) -> dict[str, Any]:
    """The URL parameters of ``route``: the samplers' values, the case's own, and its case samplers'."""
    fixed = dict(route.fixed)
    kwargs = {p: values[p] for p in route.parameters} | fixed
    for parameter in route.parameters:
        if not fixed or parameter in fixed or parameter not in CASE_SAMPLERS:
            continue
        if world is None:
            raise AssertionError(f"{route.description}: naming {parameter!r} for this case needs the world")
        found = CASE_SAMPLERS[parameter](world, fixed)
        if found is not None:
            kwargs[parameter] = found
    return kwargs


# What each intruder asks of each route: the full page, its htmx partial (a view may answer the two
# differently), and a write. A write sent with htmx takes the same path through the view as one
# without (only a page's rendering looks at the header), so it is not asked twice.
REQUESTS = (("GET", False), ("GET", True), ("POST", False))


def walk_route(
    route: Route,
    intruders: list[Any],
    values: dict[str, Any],
    urlconf: str | None = None,
    *,
    world: World | None = None,
) -> list[Leak]:
    """Request ``route`` as each intruder (``REQUESTS``: GET with and without htmx, POST); return the leaks.

    ``values`` are the samplers' answers (``sample_all``): every victim row exists already.
    ``world`` names the objects of a case whose object depends on its values (``case_sampler``).
    """
    leaks: list[Leak] = []
    url = reverse(route.name, urlconf=urlconf, kwargs=case_values(route, values, world))
    names_object = bool(set(route.parameters) - NON_OBJECT_PARAMETERS)
    for intruder in intruders:
        client = Client()
        signed_in = False
        for method, htmx in REQUESTS:
            if not signed_in:
                client.force_login(intruder)
            # Sign in again after a write: a walked logout or session change must not blind the walk
            # (a GET changes nothing, so the session it leaves is the one it found).
            signed_in = method == "GET"
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.generic(method, url, headers=headers)
            leak = judge(response, names_object)
            if leak:
                leaks.append(Leak(intruder.username, method, url, htmx, response.status_code, leak))
    return leaks


def judge(response: Any, names_object: bool) -> str | None:
    status = response.status_code
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if any(MARKER.encode() in part or MARKER.lower().encode() in part for part in readable_parts(body)):
        return "the response shows data of another subtree"
    if names_object and status < 400:
        return "an object outside the user's subtree was served (expected 404)"
    if names_object and status not in {403, 404, 405}:
        return f"unexpected status for an object outside the user's subtree ({status})"
    return None


def readable_parts(body: bytes) -> Iterator[bytes]:
    """The body, and when it is a zip (an .xlsx export, a .docx) every member unpacked."""
    yield body
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                for member in archive.namelist():
                    yield archive.read(member)
        except zipfile.BadZipFile:
            return


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
        # the API's pager (core/api/pagination.py)
        "limit",
        "offset",
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
        session = {"signed_in": False}

        def check(
            method: str,
            url: str,
            data: dict[str, str] | None = None,
            *,
            client: Client = client,
            user: Any = user,
            session: dict[str, bool] = session,
        ) -> Any:
            # Sign in again after a write: a probed logout or session change must not blind the probe
            # (a GET changes nothing, so the session it leaves is the one it found).
            if not session["signed_in"]:
                client.force_login(user)
            session["signed_in"] = method == "GET"
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
