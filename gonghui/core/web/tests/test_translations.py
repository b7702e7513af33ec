"""The Simplified Chinese catalogue: complete, compiled, faithful to placeholders, and used by the pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from gonghui.core.accounts.roles import Role
from gonghui.core.tree.models import Union

PACKAGE_DIR = Path(settings.LOCALE_PATHS[0]).parent
# The project catalogue (gonghui/locale) and one per core app that has strings of its own.
PO_FILES = sorted(PACKAGE_DIR.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
CATALOGUES = pytest.mark.parametrize("po_file", PO_FILES, ids=[str(p.relative_to(PACKAGE_DIR)) for p in PO_FILES])
LOGIN_URL = "/accounts/login/"

# %(name)s, %(count)d, %(ratio).1f ... and {{ name }} as Django templates write them.
PRINTF_NAMED = re.compile(r"%\((\w+)\)[#0 +\-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def placeholders(text: str) -> set[str]:
    return {f"%({m.group(1)})" + m.group(0)[-1] for m in PRINTF_NAMED.finditer(text)} | {
        "{{" + m.group(1) + "}}" for m in TEMPLATE_VARIABLE.finditer(text)
    }


def load_po(po_file: Path) -> Catalog:
    with po_file.open("rb") as f:
        return read_po(f)


def entries(catalog: Catalog) -> dict[tuple[Any, str | None], Any]:
    """Every message but the header, keyed by (msgid, msgctxt)."""
    return {(as_tuple(m.id), text(m.context)): as_tuple(m.string) for m in catalog if m.id}


def text(context: Any) -> str | None:
    # ``read_mo`` gives a message context back as bytes, ``read_po`` as text.
    return context.decode() if isinstance(context, bytes) else context


def as_tuple(value: Any) -> tuple[str, ...]:
    """One form as a 1-tuple, plural forms as a tuple (``read_mo`` gives lists, ``read_po`` tuples)."""
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def test_the_project_catalogue_is_found():
    assert Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po" in PO_FILES


@CATALOGUES
def test_every_message_is_translated(po_file):
    # given a committed catalogue
    catalog = load_po(po_file)
    messages = [m for m in catalog if m.id]
    # then it has messages, none fuzzy, none with an empty translation, and a usable header
    assert messages, "the catalogue is empty"
    fuzzy = [m.id for m in messages if m.fuzzy]
    untranslated = [m.id for m in messages if not all(as_tuple(m.string))]
    assert fuzzy == []
    assert untranslated == []
    assert not catalog.fuzzy, "the header is still marked fuzzy"
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == "zh_Hans"
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert headers["Plural-Forms"] == "nplurals=1; plural=0;"


@CATALOGUES
def test_the_compiled_catalogue_is_up_to_date_with_the_po_file(po_file):
    # given the .po and the committed .mo next to it
    with po_file.with_suffix(".mo").open("rb") as f:
        compiled = read_mo(f)
    source, built = entries(load_po(po_file)), entries(compiled)
    # then both hold the same messages with the same translations
    assert sorted(map(str, source.keys() - built.keys())) == [], "in the .po only: run pybabel compile"
    assert sorted(map(str, built.keys() - source.keys())) == [], "in the .mo only: run pybabel compile"
    assert [key for key in source if source[key] != built[key]] == []


@CATALOGUES
def test_translations_keep_the_placeholders_of_the_source(po_file):
    # given every message of a catalogue
    wrong = []
    for message in load_po(po_file):
        if not message.id:
            continue
        source = placeholders(" ".join(as_tuple(message.id)))
        # then each translated form uses exactly the placeholders of the English text
        for form in as_tuple(message.string):
            if placeholders(form) != source:
                wrong.append((message.id, form))
    assert wrong == []


def test_the_placeholder_pattern_finds_both_styles():
    assert placeholders("%(start)s–%(end)s of %(total)s") == {"%(start)s", "%(end)s", "%(total)s"}
    assert placeholders("at least %(count)d of %(ratio).1f") == {"%(count)d", "%(ratio)f"}
    assert placeholders("{{ n }} items, {{name}}") == {"{{n}}", "{{name}}"}


def test_gettext_speaks_chinese_under_zh_hans_and_english_under_en():
    with translation.override("zh-hans"):
        assert gettext("Sign in") == "登录"
        assert gettext("Audit log") == "审计日志"
    with translation.override("en"):
        assert gettext("Sign in") == "Sign in"


@pytest.mark.django_db
def test_the_login_page_is_chinese_by_default():
    # when someone with no language preference opens the sign-in page
    response = Client().get(LOGIN_URL)
    # then it is in Chinese
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert "登录" in page
    assert "Sign in" not in page


@pytest.mark.django_db
def test_a_chinese_browser_gets_chinese():
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5").get(LOGIN_URL)
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_an_english_browser_gets_english():
    # when the browser asks for English
    response = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get(LOGIN_URL)
    # then the sign-in page is in English
    page = response.content.decode()
    assert "Sign in" in page
    assert "登录" not in page


@pytest.mark.django_db
def test_the_language_cookie_chooses_english():
    # given a browser with the gonghui language cookie set to English
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # when it opens the sign-in page
    page = client.get(LOGIN_URL).content.decode()
    # then the page is in English
    assert settings.LANGUAGE_COOKIE_NAME == "gonghui_language"
    assert "Sign in" in page
    assert "登录" not in page


@pytest.mark.django_db
def test_switching_to_english_sets_the_cookie_and_the_pages_follow():
    # given the Chinese sign-in page
    client = Client()
    assert "登录" in client.get(LOGIN_URL).content.decode()
    # when the user presses the English button
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN_URL})
    # then the cookie is set and the next page is in English
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Sign in" in client.get(LOGIN_URL).content.decode()


def test_union_kinds_read_as_in_the_glossary_under_zh_hans():
    with translation.override("zh-hans"):
        labels = {kind: str(kind.label) for kind in Union.Kind}
    assert labels == {
        Union.Kind.COUNTY: "县总工会",
        Union.Kind.TOWNSHIP: "乡镇(街道)总工会",
        Union.Kind.SECTOR: "产业(系统)工会",
        Union.Kind.GRASSROOTS: "基层工会",
        Union.Kind.JOINT: "联合基层工会",
    }


def test_roles_read_in_chinese_under_zh_hans():
    with translation.override("zh-hans"):
        labels = {role: str(role.label) for role in Role}
    assert labels == {
        Role.COUNTY_ADMIN: "县总工会管理员",
        Role.UNION_STAFF: "工会工作人员",
        Role.GRASSROOTS_OFFICER: "基层工会干部",
        Role.ASSISTANCE_CENTRE: "帮扶中心工作人员",
        Role.LEADER: "分管领导(只读)",
        Role.SECURITY_ADMIN: "安全管理员",
        Role.AUDIT_ADMIN: "审计管理员",
        Role.WORKER: "职工",
    }
    with translation.override("en"):
        assert str(Role.WORKER.label) == "Worker"


def test_a_signed_in_page_shows_role_and_union_kind_in_chinese(world, client_for):
    # given the county administrator
    client = client_for(world.alice)
    # when she opens a township union's page
    page = client.get(f"/unions/{world.township_a.pk}/").content.decode()
    # then the role in the top bar and the kind of the union are Chinese
    assert "县总工会管理员" in page
    assert "乡镇(街道)总工会" in page
    assert "Township federation" not in page
