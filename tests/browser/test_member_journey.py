"""The member registry in the browser: add a member through one form; import with damage, fix,
re-import, find by pinyin, transfer.

A grassroots officer adds a member with one form (their union and its employer already filled in)
and one submit. The officer then imports a member collection sheet (会员信息采集表) that has the
usual damage in it, fixes the rows the error workbook marks, imports it again, finds a new member
by the initials of their name and transfers them to a union in another township; that union's
officer sees the transfer come in, and an officer of a third union sees nothing of it.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from gonghui.members.samples import HEADERS, write_member_sheet
from gonghui.members.tests.factories import with_check_digit
from tests.browser.conftest import GonghuiServer
from tests.browser.test_import_journey import wait_for_job
from tests.browser.test_journeys import nav_link, signed_in

pytestmark = pytest.mark.browser

COLUMN = {title: index + 1 for index, title in enumerate(HEADERS)}  # openpyxl columns are 1-based


@pytest.fixture(scope="module")
def unions(gonghui_server: GonghuiServer) -> dict[str, Any]:
    code = """
import json
from gonghui.core.accounts.models import User
mine = User.unscoped.get(username="demo_grassroots").union
other = User.unscoped.get(username="demo_grassroots_other").union
third = (
    User.unscoped.filter(role="grassroots_officer").exclude(union__in=[mine, other])
    .exclude(union__path__startswith=mine.path[:8]).order_by("username").first()
)
print(json.dumps({
    "mine": {"id": mine.pk, "name": mine.name},
    "other": {"id": other.pk, "name": other.name},
    "third": third.username,
}, ensure_ascii=False))
"""
    return gonghui_server.shell_json(code)


def worker_of(server: GonghuiServer, name: str) -> dict[str, Any]:
    code = f"""
import json
from gonghui.members.models import Worker
worker = Worker.unscoped.get(name={name!r})
print(json.dumps({{"id": worker.pk, "initials": worker.pinyin_initials}}))
"""
    return server.shell_json(code)


def own_employer(server: GonghuiServer, union_id: int) -> str:
    """The union's own employer, as the member form shows it (its name)."""
    code = f"""
import json
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.selectors import own_employer_of
with system_scope("browser test"):
    employer = own_employer_of(Union.unscoped.get(pk={union_id}))
    print(json.dumps({{"shown": employer.name}}, ensure_ascii=False))
"""
    return server.shell_json(code)["shown"]


def records_of(server: GonghuiServer, id_number: str) -> dict[str, Any]:
    code = f"""
import json
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Membership, Worker
with system_scope("browser test"):
    workers = list(Worker.unscoped.filter(id_number__matches={id_number!r}))
    memberships = list(Membership.unscoped.filter(worker__in=workers).values_list("union_id", "status"))
    print(json.dumps({{"workers": [w.pk for w in workers], "memberships": memberships}}))
"""
    return server.shell_json(code)


def test_officer_adds_a_member_through_one_form(
    page: Page, gonghui_server: GonghuiServer, unions: dict[str, Any], screenshot: Any
) -> None:
    url = gonghui_server.url
    number = with_check_digit("11010119920618123")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    signed_in(page, gonghui_server, "demo_grassroots")

    # Given the member list, the officer opens the one Add a member form
    nav_link(page, "/members/").click()
    page.get_by_test_id("member-add").click()
    expect(page).to_have_url(url + "/members/add/")
    expect(page.get_by_test_id("member-add-form")).to_have_count(1)
    # with their own union chosen and its employer filled in
    expect(page.locator("#id_union")).to_have_value(str(unions["mine"]["id"]))
    expect(page.locator("#id_employer")).to_have_value(own_employer(gonghui_server, unions["mine"]["id"]))

    # When they type the person, the ID number mistyped, and submit
    page.locator("#id_name").fill("欧阳明远")
    page.locator("#id_id_number").fill(number)
    page.locator("#id_phone").fill("13912345678")
    page.locator("#id_category").select_option("migrant")
    screenshot(page, "member-add")
    page.locator("#id_id_number").fill(wrong)
    page.get_by_test_id("member-add-submit").click()
    # then the form says so and keeps what they typed, and nothing is recorded
    expect(page.locator("#id_id_number")).to_have_value(wrong)
    expect(page.locator("#id_name")).to_have_value("欧阳明远")
    expect(page.locator("#id_category")).to_have_value("migrant")
    expect(page.locator("#id_union")).to_have_value(str(unions["mine"]["id"]))
    expect(page.get_by_test_id("member-add-person")).to_contain_text("校验")
    assert records_of(gonghui_server, number)["workers"] == []

    # When they correct the ID number and submit again
    page.locator("#id_id_number").fill(number)
    page.get_by_test_id("member-add-submit").click()

    # Then the new member's page shows them joined to the officer's union
    expect(page).to_have_url(re.compile(rf"{re.escape(url)}/members/workers/\d+/$"))
    expect(page.get_by_test_id("worker-name")).to_have_text("欧阳明远")
    expect(page.get_by_test_id("worker-status")).to_have_text("会员")
    expect(page.get_by_test_id("worker-memberships")).to_contain_text(unions["mine"]["name"])
    expect(page.get_by_test_id("worker-history")).to_contain_text("入会")
    # one person, one membership, from one submit
    records = records_of(gonghui_server, number)
    assert len(records["workers"]) == 1
    assert records["memberships"] == [[unions["mine"]["id"], "active"]]


def upload(page: Page, server: GonghuiServer, path: Path) -> None:
    page.goto(server.url + "/members/")
    page.get_by_test_id("worker-import").click()
    expect(page).to_have_url(server.url + "/sheets/members/import/")
    page.get_by_test_id("import-file").set_input_files(str(path))
    page.get_by_test_id("import-upload").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    wait_for_job(page)
    page.get_by_test_id("job-link").click()


def test_officer_imports_fixes_finds_and_transfers_a_member(
    page: Page,
    new_context: Any,
    gonghui_server: GonghuiServer,
    unions: dict[str, Any],
    tmp_path: Path,
    problems: Any,
    screenshot: Any,
) -> None:
    url = gonghui_server.url
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    # Given the union's sheet of 40 members, with the usual damage in it, for the union's own employer
    sample = write_member_sheet(
        tmp_path / "会员信息采集表.xlsx", rows=40, employers=("",), seed=11, damage=True, today=today
    )
    bad_rows = sorted({row for rows in sample.damaged.values() for row in rows})
    signed_in(page, gonghui_server, "demo_grassroots")

    # When the officer uploads it, the check lists every damaged row and refuses to import
    upload(page, gonghui_server, sample.path)
    expect(page.get_by_test_id("count-invalid")).to_have_text(str(len(bad_rows)))
    expect(page.get_by_test_id("import-confirm")).to_be_disabled()
    screenshot(page, "member-import-errors")
    with page.expect_download() as download_info:
        page.get_by_test_id("import-error-workbook").click()
    errors = tmp_path / "errors.xlsx"
    download_info.value.save_as(errors)

    # and fixes each marked cell in the error workbook
    book = openpyxl.load_workbook(errors)
    sheet = book.worksheets[0]
    explanation = sheet.cell(row=1, column=len(HEADERS) + 1)
    assert explanation.value == "错误说明"
    for row in bad_rows:
        assert sheet.cell(row=row, column=len(HEADERS) + 1).value, f"row {row} has no explanation"

    def put(row: int, title: str, value: Any) -> None:
        cell = sheet.cell(row=row, column=COLUMN[title])
        cell.value = value
        if isinstance(value, str):
            cell.number_format = "@"

    for kind, rows in sample.damaged.items():
        for row in rows:
            intended = sample.id_numbers[row - 2]
            if kind in ("id_as_number", "check_digit", "duplicate_id"):
                put(row, "证件号码", intended)
            elif kind == "sex_mismatch":
                put(row, "性别", "男" if int(intended[16]) % 2 else "女")
            elif kind == "unknown_ethnic_group":
                put(row, "民族", "汉族")
            elif kind == "employer_out_of_scope":
                put(row, "工作单位", None)
            elif kind == "future_date":
                put(row, "会籍变化日期", datetime(today.year, today.month, today.day))
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)

    # Then the corrected workbook checks clean and imports
    upload(page, gonghui_server, fixed)
    expect(page.get_by_test_id("count-invalid")).to_have_text("0")
    page.get_by_test_id("import-confirm").click()
    wait_for_job(page)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")

    # When the officer looks for one of the new members by the initials of their name
    name = next(n for i, n in enumerate(sample.names) if i + 2 not in bad_rows)
    worker = worker_of(gonghui_server, name)
    nav_link(page, "/members/").click()
    # typing before the list page's scripts have loaded would search nothing (htmx not yet listening)
    page.wait_for_url(f"{url}/members/**")
    page.wait_for_load_state("load")
    page.get_by_test_id("worker-search").fill(worker["initials"])
    row = page.get_by_test_id("worker-table").locator("tbody tr").filter(has_text=name)
    expect(row).to_have_count(1)
    screenshot(page, "member-search")
    row.get_by_role("link", name=name).click()
    expect(page).to_have_url(f"{url}/members/workers/{worker['id']}/")
    expect(page.get_by_test_id("worker-name")).to_have_text(name)

    # and transfers them to the union of another township, named exactly
    page.get_by_test_id("worker-transfer").click()
    page.locator("#id_to_union").fill(unions["other"]["name"])
    page.get_by_test_id("membership-submit").click()

    # Then the history shows the transfer out to that union
    expect(page).to_have_url(f"{url}/members/workers/{worker['id']}/")
    expect(page.get_by_test_id("worker-history")).to_contain_text(unions["other"]["name"])
    screenshot(page, "member-transferred")

    # and the receiving union's officer sees the transfer come in
    other = new_context().new_page()
    signed_in(other, gonghui_server, "demo_grassroots_other")
    other.goto(url + "/members/transfers/")
    other.locator("#f-direction").select_option("in")
    expect(other).to_have_url(url + "/members/transfers/?direction=in")
    expect(other.get_by_test_id("transfer-table")).to_contain_text(name)
    expect(other.get_by_test_id("transfer-table")).to_contain_text(unions["mine"]["name"])

    # while an officer of a third union finds neither the worker nor the transfer
    third = new_context().new_page()
    signed_in(third, gonghui_server, unions["third"])
    path = f"/members/workers/{worker['id']}/"
    problems.allow_status(404, path)
    response = third.goto(url + path)
    assert response is not None
    assert response.status == 404
    expect(third.locator("#main")).not_to_contain_text(name)
    third.goto(url + "/members/transfers/")
    expect(third.locator("#main")).not_to_contain_text(name)
    third.goto(url + "/members/?q=" + worker["initials"])
    expect(third.locator("#main")).not_to_contain_text(name)
