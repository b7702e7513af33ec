"""Figures in the browser: a figure's number is the length of the list its link opens.

On the coverage page (the county administrator, then a township officer) and on the assistance
figures page (the assistance centre), every figure is a link carrying its number
(``data-figure-value``, written by ``{% figure %}``). For a sample of them, small enough for the list
to fit on one page, the test follows the link and counts the rows the list shows; a figure of zero
opens an empty list.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in

pytestmark = pytest.mark.browser

ONE_PAGE = 20  # figures up to this many rows: the list shows them all on its first page
SAMPLE = 6


def figure_links(page: Page) -> list[dict[str, Any]]:
    """The linked figures of the page: key, number and link, one per distinct link."""
    links = page.locator("a[data-figure]").evaluate_all(
        """els => els.map(el => ({key: el.dataset.figure, value: Number(el.dataset.figureValue),
                                  href: el.getAttribute('href'), text: el.textContent.trim()}))"""
    )
    seen, unique = set(), []
    for link in links:
        if link["href"] not in seen:
            seen.add(link["href"])
            unique.append(link)
    return unique


def sample(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Small figures of different kinds (the last part of the key), and one zero if there is one."""
    small = sorted((f for f in links if 0 < f["value"] <= ONE_PAGE), key=lambda f: (-f["value"], f["key"]))
    chosen, kinds = [], set()
    for link in small:
        kind = link["key"].rsplit(".", 1)[-1]
        if kind not in kinds:
            kinds.add(kind)
            chosen.append(link)
    chosen += [f for f in small if f not in chosen][: max(0, SAMPLE - len(chosen))]
    chosen = chosen[:SAMPLE]
    chosen += [f for f in links if f["value"] == 0][:1]
    return chosen


def check_figures(page: Page, server: GonghuiServer, figures_url: str) -> int:
    page.goto(server.url + figures_url)
    links = figure_links(page)
    assert links, f"{figures_url} shows no linked figure"
    for link in links:
        assert link["text"].replace(",", "") == str(link["value"]), link  # the number shown is the number carried
    checked = sample(links)
    assert any(f["value"] for f in checked), "no small figure to follow"
    for link in checked:
        page.goto(server.url + link["href"])
        rows = page.locator("table.gh-table tbody tr")
        expect(rows).to_have_count(link["value"])
    return len(checked)


def test_coverage_figures_equal_their_lists(page: Page, gonghui_server: GonghuiServer, problems: Any) -> None:
    for username in ("demo_county_admin", "demo_township"):
        page.context.clear_cookies()
        signed_in(page, gonghui_server, username)
        assert check_figures(page, gonghui_server, "/organisations/coverage/") >= 3
    # The township's own page says why its numbers differ from the county's line for it
    page.goto(gonghui_server.url + "/organisations/coverage/")
    expect(page.get_by_test_id("township-note")).to_be_visible()


def test_assistance_figures_equal_their_lists(page: Page, gonghui_server: GonghuiServer, problems: Any) -> None:
    signed_in(page, gonghui_server, "demo_assistance")
    assert check_figures(page, gonghui_server, "/assistance/figures/") >= 3
