"""Reading links and forms out of a page, as a browser would, for the load test's journeys.

Only the standard library: the load generator must not depend on the server's code.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    # Each <select>'s and radio group's non-empty options, so a journey can pick one.
    options: dict[str, list[str]] = field(default_factory=dict)

    def pick(self, name: str, rng: random.Random) -> str:
        """Choose one of a select's options at random (nothing when it has none)."""
        choices = self.options.get(name) or []
        if choices:
            self.fields[name] = rng.choice(choices)
        return self.fields.get(name, "")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._selected: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(action=a.get("action", ""), method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "radio" and a.get("value"):
                self._form.options.setdefault(a["name"], []).append(a["value"])
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form.fields[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._selected = None
            self._form.options[self._select] = []
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            # As a browser does: the option marked selected, else the first one.
            if "selected" in a or self._selected is None:
                self._selected = value
            if "selected" in a:
                self._form.fields[self._select] = value
            if value:
                self._form.options[self._select].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form.fields[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            self._form.fields.setdefault(self._select, self._selected or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse(html: str, base: str) -> tuple[list[Form], list[str]]:
    parser = _Parser()
    parser.feed(html)
    for form in parser.forms:
        form.action = urljoin(base, form.action or base)
    return parser.forms, [urljoin(base, link) for link in parser.links]


def post_form(html: str, base: str, has: str = "csrfmiddlewaretoken", action: str = "") -> Form | None:
    """The page's first POST form that carries the field ``has`` and whose address contains ``action``."""
    forms, _links = parse(html, base)
    return next((f for f in forms if f.method == "post" and has in f.fields and action in f.action), None)


def links(html: str, base: str, pattern: str) -> list[str]:
    """The page's links whose address matches ``pattern`` (a regular expression), without repeats."""
    _forms, found = parse(html, base)
    wanted = re.compile(pattern)
    return list(dict.fromkeys(link for link in found if wanted.search(link)))
