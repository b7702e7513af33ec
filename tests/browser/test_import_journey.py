"""The import pipeline in Chromium: an administrator imports 100,000 unions, watching the progress bar;
a grassroots officer imports 100,000 members, and the confirm step writes what the preview checked
without checking it again; then a damaged file comes back as an error workbook, is corrected, and imports.

This module runs after every other journey (see conftest.py): it adds 100,000 unions to the demo
county, which the other journeys count.
"""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from playwright.sync_api import Page, expect

from gonghui.core.identifiers import credit_code_check_char
from gonghui.members import samples
from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in

pytestmark = pytest.mark.browser

ROWS = 100_000
CHECKED_ONCE = "已按检查结果直接写入，未再重复检查"
HEADERS = ["工会名称", "工会统一社会信用代码", "上级工会统一社会信用代码", "建会日期", "基层工会类型"]


def credit_code(serial: int) -> str:
    first17 = f"81339902{serial:09d}"
    return first17 + credit_code_check_char(first17)


def write_unions(path: Path, parent_code: str, rows: list[list[Any]] | int) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("数据")
    text = book.add_format({"num_format": "@"})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header)
    if isinstance(rows, int):
        count = rows
        for i in range(1, count + 1):
            sheet.write_string(i, 0, f"旅程导入第{i}号企业工会委员会")
            sheet.write_string(i, 1, credit_code(i), text)
            sheet.write_string(i, 2, parent_code, text)
            sheet.write_string(i, 3, f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}")
            sheet.write_string(i, 4, "独立基层工会" if i % 10 else "联合基层工会")
    else:
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                sheet.write_string(r, col, value, text)
    book.close()
    return path


@pytest.fixture(scope="module")
def township(gonghui_server: GonghuiServer) -> dict[str, Any]:
    code = """
import json
from gonghui.core.accounts.models import User
union = User.unscoped.select_related("union").get(username="demo_township").union
print(json.dumps({"id": union.pk, "name": union.name, "code": union.credit_code}, ensure_ascii=False))
"""
    return gonghui_server.shell_json(code)


def union_count(server: GonghuiServer, prefix: str) -> int:
    code = f"""
import json
from gonghui.core.tree.models import Union
print(json.dumps(Union.unscoped.filter(name__startswith={prefix!r}).count()))
"""
    return int(server.shell_json(code))


def upload(page: Page, server: GonghuiServer, path: Path) -> None:
    page.goto(server.url + "/sheets/unions/import/")
    page.get_by_test_id("import-file").set_input_files(str(path))
    page.get_by_test_id("import-upload").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))


def wait_for_job(page: Page, timeout: float = 180_000) -> None:
    expect(page.get_by_test_id("job-progress")).to_have_attribute(
        "data-status", re.compile("succeeded|failed"), timeout=timeout
    )


def done_count(page: Page) -> int:
    text = page.get_by_test_id("job-done").inner_text() if page.get_by_test_id("job-done").count() else "0"
    digits = re.sub(r"[^\d/]", "", text).split("/")[0]
    return int(digits or 0)


def test_administrator_imports_100000_unions_watching_the_progress(
    page: Page, gonghui_server: GonghuiServer, township: dict[str, Any], tmp_path: Path
) -> None:
    # Given a 100,000-row union file under a township, and the county administrator on the union tree
    path = write_unions(tmp_path / "unions-100000.xlsx", township["code"], ROWS)
    signed_in(page, gonghui_server, "demo_county_admin")
    page.goto(gonghui_server.url + "/unions/")
    page.get_by_test_id("union-import").click()
    expect(page).to_have_url(re.compile(r"/sheets/unions/import/$"))

    # When they upload it, the check job's progress moves
    page.get_by_test_id("import-file").set_input_files(str(path))
    page.get_by_test_id("import-upload").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    seen: list[int] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        seen.append(done_count(page))
        if page.get_by_test_id("job-progress").get_attribute("data-status") in {"succeeded", "failed"}:
            break
        page.wait_for_timeout(300)
    assert any(b > a for a, b in itertools.pairwise(seen)), seen
    wait_for_job(page)

    # Then the preview counts every row as new, and nothing is written before confirming
    page.get_by_test_id("job-link").click()
    expect(page.get_by_test_id("count-create")).to_have_text(re.compile(r"100,?000"))
    assert union_count(gonghui_server, "旅程导入") == 0

    # When they confirm, the write job runs to the end
    page.get_by_test_id("import-confirm").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    wait_for_job(page)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_test_id("job-summary")).to_contain_text("100")
    # Nothing changed between the preview and the confirm: the checked rows were written as checked
    expect(page.get_by_test_id("job-summary")).to_contain_text(CHECKED_ONCE)
    # And the unions are there
    assert union_count(gonghui_server, "旅程导入") == ROWS


def worker_count(server: GonghuiServer, union_id: int) -> int:
    code = f"""
import json
from gonghui.members.models import Worker
print(json.dumps(Worker.unscoped.filter(union_id={union_id}).count()))
"""
    return int(server.shell_json(code))


def test_an_officer_imports_100000_members_and_the_confirm_writes_what_the_preview_checked(
    page: Page, gonghui_server: GonghuiServer, tmp_path: Path
) -> None:
    # Given a 100,000-row member collection sheet (会员信息采集表) for a grassroots union's own employer
    union_id = int(
        gonghui_server.shell_json(
            "import json\nfrom gonghui.core.accounts.models import User\n"
            "print(json.dumps(User.unscoped.get(username='demo_grassroots').union_id))"
        )
    )
    path = samples.write_member_sheet(tmp_path / "members-100000.xlsx", rows=ROWS, employers=("",), seed=2026).path
    before = worker_count(gonghui_server, union_id)
    signed_in(page, gonghui_server, "demo_grassroots")

    # When the officer uploads it, the check job reads every row and the preview counts them
    page.goto(gonghui_server.url + "/sheets/members/import/")
    page.get_by_test_id("import-file").set_input_files(str(path))
    page.get_by_test_id("import-upload").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    wait_for_job(page)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    page.get_by_test_id("job-link").click()
    expect(page.get_by_test_id("count-total")).to_have_text(re.compile(r"100,?000"))
    expect(page.get_by_test_id("count-invalid")).to_have_text("0")
    assert worker_count(gonghui_server, union_id) == before  # nothing written before confirming
    preview = page.url

    # And confirms: the write job writes the checked plan, without a second check
    page.get_by_test_id("import-confirm").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    wait_for_job(page)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_test_id("job-summary")).to_contain_text(CHECKED_ONCE)
    page.goto(preview)
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.get_by_test_id("import-checked-once")).to_be_visible()

    # Then the 100,000 workers are in the registry, found by the member list
    assert worker_count(gonghui_server, union_id) == before + ROWS
    page.goto(gonghui_server.url + "/members/")
    total = page.get_by_test_id("list-total")
    expect(total).to_be_visible()
    assert total.get_attribute("data-capped") == "1" or int(total.get_attribute("data-total") or 0) >= ROWS


def test_a_damaged_file_comes_back_as_an_error_workbook_is_fixed_and_imports(
    page: Page, gonghui_server: GonghuiServer, township: dict[str, Any], tmp_path: Path
) -> None:
    # Given a file with a wrong kind and a credit code whose check character is wrong
    good = credit_code(900_001)
    broken = credit_code(900_002)[:-1] + ("0" if credit_code(900_002)[-1] != "0" else "1")
    rows = [
        ["修复测试甲公司工会委员会", good, township["code"], "2016-03-01", "独立基层工会"],
        ["修复测试乙公司工会委员会", broken, township["code"], "2017-04-01", "独立基层工会"],
        ["修复测试丙公司工会委员会", "", township["code"], "2018-05-01", "个体工会"],
    ]
    path = write_unions(tmp_path / "damaged.xlsx", township["code"], rows)
    signed_in(page, gonghui_server, "demo_county_admin")

    # When it is uploaded and checked
    upload(page, gonghui_server, path)
    wait_for_job(page)
    page.get_by_test_id("job-link").click()
    # Then the preview lists the errors, refuses to confirm, and offers the error workbook
    expect(page.get_by_test_id("count-invalid")).to_have_text("2")
    expect(page.get_by_test_id("import-confirm")).to_be_disabled()
    with page.expect_download() as download_info:
        page.get_by_test_id("import-error-workbook").click()
    errors = tmp_path / "errors.xlsx"
    download_info.value.save_as(errors)

    # When the user corrects the highlighted cells and uploads the workbook again
    book = openpyxl.load_workbook(errors)
    sheet = book.worksheets[0]
    assert sheet.cell(row=1, column=6).value == "错误说明"
    assert sheet.cell(row=3, column=6).value
    assert sheet.cell(row=4, column=6).value
    sheet.cell(row=3, column=2).value = credit_code(900_002)
    sheet.cell(row=4, column=5).value = "独立基层工会"
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    upload(page, gonghui_server, fixed)
    wait_for_job(page)
    page.get_by_test_id("job-link").click()
    expect(page.get_by_test_id("count-invalid")).to_have_text("0")
    page.get_by_test_id("import-confirm").click()
    wait_for_job(page)

    # Then all three unions are imported
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    assert union_count(gonghui_server, "修复测试") == 3
