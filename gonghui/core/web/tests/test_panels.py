"""Object-page panels: a module's panel shows on another module's page, to users allowed to see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest
from django.template import Context, Template
from django.test import RequestFactory

from gonghui.core.modules import Module
from gonghui.core.web import panels as panel_registry
from gonghui.core.web.panels import Panel


class Count(Panel):
    title = "Things"
    perm = "organisations.view_employer"
    order = 5
    template_name = "web/tests/_panel_count.html"

    def context(self, request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        if obj == "nothing":
            return None
        return {"count": len(str(obj))}


@pytest.fixture
def slot(monkeypatch: pytest.MonkeyPatch, tmp_path: Any, settings: Any) -> str:
    monkeypatch.setattr(panel_registry, "_registry", panel_registry.defaultdict(list))
    folder = tmp_path / "web" / "tests"
    folder.mkdir(parents=True)
    (folder / "_panel_count.html").write_text('<p data-testid="count">{{ count }} for {{ object }}</p>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}]
    return "tests.thing"


def render(user: Any, obj: str) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% load panels %}{% panels "tests.thing" obj %}')
    return template.render(Context({"request": request, "obj": obj}))


class User:
    is_authenticated = False  # the page shell's context processor then adds nothing

    def __init__(self, *perms: str) -> None:
        self.perms = set(perms)

    def has_perm(self, perm: str) -> bool:
        return perm in self.perms


def test_a_manifest_puts_its_panel_in_the_slot(slot: str) -> None:
    Module(name="x", label="x", url_prefix="x/", panels={slot: (f"{__name__}.Count",)}).install()
    assert [type(p) for p in panel_registry.panels(slot)] == [Count]
    html = render(User("organisations.view_employer"), "abcd")
    assert 'data-testid="panel"' in html
    assert "<h2>Things</h2>" in html
    assert "4 for abcd" in html


def test_without_the_permission_or_context_there_is_no_panel(slot: str) -> None:
    panel_registry.register(slot, Count())
    assert render(User(), "abcd").strip() == ""
    assert render(User("organisations.view_employer"), "nothing").strip() == ""


def test_registering_twice_keeps_one_panel(slot: str) -> None:
    panel_registry.register(slot, Count())
    panel_registry.register(slot, Count())
    assert len(panel_registry.panels(slot)) == 1
