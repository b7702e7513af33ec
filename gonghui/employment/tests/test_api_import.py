"""The API (same scoping as the pages) and the import of a job seeker register (all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gonghui.core.reference.services import reference_load
from gonghui.core.sheets.engine import validate_file, write_file
from gonghui.core.sheets.specs import get_spec
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.employment.models import JobSeeker
from gonghui.employment.tests import testdata

pytestmark = pytest.mark.django_db
API = "/api/v1/employment/"
SPEC = "employment_seeker_register"
HEADERS = [column.header for column in get_spec(SPEC).columns]


def test_the_api_lists_the_callers_subtree_masked_and_404_outside(world: World, client_for: Any) -> None:
    seeker = testdata.seeker(world.union_c, f"接口{MARKER}", 201)
    client = client_for(world.bob)
    rows = client.get(f"{API}seekers/").json()["results"]
    found = [row for row in rows if row["id"] == seeker.pk]
    assert found
    assert found[0]["id_number"] != seeker.id_number
    assert found[0]["id_number"].startswith(seeker.id_number[:6])
    assert client_for(world.bea).get(f"{API}seekers/{seeker.pk}/").status_code == 404
    assert seeker.pk not in [row["id"] for row in client_for(world.bea).get(f"{API}seekers/").json()["results"]]


def test_the_api_records_a_vacancy_through_the_service(world: World, client_for: Any) -> None:
    employer = testdata.employer_of(world.union_c, f"丙公司{MARKER}")
    client = client_for(world.carol)
    bad = client.post(
        f"{API}vacancies/",
        {
            "employer": employer.pk,
            "post": "普工",
            "pay_min": "5000",
            "pay_max": "4000",
            "headcount": 1,
            "valid_until": "2099-01-01",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    made = client.post(
        f"{API}vacancies/",
        {
            "employer": employer.pk,
            "post": "普工",
            "pay_min": "4000",
            "pay_max": "5000",
            "headcount": 1,
            "valid_until": "2099-01-01",
            "skills": ["welding"],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["skills"] == ["welding"]


def _sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("求职人员")
    text = book.add_format({"num_format": "@"})
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, title in enumerate(HEADERS):
            if row.get(title) is not None:
                sheet.write_string(r, col, row[title], text)
    book.close()
    return path


def _row(serial: int, **cells: str) -> dict[str, str]:
    return {
        "姓名": f"导入{serial}",
        "身份证号": testdata.id_number(serial),
        "手机号码": "13912345678",
        "人员类别": "农民工",
        "技能": "电焊、电工",
        "求职意向": "焊工",
        "意向乡镇": "城关镇",
        "期望月薪（元）": "4500",
        "登记日期": "2025-03-02",
        **cells,
    }


def test_a_register_is_checked_whole_and_written_all_or_nothing(world: World, tmp_path: Path) -> None:
    reference_load(actor=None)
    spec = get_spec(SPEC)
    bad = _sheet(
        tmp_path / "bad.xlsx",
        [_row(301), _row(302, 技能="杂耍"), _row(303, 意向乡镇="火星镇"), _row(301, 姓名="重复")],
    )
    report = write_file(spec, bad, "bad.xlsx", actor=world.carol, root=world.union_c)
    assert not report.written
    assert report.error_count >= 3
    with system_scope("the test checks nothing was written"):
        assert not JobSeeker.unscoped.filter(name__startswith="导入").exists()  # unscoped: the table itself
    good = _sheet(tmp_path / "good.xlsx", [_row(301), _row(302, 人员类别="高校毕业生", 技能="")])
    checked = validate_file(spec, good, "good.xlsx", actor=world.carol, root=world.union_c)
    assert checked.ok, checked.messages()
    report = write_file(spec, good, "good.xlsx", actor=world.carol, root=world.union_c)
    assert report.written, report.file_errors
    with system_scope("the test reads what the import wrote"):
        rows = {s.name: s for s in JobSeeker.unscoped.filter(name__startswith="导入")}  # unscoped: as above
    assert set(rows) == {"导入301", "导入302"}
    assert rows["导入301"].skill_codes == ["welding", "electrician"]
    assert rows["导入301"].place is not None
    assert rows["导入301"].place.name == "城关镇"
    assert rows["导入302"].category == JobSeeker.Category.GRADUATE
    # Registered and seeking: the same file again is refused whole.
    again = write_file(spec, good, "good.xlsx", actor=world.carol, root=world.union_c)
    assert not again.written
