"""Security headers, no inline scripts, and every asset served locally (the intranet has no internet)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

# (who, URL): None is a visitor who has not signed in.
PAGES = [
    (None, "/accounts/login/"),
    ("alice", "/home/"),
    ("alice", "/unions/"),
    ("bob", "/accounts/me/"),
    ("bob", "/accounts/password/"),
    ("sam", "/home/"),
    ("sam", "/accounts/users/"),
    ("sam", "/accounts/users/new/"),
    ("audrey", "/audit/"),
    ("wendy", "/home/"),
]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def parse(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


def get(world, client_for, who: str | None, url: str):
    client = Client() if who is None else client_for(getattr(world, who))
    response = client.get(url)
    assert response.status_code == 200, (who, url, response.status_code)
    return response


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_content_security_policy_allows_only_own_scripts(world, client_for):
    directives = csp_directives(get(world, client_for, "alice", "/home/"))
    assert directives["script-src"] == ["'self'"]
    for directive in ("script-src", "default-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


@pytest.mark.parametrize(("who", "url"), [(None, "/accounts/login/"), ("alice", "/home/")])
def test_browser_hardening_headers(world, client_for, who, url):
    response = get(world, client_for, who, url)
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(("who", "url"), [(who, url) for who, url in PAGES if who is not None])
def test_signed_in_pages_are_never_cached(world, client_for, who, url):
    assert get(world, client_for, who, url)["Cache-Control"] == "no-store"


def test_error_pages_of_signed_in_users_are_not_cached_either(world, client_for):
    response = client_for(world.bob).get("/no-such-page/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_no_inline_script(world, client_for, who, url):
    tags = parse(get(world, client_for, who, url).content.decode())
    assert tags.scripts, "the shell loads its scripts"
    for attrs, text in tags.scripts:
        assert attrs.get("src"), f"inline <script> on {url}"
        assert not text.strip(), f"<script src> with a body on {url}"
    # inline event handlers are inline scripts too
    handlers = [(tag, name) for tag, attrs in tags.tags for name in attrs if name.startswith("on")]
    assert handlers == [], f"inline event handlers on {url}"


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_every_asset_is_served_from_here(world, client_for, who, url):
    tags = parse(get(world, client_for, who, url).content.decode())
    static = "/" + settings.STATIC_URL.strip("/") + "/"
    assets = [
        attrs[name]
        for tag, attrs in tags.tags
        for name in ("src", "href")
        if (tag, name) in {("script", "src"), ("link", "href"), ("img", "src")} and attrs.get(name)
    ]
    assert assets
    for asset in assets:
        assert asset.startswith(static), f"{asset} on {url} is not a local static file"
        path = asset[len(static) :].split("?", 1)[0]
        assert finders.find(path), f"{asset} on {url} does not exist (run npm install?)"


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_no_page_refers_to_another_site(world, client_for, who, url):
    tags = parse(get(world, client_for, who, url).content.decode())
    external = [
        (tag, name, value)
        for tag, attrs in tags.tags
        for name, value in attrs.items()
        if name in {"src", "href", "action", "srcset", "hx-get", "hx-post"}
        and value
        and value.strip().lower().startswith(("http://", "https://", "//"))
    ]
    assert external == []
