"""Lists in the browser: filter, Export, and the workbook holds exactly the filtered rows; and a
destructive action asks first, and cancelling it leaves everything as it was.

On a few lists of each module (and the audit log) a user filters with the filter bar (htmx
replaces the rows and the Export button follows the filters), reads the total the pager gives,
clicks Export, opens the downloaded .xlsx and finds as many rows as the total, the rows of the
page among them. Then a grassroots officer applies a bulk action to a member: the page asks,
cancelling sends nothing, accepting records it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in

pytestmark = pytest.mark.browser

INLINE_MAX = 5000  # SHEETS_EXPORT_INLINE_MAX: larger exports run as a job


def filtered(page: Page, filters: dict[str, str]) -> None:
    """Choose each filter in the filter bar and wait until the rows (and the Export button) follow."""
    for name, value in filters.items():
        field = page.locator(f"#f-{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
        expect(page.get_by_test_id("export")).to_have_attribute("href", re.compile(rf"[?&]{name}={re.escape(value)}"))


def exported_rows(page: Page, tmp_path: Path, name: str) -> list[tuple[Any, ...]]:
    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    path = tmp_path / f"{name}.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    return [row for row in list(sheet.iter_rows(values_only=True))[1:] if any(cell not in (None, "") for cell in row)]


def shown_total(page: Page) -> int:
    total = page.get_by_test_id("list-total")
    if total.count() == 0:  # an empty list shows no pager
        return 0
    assert total.get_attribute("data-capped") is None, "too many rows to compare: filter further"
    return int(total.get_attribute("data-total") or "0")


def check_list(
    page: Page,
    server: GonghuiServer,
    tmp_path: Path,
    path: str,
    filters: dict[str, str],
    *,
    name_column: int,
    name_testid: str,
    name: str,
    page_column: int = 0,
) -> int:
    """Filter the list at ``path``, export it, and compare the workbook with the page."""
    page.goto(server.url + path)
    filtered(page, filters)
    total = shown_total(page)
    assert total <= INLINE_MAX
    rows = exported_rows(page, tmp_path, name)
    assert len(rows) == total, f"{path} {filters}: the page shows {total} rows, the workbook {len(rows)}"
    # and the rows of the page are among the workbook's
    exported_names = {str(row[name_column]) for row in rows}
    for row in page.get_by_test_id(name_testid).locator("tbody tr").all()[:10]:
        shown = row.locator("td").nth(page_column).inner_text().strip().split("\n")[0]
        assert shown in exported_names, f"{shown!r} is on the page but not in the workbook"
    return total


def test_lists_export_what_their_filters_show(
    page: Page, new_context: Any, gonghui_server: GonghuiServer, tmp_path: Path, screenshot: Any
) -> None:
    # The township's staff: organisation building, members and assistance of their township
    signed_in(page, gonghui_server, "demo_township")
    employers = check_list(
        page,
        gonghui_server,
        tmp_path,
        "/organisations/employers/",
        {"union_status": "none", "status": "operating"},
        name_column=0,
        name_testid="employer-table",
        name="employers",
    )
    assert employers > 0
    screenshot(page, "list-export")
    check_list(
        page,
        gonghui_server,
        tmp_path,
        "/organisations/founding/",
        {"state": "all"},
        name_column=0,
        name_testid="founding-table",
        name="founding",
    )
    check_list(
        page,
        gonghui_server,
        tmp_path,
        "/members/",
        {"category": "migrant", "age": "lt30"},
        name_column=0,
        page_column=1,
        name_testid="worker-table",
        name="workers",
    )
    check_list(
        page,
        gonghui_server,
        tmp_path,
        "/assistance/files/",
        {"state": "filed"},
        name_column=1,
        page_column=1,
        name_testid="file-table",
        name="files",
    )
    check_list(
        page,
        gonghui_server,
        tmp_path,
        "/assistance/disbursements/",
        {"state": "paid"},
        name_column=0,
        name_testid="batch-table",
        name="disbursements",
    )

    # The audit administrator: the log, filtered to sign-ins
    auditor = new_context().new_page()
    signed_in(auditor, gonghui_server, "demo_audit")
    check_list(
        auditor,
        gonghui_server,
        tmp_path,
        "/audit/",
        {"action": "login"},
        name_column=1,
        page_column=1,
        name_testid="audit-table",
        name="audit",
    )


def test_a_destructive_action_asks_first_and_can_be_cancelled(page: Page, gonghui_server: GonghuiServer) -> None:
    signed_in(page, gonghui_server, "demo_grassroots")
    page.goto(gonghui_server.url + "/members/?status=active")
    first = page.get_by_test_id("worker-table").locator("tbody tr").first
    first.locator("input[type=checkbox]").check()
    questions: list[str] = []

    # When the officer applies a bulk action and cancels the question
    def cancel(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", cancel)
    page.get_by_test_id("bulk-submit").click()
    # then nothing was sent: the same page, no message
    expect(page.locator(".gh-messages .alert-success")).to_have_count(0)
    assert questions
    assert "会员" in questions[0]
    assert first.locator("input[type=checkbox]").is_checked()

    # When they apply it again and answer yes, it is recorded
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("bulk-submit").click()
    expect(page.locator(".gh-messages .alert-success")).to_be_visible()
