"""The employer sheet (工会组织信息采集表, unit side): import, refusal, size, export and re-import."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.sheets import services
from gonghui.core.sheets.specs import ExportParams, get_spec
from gonghui.core.sheets.tests.helpers import write_xlsx
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations import sheets
from gonghui.organisations.models import Employer

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "core" / "sheets" / "tests" / "corpus"
HEADERS = [c.header for c in sheets.EmployerSheet.columns]
COMPARED = (
    "name",
    "credit_code",
    "address",
    "division_id",
    "village_id",
    "nature_id",
    "ownership_id",
    "industry_id",
    "headcount",
    "women",
    "migrant_workers",
    "dispatched_workers",
    "size_band",
    "contact_name",
    "union_status",
    "union_id",
)


@pytest.fixture(autouse=True)
def _sheets_dir(settings: Any, tmp_path: Path) -> None:
    settings.SHEETS_DIR = tmp_path / "sheets"


@pytest.fixture
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def code(serial: int) -> str:
    """A valid GB 32100 code of an enterprise (authority 9, kind 1)."""
    first17 = f"91339901{serial:09d}"
    return first17 + credit_code_check_char(first17)


def row(i: int, **overrides: Any) -> list[Any]:
    values = {
        "name": f"测试单位{i}有限公司{MARKER}",
        "credit_code": code(i),
        "address": f"城关镇人民路{i}号",
        "division": "城关镇",
        "nature": "企业",
        "ownership": "私营",
        "industry": "农副食品加工业",
        "headcount": 30 + i % 300,
        "women": 5,
        "migrant_workers": 3,
        "dispatched_workers": 0,
        "contact_name": "张三",
        "contact_phone": "13912345678",
        "union_status": "未建会",
        **overrides,
    }
    return [values[c.field] for c in sheets.EmployerSheet.columns]


def run_import(user: Any, root: Any, path: Path, *, write: bool = True) -> Any:
    return services.sheet_import_run(
        actor=user, spec=get_spec("employers"), path=path, filename=path.name, root=root, write=write
    )


def snapshot(**filters: Any) -> list[tuple[Any, ...]]:
    with system_scope("test"):
        return list(Employer.unscoped.filter(**filters).order_by("pk").values_list("pk", *COMPARED))


def test_rows_create_employers_mapped_through_the_reference_data(world: World, reference: None, tmp_path: Path) -> None:
    # Given a sheet of two employers, one in a village (西河镇's 西河村) without a credit code
    path = write_xlsx(
        tmp_path / "employers.xlsx",
        [row(1), row(2, credit_code=None, division="339901102001", union_status=None, contact_phone=None)],
        HEADERS,
    )
    # When Bob imports it under township A
    report = run_import(world.bob, world.township_a, path)
    # Then both are created, kept by township A, with codes from the reference data
    assert report.written, report.messages()
    assert (report.created, report.updated) == (2, 0)
    with system_scope("test"):
        first = Employer.unscoped.get(credit_code=code(1))
        second = Employer.unscoped.get(name=f"测试单位2有限公司{MARKER}")
    assert (first.division_id, first.ownership_id, first.nature_id, first.industry_id) == (
        "339901101000",
        "3",
        "10",
        "13",
    )
    assert first.union_id == world.township_a.pk
    assert first.size_band == "25_99"
    assert first.contact_phone == "13912345678"
    assert (second.division_id, second.village_id) == ("339901102000", "339901102001")
    assert second.union_status == Employer.UnionStatus.NONE


def test_bad_rows_are_reported_and_nothing_is_written(world: World, reference: None, tmp_path: Path) -> None:
    # Given rows with an unknown township, an industry section, a fraction of a worker and a
    # credit code typed twice
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            row(1, division="火星镇"),
            row(2, industry="C"),
            row(3, headcount=2.5),
            row(4, women=999),
            row(5),
            row(6, credit_code=code(5)),
        ],
        HEADERS,
    )
    # When Bob imports it
    report = run_import(world.bob, world.township_a, path)
    # Then every bad row is reported by column, and nothing is written
    assert not report.written
    columns = {(e["row"], e["column"]) for e in report.errors}
    assert {(2, "单位所在政区"), (3, "单位所属行业"), (4, "职工人数"), (5, "女职工人数"), (7, "")} <= columns
    with system_scope("test"):
        assert not Employer.unscoped.exists()


def test_an_empty_sheet_is_a_file_error(world: World, reference: None, tmp_path: Path) -> None:
    # Given the template's headers and no row
    path = write_xlsx(tmp_path / "empty.xlsx", [], HEADERS)
    # When it is imported, then the file is refused as empty and the user is told why
    report = run_import(world.bob, world.township_a, path)
    assert not report.written
    assert report.total == 0
    assert report.refused_code.startswith("empty")
    assert "空" in report.refused
    assert report.exit_code == 2
    with system_scope("test"):
        assert not Employer.unscoped.exists()


def test_a_damaged_file_is_refused(world: World, reference: None, tmp_path: Path) -> None:
    # Given an .xlsx cut short in transfer
    path = tmp_path / "employers.xlsx"
    shutil.copy(CORPUS / "truncated.xlsx", path)
    # When it is imported, then the reader refuses it before any row is read
    report = run_import(world.bob, world.township_a, path)
    assert report.refused
    assert report.exit_code == 2
    assert not report.written


def test_a_20000_row_sheet_imports_in_one_piece(world: World, reference: None, tmp_path: Path) -> None:
    # Given a sheet of 20,000 employers, generated here
    path = write_xlsx(tmp_path / "big.xlsx", (row(i) for i in range(20_000)), HEADERS)
    # When Bob imports it
    report = run_import(world.bob, world.township_a, path)
    # Then every row is written
    assert report.written, report.messages()[:5]
    assert (report.total, report.created) == (20_000, 20_000)
    with system_scope("test"):
        assert Employer.unscoped.filter(union=world.township_a).count() == 20_000
        assert Employer.unscoped.filter(size_band="100_999").count() > 0


def test_export_imports_back_unchanged(world: World, reference: None, tmp_path: Path) -> None:
    # Given employers imported by Bob, some with a phone number
    source = write_xlsx(
        tmp_path / "in.xlsx",
        [row(i, union_status=["未建会", "不具备建会条件"][i % 2]) for i in range(30)]
        + [row(99, credit_code=None, contact_phone=None, division="龙家湾村")],
        HEADERS,
    )
    assert run_import(world.bob, world.township_a, source).written
    before = snapshot()
    with system_scope("test"):
        phones_before = dict(Employer.unscoped.values_list("pk", "contact_phone"))
    # When he exports them (phones masked) and imports the export again
    out = tmp_path / "out.xlsx"
    services.sheet_export(actor=world.bob, spec=get_spec("employers"), params=ExportParams(), path=out)
    book = openpyxl.load_workbook(out)
    exported = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
    book.close()
    assert exported[0] == HEADERS
    assert exported[1][12] == "139****5678"
    report = run_import(world.bob, world.township_a, out)
    # Then every row updates its employer and nothing changes, phones included
    assert report.written, report.messages()
    assert (report.created, report.updated) == (0, 31)
    assert snapshot() == before
    with system_scope("test"):
        assert dict(Employer.unscoped.values_list("pk", "contact_phone")) == phones_before


def test_export_is_scoped_and_filtered(world: World, reference: None, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "in.xlsx", [row(1), row(2, division="西河镇")], HEADERS)
    assert run_import(world.bob, world.township_a, path).written
    out = tmp_path / "out.xlsx"
    # When Bea (township B) exports, she gets the headers only
    assert services.sheet_export(actor=world.bea, spec=get_spec("employers"), params=ExportParams(), path=out) == 0
    # And Bob's export keeps the list's township filter
    count = services.sheet_export(
        actor=world.bob,
        spec=get_spec("employers"),
        params=ExportParams(filters={"township": "339901102000"}),
        path=out,
    )
    assert count == 1


def test_a_credit_code_kept_outside_the_subtree_is_refused(world: World, reference: None, tmp_path: Path) -> None:
    # Given an employer of township B
    with system_scope("test"):
        Employer.unscoped.create(union=world.township_b, name="乙一工厂", credit_code=code(7), headcount=5)
    # When Bob imports a row with its code, then the row is refused and nothing of B changes
    path = write_xlsx(tmp_path / "in.xlsx", [row(7)], HEADERS)
    report = run_import(world.bob, world.township_a, path)
    assert not report.written
    assert report.errors[0]["column"] == "单位统一社会信用代码"


def test_a_row_without_a_code_updates_by_township_and_name_and_keeps_the_code(
    world: World, reference: None, tmp_path: Path
) -> None:
    # Given an employer imported with its credit code
    assert run_import(world.bob, world.township_a, write_xlsx(tmp_path / "a.xlsx", [row(1)], HEADERS)).written
    # When a later sheet names it by township and name only, with new headcount and no status
    later = write_xlsx(tmp_path / "b.xlsx", [row(1, credit_code=None, headcount=150, union_status=None)], HEADERS)
    report = run_import(world.bob, world.township_a, later)
    # Then it updates that employer, keeping its code and status, and moves it to the right size band
    assert report.written, report.messages()
    assert (report.created, report.updated) == (0, 1)
    with system_scope("test"):
        employer = Employer.unscoped.get()
    assert (employer.credit_code, employer.headcount, employer.size_band) == (code(1), 150, "100_999")
    assert employer.union_status == Employer.UnionStatus.NONE


@pytest.mark.parametrize("kind", ["employers", "union_records"])
def test_the_template_has_the_provincial_columns(world: World, client_for: Any, tmp_path: Path, kind: str) -> None:
    # When Bob downloads the template
    response = client_for(world.bob).get(f"/sheets/{kind}/template/")
    # Then it is a workbook whose first sheet carries the columns of the provincial form
    assert response.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    book = openpyxl.load_workbook(path)
    headers = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    book.close()
    assert headers == [c.header for c in get_spec(kind).columns]


def test_a_leader_may_export_employers_but_not_import_them(world: World, client_for: Any) -> None:
    client = client_for(world.leo)
    assert client.get("/sheets/employers/export/").status_code == 200
    assert client.get("/sheets/employers/import/").status_code == 403
