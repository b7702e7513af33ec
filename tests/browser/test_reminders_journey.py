"""The reminders bell, for every demo role: the number on it is the number of items its page lists.

Each role signs in as a new user does, reads the number on the bell in the top bar, follows it,
and counts the items over every page of the reminders. Selectors are ``data-testid`` attributes
and the pager's ``rel="next"`` link, so the journey holds in both languages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

DEMO_ROLES = (
    "demo_county_admin",
    "demo_township",
    "demo_grassroots",
    "demo_assistance",
    "demo_leader",
    "demo_security",
    "demo_audit",
    "demo_worker",
)


def bell_number(page: Page) -> int:
    badge = page.get_by_test_id("reminders").locator(".badge")
    expect(badge).to_have_text(re.compile(r"^\d+$"))
    return int(badge.inner_text())


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_the_bell_counts_the_items_the_reminders_page_lists(
    page: Page, gonghui_server: GonghuiServer, username: str, screenshot: Any
) -> None:
    # Given a user of this role, signed in
    sign_in(page, gonghui_server, username)
    expect(page).to_have_url(gonghui_server.url + "/home/")
    number = bell_number(page)

    # When they follow the bell
    page.get_by_test_id("reminders").click()
    expect(page).to_have_url(gonghui_server.url + "/reminders/")

    # Then the page's total is the bell's number, and the bell there says the same
    expect(page.get_by_test_id("reminders-total")).to_have_text(str(number))
    assert bell_number(page) == number
    if username == "demo_county_admin":
        screenshot(page, "reminders")

    # and its pages list exactly that many items
    listed: list[str] = []
    for following in range(2, 100):
        rows = page.get_by_test_id("reminder")
        listed += [rows.nth(i).inner_text() for i in range(rows.count())]
        next_page = page.locator('.gh-pager a[rel="next"]')
        if next_page.count() == 0:
            break
        next_page.click()
        expect(page).to_have_url(re.compile(rf"[?&]page={following}$"))
    assert len(listed) == number, f"{username}: the bell says {number}, the pages list {len(listed)}"
    if username == "demo_leader":
        # the leader reads figures and has nothing to act on
        assert number == 0
        expect(page.locator(".gh-empty .bi-bell")).to_be_visible()
