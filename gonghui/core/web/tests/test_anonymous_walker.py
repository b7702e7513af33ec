"""Every route as a signed-out visitor: only the pages marked ``@public`` answer; the rest ask to sign in.

A worker without an account may file a request, follow it by its code, check a certificate and
read a published notice; nothing else is open. The walk requests every URL pattern of the
URLconf (pages, htmx partials, exports, API) with GET and POST and no session, with the victim
rows of every sampler in place, and fails on a route that is not marked public and answers
with anything but a way to the sign-in page (a redirect to it, 401, 403, 404 or 405), and on
any answer that shows a marked row.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER
from gonghui.core.web.public import is_public

pytestmark = pytest.mark.walker

# Views of libraries that a signed-out visitor must reach, and why.
LIBRARY_PUBLIC = {
    "set_language": "choosing the language on the sign-in page (Django)",
    "captcha-image": "the challenge picture of a public form (django-simple-captcha)",
    "captcha-image-2x": "the same picture at twice the size",
    "captcha-audio": "the challenge read aloud (answers 404: no speech synthesiser is installed)",
    "captcha-refresh": "a new challenge for a public form",
}

leakwalker.discover_samplers()
ROUTES = leakwalker.cases()


def _open(route: leakwalker.Route, url: str) -> bool:
    return route.name in LIBRARY_PUBLIC or is_public(resolve(url).func)


def _judge(route: leakwalker.Route, url: str, response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    marked = any(MARKER.encode() in part or MARKER.lower().encode() in part for part in leakwalker.readable_parts(body))
    if marked and not _open(route, url):
        return "shows data to a signed-out visitor"
    if _open(route, url):
        return None
    if status in {301, 302, 303, 307, 308}:
        location = response.headers.get("Location", "")
        if location.startswith(reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL):
            return None
        return f"redirects a signed-out visitor to {location!r}, not to the sign-in page"
    if status in {401, 403, 404, 405}:
        return None
    return f"answers a signed-out visitor with {status} (mark the view @public if it is meant to)"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.description or route.name)
def test_only_public_pages_answer_a_signed_out_visitor(world, route):
    # A signed-out visitor is judged by the answer's status first: a page that is not public must
    # not answer at all, whatever rows exist, so only the route's own objects are made.
    values = leakwalker.sample_for(route, world, rows=False)
    url = reverse(route.name, kwargs=leakwalker.case_values(route, values, world))
    problems = []
    for method in ("GET", "POST"):
        response = Client().generic(method, url)
        problem = _judge(route, url, response)
        if problem:
            problems.append(f"{method} {url} → {response.status_code}: {problem}")
    assert problems == [], "\n".join(problems)


def test_the_public_pages_are_few_and_named():
    """The list of what a signed-out visitor may open, so that a new one is a decision, not an accident."""
    opened = set()
    for route in leakwalker.routes():
        if route.parameters:
            continue
        if is_public(resolve(reverse(route.name)).func):
            opened.add(route.name)
    assert {"accounts:login", "certificates:verify", "healthz"} <= opened
    assert not {name for name in opened if name.startswith(("tree:", "audit:", "accounts:user", "api"))}
