"""Every destructive or irreversible action asks first, in one way, and is refused on GET.

A view that removes, ends, cancels or closes something is marked ``@destructive``
(``core.web.lists``): POST only. Every form of every template that posts to such a view must
carry ``data-confirm="…"``, which ``web/app.js`` turns into a question the user can cancel. A
shared template that renders such a form for its includer (a picker's per-row button) is told the
URL name as ``post_to="…"``, and the ``{% include %}`` naming a destructive view passes ``confirm=``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.core.web.lists import destructive

FORM_TAG = re.compile(r"<form\b[^>]*>", re.S)
URL_IN_ACTION = re.compile(r"""action="\{%\s*url\s+['"]([\w:]+)['"]""")
INCLUDE_TAG = re.compile(r"\{%\s*include\b.*?%\}")
POST_TO = re.compile(r"""\bpost_to=['"]([\w:]+)['"]""")


def _destructive_views(resolver: URLResolver | None = None, namespace: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(_destructive_views(entry, inner))
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "destructive", False):
            found[f"{namespace}{entry.name}"] = entry
    return found


def _templates() -> list[Path]:
    root = Path(settings.BASE_DIR) / "gonghui"
    return sorted(root.glob("**/templates/**/*.html"))


def test_the_destructive_views_are_the_ones_we_know() -> None:
    assert set(_destructive_views()) >= {
        "organisations:committee_member_remove",
        "organisations:survey_close",
        "members:bulk_action",
        "assistance:member_remove",
        "assistance:pairing_end",
        "assistance:grant_remove",
        "jobs:job_cancel",
    }


def test_every_form_posting_to_a_destructive_view_asks_first() -> None:
    views = _destructive_views()
    posted_to: set[str] = set()
    missing = []
    for path in _templates():
        text = path.read_text()
        for tag in FORM_TAG.findall(text) + INCLUDE_TAG.findall(text):
            match = URL_IN_ACTION.search(tag) or POST_TO.search(tag)
            if match and match.group(1) in views:
                posted_to.add(match.group(1))
                if ("data-confirm=" if tag.startswith("<form") else " confirm=") not in tag:
                    missing.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(1)}")
    assert not missing, "forms without data-confirm: " + "; ".join(missing)
    # Every destructive view has a form somewhere, so this test is not vacuously true.
    assert posted_to == set(views)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("organisations:committee_member_remove", {"member_id": 1}),
        ("assistance:grant_remove", {"grant_id": 1}),
        ("members:bulk_action", {}),
    ],
)
def test_a_destructive_view_refuses_get(world: Any, client_for: Any, name: str, kwargs: dict[str, int]) -> None:
    assert client_for(world.alice).get(reverse(name, kwargs=kwargs)).status_code in (403, 405)


def test_the_marker_keeps_the_view_post_only(rf: Any) -> None:
    @destructive
    def view(request: Any) -> Any:
        raise AssertionError("not reached on GET")

    assert view.destructive is True  # type: ignore[attr-defined]
    assert view(rf.get("/")).status_code == 405


def test_the_shared_script_asks_and_can_be_cancelled() -> None:
    script = (Path(settings.BASE_DIR) / "gonghui/core/web/static/web/app.js").read_text()
    assert 'getAttribute("data-confirm")' in script
    assert "window.confirm(" in script
    assert "event.preventDefault()" in script
