"""Figures and reports in the browser: a grassroots union's statistics form fills itself from the
registers, a broken typed value turns its table red with the rule named and the fix reads 逻辑正确;
the leader writes the year's work report and downloads it as Word and PDF."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import nav_link, signed_in

pytestmark = pytest.mark.browser


def _table(page: Page, code: str) -> Any:
    return page.locator(f'[data-testid="table"][data-table="{code}"]')


def test_a_statistics_form_fills_itself_and_its_checks_name_the_broken_rule(
    page: Page, gonghui_server: GonghuiServer, problems: Any, screenshot: Any
) -> None:
    signed_in(page, gonghui_server, "demo_grassroots")
    nav_link(page, "/statistics/").first.click()
    expect(page.get_by_test_id("period")).to_contain_text("10-01")
    organisation = _table(page, "01")
    # the members and women members come from the registers, each a link to its rows
    members = organisation.locator('[data-testid="field"][data-code="0104"]')
    expect(members).to_have_attribute("data-source", "live")
    women_members = int(
        organisation.locator('[data-code="0105"] [data-testid="live-link"]').inner_text().replace(",", "")
    )
    assert women_members > 0
    # typed in: the 901 code, and fewer women workers than women members
    page.locator('input[name="901"]').fill("33100000022")
    organisation.locator('input[name="0102"]').fill(str(women_members - 1))
    page.get_by_test_id("save").click()
    state = _table(page, "01").get_by_test_id("check-state")
    expect(state).to_have_attribute("data-correct", "0")
    expect(state).to_contain_text("女会员数不大于女职工数")
    expect(state).to_contain_text(f"女会员数 = {women_members}")
    # put right (as many women workers as women members: equal is lawful; the migrant workers
    # typed as many as the migrant members): the table reads 逻辑正确
    organisation = _table(page, "01")
    migrant_members = organisation.locator('[data-code="0106"] [data-testid="live-link"]').inner_text()
    organisation.locator('input[name="0102"]').fill(str(women_members))
    organisation.locator('input[name="0103"]').fill(migrant_members.replace(",", ""))
    page.get_by_test_id("save").click()
    state = _table(page, "01").get_by_test_id("check-state")
    expect(state).to_have_attribute("data-correct", "1")
    expect(state).to_contain_text("逻辑正确")
    screenshot(page, "statistics-form")


def test_the_leader_writes_the_work_report_and_downloads_it(
    page: Page, gonghui_server: GonghuiServer, problems: Any
) -> None:
    signed_in(page, gonghui_server, "demo_leader")
    page.goto(gonghui_server.url + "/reports/")
    page.locator("form button[type=submit]").last.click()
    # the job runs in the background; the page follows its progress until the files are offered
    docx = page.locator('a[href$="report.docx"]')
    expect(docx).to_be_visible(timeout=120_000)
    with page.expect_download() as word:
        docx.click()
    assert word.value.suggested_filename.endswith(".docx")
    with page.expect_download() as pdf:
        page.locator('a[href$="report.pdf"]').click()
    assert pdf.value.suggested_filename.endswith(".pdf")
