"""Imports of the contract register and the congress register: every row checked, errors named, then history written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from gonghui.core.sheets.engine import validate_file, write_file
from gonghui.core.sheets.specs import get_spec
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline
from gonghui.democracy.models import CollectiveContract, Congress
from gonghui.democracy.tests import factories

pytestmark = pytest.mark.django_db


def write_rows(path: Path, kind: str, rows: list[dict[str, Any]]) -> Path:
    import xlsxwriter

    headers = [column.header for column in get_spec(kind).columns]
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("台账")
    text = book.add_format({"num_format": "@"})
    for col, title in enumerate(headers):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, title in enumerate(headers):
            if row.get(title) is not None:
                sheet.write_string(r, col, str(row[title]), text)
    book.close()
    return path


def contract_row(employer: str, **cells: Any) -> dict[str, Any]:
    return {"单位名称": employer, "合同类别": "工资专项集体合同", "签订日期": "2025-09-26", "期限起": "2025-10-01",
            "期限止": "2026-09-30", "最低工资（元/月）": "2600", **cells}  # fmt: skip


def test_the_contract_register_imports_each_contract_in_the_state_its_dates_say(world: World, tmp_path: Path) -> None:
    firm = factories.employer(world, name="甲导入一公司ALPHA7F3")
    path = write_rows(
        tmp_path / "合同台账.xlsx",
        "collective_contract_register",
        [
            contract_row(firm.name, 报送日期="2025-10-09", 期限止="2027-09-30"),  # filed in time: in force
            contract_row(firm.name, 合同类别="综合性集体合同", 签订日期="2025-10-01", 期限止="2027-09-30"),  # not filed
        ],
    )
    with translation.override("zh-hans"):
        report = write_file(
            get_spec("collective_contract_register"), path, "合同台账.xlsx", actor=world.bob, root=world.township_a
        )
    assert report.messages() == []
    assert report.created == 2
    with system_scope("the test reads what the import wrote"):
        rows = {c.kind: c for c in CollectiveContract.unscoped.filter(employer=firm)}  # unscoped: the test's checks
        wage, comprehensive = rows["wage"], rows["comprehensive"]
        assert wage.state == "in_force"
        assert wage.filing_due.isoformat() == "2025-10-09"
        assert not wage.filed_late
        assert comprehensive.state == "signed"
        # 1 October + 10 days = the 调休 Saturday 11 October 2025; long past: overdue
        deadline = Deadline.unscoped.get(workflow="collective-contract", object_id=comprehensive.pk, closed_at=None)
        assert deadline.due_on.isoformat() == "2025-10-11"
        assert deadline.overdue_since is not None


def test_every_contract_row_is_checked_with_errors_named(world: World, tmp_path: Path) -> None:
    firm = factories.employer(world, name="甲导入二公司ALPHA7F3")
    other = factories.employer(world, township="b", name="乙导入公司")
    path = write_rows(
        tmp_path / "合同台账.xlsx",
        "collective_contract_register",
        [
            contract_row(firm.name),
            contract_row("不存在的公司"),
            contract_row(other.name),  # township B: not Bob's
            contract_row(firm.name, 合同类别="综合性集体合同", 期限止="2029-09-30"),  # four years
            contract_row(firm.name, 合同类别="女职工专项集体合同", **{"最低工资（元/月）": "1800"}),
            contract_row(firm.name),  # the same contract twice
        ],
    )
    spec = get_spec("collective_contract_register")
    with translation.override("zh-hans"):
        report = validate_file(spec, path, "合同台账.xlsx", actor=world.bob, root=world.township_a)
        errors = {(e["row"], e["column"]): e["message"] for e in report.errors}
        written = write_file(spec, path, "合同台账.xlsx", actor=world.bob, root=world.township_a)
    assert report.valid == 1
    assert (3, "单位名称") in errors
    assert (4, "单位名称") in errors
    assert "1至3年" in errors[(5, "期限止")]
    assert "1,800.00" in errors[(6, "最低工资（元/月）")]
    assert any(row == 7 for row, _column in errors)
    assert not written.written


def test_the_congress_register_derives_the_form_from_the_workforce(world: World, tmp_path: Path) -> None:
    big = factories.employer(world, name="甲大厂ALPHA7F3", headcount=1001)
    small = factories.employer(world, name="甲小店ALPHA7F3", headcount=40)
    path = write_rows(
        tmp_path / "职代会台账.xlsx",
        "congress_register",
        [
            {"单位名称": big.name, "届次": "2", "本届开始": "2024-03-01", "本届届满": "2027-02-28"},
            {
                "单位名称": small.name,
                "届次": "1",
                "本届开始": "2024-03-01",
                "本届届满": "2029-02-28",
                "最近一次会议": "2025-04-01",
            },
            {"单位名称": small.name, "届次": "2", "本届开始": "2024-03-01", "本届届满": "2026-02-28"},  # two years
        ],
    )
    spec = get_spec("congress_register")
    with translation.override("zh-hans"):
        report = validate_file(spec, path, "职代会台账.xlsx", actor=world.bob, root=world.township_a)
    errors = {(e["row"], e["column"]) for e in report.errors}
    assert errors == {(4, "本届届满")}
    path = write_rows(tmp_path / "职代会台账2.xlsx", "congress_register", [
        {"单位名称": big.name, "届次": "2", "本届开始": "2024-03-01", "本届届满": "2027-02-28"},
        {"单位名称": small.name, "届次": "1", "本届开始": "2024-03-01", "本届届满": "2029-02-28"},
    ])  # fmt: skip
    with translation.override("zh-hans"):
        report = write_file(spec, path, "职代会台账2.xlsx", actor=world.bob, root=world.township_a)
    assert report.created == 2
    with system_scope("the test reads what the import wrote"):
        by_employer = {
            c.employer_id: c for c in Congress.unscoped.filter(employer__in=[big, small])
        }  # unscoped: the test
    assert by_employer[big.pk].delegates_required == 51
    assert by_employer[small.pk].form == Congress.Form.ASSEMBLY
