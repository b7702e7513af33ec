"""The leader's dashboard in the browser: signed in, the dashboard is the home page; a number
followed opens a list of that many rows; the statistics year and a township's own dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import nav_link, signed_in

pytestmark = pytest.mark.browser

ONE_PAGE = 20  # a list of up to this many rows shows them all on its first page


def _tiles(page: Page) -> list[dict[str, Any]]:
    return page.locator("a.value[data-figure]").evaluate_all(
        """els => els.map(el => ({key: el.dataset.figure, value: Number(el.dataset.figureValue),
                                  href: el.getAttribute('href'), text: el.textContent.trim()}))"""
    )


def _follow_small_figures(page: Page, server: GonghuiServer, tiles: list[dict[str, Any]], at_most: int = 4) -> int:
    counts = [t for t in tiles if not t["text"].startswith("¥")]
    for tile in counts:
        assert tile["text"].replace(",", "") == str(tile["value"]), tile
    small = [t for t in counts if 0 < t["value"] <= ONE_PAGE][:at_most]
    for tile in small:
        page.goto(server.url + tile["href"])
        expect(page.locator("table.gh-table tbody tr")).to_have_count(tile["value"])
    return len(small)


def test_the_leader_reads_the_dashboard_and_follows_its_numbers(
    page: Page, gonghui_server: GonghuiServer, problems: Any, screenshot: Any
) -> None:
    signed_in(page, gonghui_server, "demo_leader")
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    sections = page.get_by_test_id("dashboard-section")
    assert sections.count() >= 5
    expect(page.get_by_test_id("tile-change").first).to_contain_text("去年同期")
    screenshot(page, "dashboard")
    tiles = _tiles(page)
    assert len(tiles) >= 12
    assert _follow_small_figures(page, gonghui_server, tiles) >= 1
    # the statistics year: the period line names 1 October
    page.goto(gonghui_server.url + "/home/")
    page.get_by_label("期间").select_option("statistics")
    page.get_by_role("button", name="显示").click()
    expect(page.get_by_test_id("dashboard-period")).to_contain_text("-10-01")
    # the Excel export of the figure table
    with page.expect_download() as download:
        page.get_by_test_id("dashboard-export").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_township_opens_its_own_dashboard_from_the_menu(
    page: Page, gonghui_server: GonghuiServer, problems: Any
) -> None:
    signed_in(page, gonghui_server, "demo_township")
    nav_link(page, "/dashboard/").first.click()
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()
    tiles = _tiles(page)
    assert tiles
    _follow_small_figures(page, gonghui_server, tiles, at_most=2)
