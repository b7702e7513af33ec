"""The page shell: home page per role, left navigation, top bar, language, error pages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from gonghui.core.accounts.roles import Role
from gonghui.core.testing.world import ACCOUNTS
from gonghui.core.web.views import DASHBOARD_HOME

USER_NAMES = sorted(ACCOUNTS)
CJK = re.compile(r"[\u4e00-\u9fff]")


def text_of(pattern: str, page: str) -> str:
    match = re.search(pattern, page, re.S)
    assert match is not None, f"{pattern!r} not on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def home_title(page: str) -> str:
    return text_of(r'data-testid="home-title">(.*?)</h1>', page)


def topbar_union(page: str) -> str:
    return text_of(r'data-testid="topbar-union"[^>]*>(.*?)</span>', page)


def left_nav(page: str) -> str:
    match = re.search(r'<nav id="gh-nav".*?</nav>', page, re.S)
    assert match is not None, "no left navigation"
    return match.group(0)


def expected_title(user) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if user.role == Role.SECURITY_ADMIN:
            return gettext("Security administration")
        if user.role == Role.AUDIT_ADMIN:
            return gettext("Audit")
        if user.role == Role.WORKER:
            return gettext("Welcome, %(name)s") % {"name": user.get_full_name()}
        if user.role in DASHBOARD_HOME:  # the leader and the county administrator land on the dashboard
            return f"{gettext('Dashboard')} · {user.union.name}"
        return user.union.name


def translated(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def catalog_exists() -> bool:
    return any((Path(p) / "zh_Hans" / "LC_MESSAGES" / "django.po").is_file() for p in settings.LOCALE_PATHS)


@pytest.mark.parametrize("name", USER_NAMES)
def test_home_page_fits_the_role(world, client_for, name):
    user = getattr(world, name)
    response = client_for(user).get("/home/")
    assert response.status_code == 200
    page = response.content.decode()
    assert home_title(page) == expected_title(user)
    assert topbar_union(page) == user.union.name


@pytest.mark.parametrize("name", USER_NAMES)
def test_left_navigation_shows_administration_only_to_its_administrators(world, client_for, name):
    user = getattr(world, name)
    nav = left_nav(client_for(user).get("/home/").content.decode())
    shows_accounts = 'href="/accounts/users/"' in nav
    shows_audit = 'href="/audit/"' in nav
    assert shows_accounts == (user.role == Role.SECURITY_ADMIN)
    assert shows_audit == (user.role == Role.AUDIT_ADMIN)
    assert (translated("Accounts") in nav) == shows_accounts
    assert (translated("Audit log") in nav) == shows_audit


def test_data_roles_see_the_union_tree_and_the_audit_admin_does_not(world, client_for):
    assert 'href="/unions/"' in left_nav(client_for(world.alice).get("/home/").content.decode())
    assert 'href="/unions/"' not in left_nav(client_for(world.audrey).get("/home/").content.decode())
    assert 'href="/unions/"' not in left_nav(client_for(world.wendy).get("/home/").content.decode())


def test_root_sends_users_home_and_visitors_to_sign_in(world, client_for):
    assert Client().get("/")["Location"] == "/accounts/login/"
    assert client_for(world.bob).get("/")["Location"] == "/home/"
    assert Client().get("/home/")["Location"].startswith("/accounts/login/")


def test_language_is_chinese_by_default(world, client_for):
    page = client_for(world.bob).get("/home/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert '<html lang="zh-hans">' in Client().get("/accounts/login/").content.decode()
    if catalog_exists():
        nav = left_nav(page)
        assert CJK.search(text_of(r'<li class="nav-item">(.*?)</li>', nav)), "the Home entry is not in Chinese"
        assert translated("Union tree") != "Union tree"


def test_language_switches_to_english(world, client_for):
    bob = client_for(world.bob)
    response = bob.post("/i18n/setlang/", {"language": "en", "next": "/home/"})
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    page = bob.get("/home/").content.decode()
    assert '<html lang="en">' in page
    assert ">Union tree<" in left_nav(page)
    # and back
    bob.post("/i18n/setlang/", {"language": "zh-hans", "next": "/home/"})
    assert '<html lang="zh-hans">' in bob.get("/home/").content.decode()


def test_language_switch_works_before_sign_in():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


def test_forbidden_page_renders_in_the_shell(world, client_for):
    response = client_for(world.wendy).get("/accounts/users/")
    assert response.status_code == 403
    page = response.content.decode()
    assert topbar_union(page) == world.wendy.union.name
    assert translated("Your role does not allow this page.") in page
    assert 'id="gh-nav"' in page


def test_not_found_page_renders_in_the_shell(world, client_for):
    response = client_for(world.bob).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert topbar_union(page) == world.bob.union.name
    assert translated("There is nothing here.") in page


def test_object_outside_the_scope_is_a_plain_not_found(world, client_for):
    response = client_for(world.dan).get(f"/unions/{world.union_c.pk}/")
    assert response.status_code == 404
    assert translated("There is nothing here.") in response.content.decode()


def test_not_found_for_a_visitor_offers_sign_in():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert translated("There is nothing here.") in page
    assert 'href="/accounts/login/"' in page
    assert 'data-testid="topbar-union"' not in page


def test_only_the_entry_of_the_current_page_is_marked_active():
    # given two entries of one module, one address below the other's
    from gonghui.core.web.navigation import mark_active

    sections = [
        {"items": [{"url": "/organisations/employers/"}, {"url": "/organisations/coverage/"}]},
        {"items": [{"url": "/unions/"}]},
    ]
    # when a page below the first entry is shown
    mark_active(sections, "/organisations/employers/12/edit/")
    # then that entry alone is active
    assert [item.get("active", False) for s in sections for item in s["items"]] == [True, False, False]
