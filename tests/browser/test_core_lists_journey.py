"""The core's lists in the browser: accounts, account requests and the union tree's records export
what their filters show, and an export is headed in the language the user reads the pages in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in
from tests.browser.test_lists_journey import check_list, filtered, shown_total

pytestmark = pytest.mark.browser


def workbook(page: Page, tmp_path: Path, name: str, testid: str = "export") -> list[tuple[Any, ...]]:
    with page.expect_download() as download_info:
        page.get_by_test_id(testid).click()
    path = tmp_path / f"{name}.xlsx"
    download_info.value.save_as(path)
    return list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))


def test_the_account_list_exports_its_filtered_rows_in_the_users_language(
    page: Page, gonghui_server: GonghuiServer, tmp_path: Path
) -> None:
    # Given the security administrator on the account list, filtered to union staff
    signed_in(page, gonghui_server, "demo_security")
    total = check_list(
        page,
        gonghui_server,
        tmp_path,
        "/accounts/users/",
        {"role": "union_staff"},
        name_column=0,
        name_testid="user-table",
        name="accounts",
    )
    assert total > 0
    assert workbook(page, tmp_path, "accounts-zh")[0][0] == "用户名"

    # When they switch the interface to English, the same export is headed in English
    page.get_by_test_id("language-switch").click()
    expect(page.get_by_test_id("language-switch")).to_have_text("中文")
    page.goto(gonghui_server.url + "/accounts/users/?role=union_staff")
    rows = workbook(page, tmp_path, "accounts-en")
    assert rows[0][:2] == ("User name", "Name")
    assert len([row for row in rows[1:] if any(row)]) == total
    page.get_by_test_id("language-switch").click()


def test_the_union_tree_offers_the_union_records_with_its_filters(
    page: Page, gonghui_server: GonghuiServer, tmp_path: Path
) -> None:
    # Given the township's staff on the union tree, filtered to grassroots unions
    signed_in(page, gonghui_server, "demo_township")
    page.goto(gonghui_server.url + "/unions/")
    filtered(page, {"kind": "grassroots"})
    total = shown_total(page)
    assert total > 0

    # When they open the Export menu, the union records follow the filter too
    page.locator("#gh-export .dropdown-toggle").click()
    records = page.get_by_test_id("export-union_records")
    expect(records).to_have_attribute("href", re.compile(r"/sheets/union_records/export/\?kind=grassroots"))
    rows = workbook(page, tmp_path, "union-records", "export-union_records")
    assert rows[0][0] == "工会名称"
    assert len([row for row in rows[1:] if any(row)]) == total
