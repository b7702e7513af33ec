"""The union records sheet (工会组织信息采集表, union side): update existing unions' records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gonghui.core.sheets import services
from gonghui.core.sheets.specs import ExportParams, get_spec
from gonghui.core.sheets.tests.helpers import write_xlsx
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations import sheets
from gonghui.organisations.models import CommitteeMember, UnionProfile

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in sheets.UnionRecordSheet.columns]


@pytest.fixture(autouse=True)
def _sheets_dir(settings: Any, tmp_path: Path) -> None:
    settings.SHEETS_DIR = tmp_path / "sheets"


def run_import(user: Any, root: Any, path: Path) -> Any:
    return services.sheet_import_run(
        actor=user, spec=get_spec("union_records"), path=path, filename=path.name, root=root, write=True
    )


def records() -> list[tuple[Any, ...]]:
    with system_scope("test"):
        unions = list(Union.unscoped.order_by("pk").values_list("pk", "name", "founding_date"))
        profiles = list(UnionProfile.unscoped.order_by("pk").values_list("pk", "union_type", "member_count"))
        chairs = list(CommitteeMember.unscoped.order_by("pk").values_list("union_id", "position", "name", "phone"))
    return [unions, profiles, chairs]


def test_rows_update_members_type_and_chair(world: World, tmp_path: Path) -> None:
    # Given a sheet naming union C with its members, type and chair
    path = write_xlsx(
        tmp_path / "records.xlsx",
        [[world.union_c.name, None, world.township_a.name, "2019-05-04", "独立基层工会", 120, "王主席", "13912345678"]],
        HEADERS,
    )
    # When Bob imports it
    report = run_import(world.bob, world.township_a, path)
    # Then the union's record is written: profile, founding date and the chair's seat
    assert report.written, report.messages()
    with system_scope("test"):
        profile = UnionProfile.unscoped.get(pk=world.union_c.pk)
        chair = CommitteeMember.unscoped.get(union=world.union_c)
        union = Union.unscoped.get(pk=world.union_c.pk)
    assert (profile.union_type, profile.member_count) == ("independent", 120)
    assert (chair.position, chair.name, chair.phone) == ("chair", "王主席", "13912345678")
    assert str(union.founding_date) == "2019-05-04"


def test_unknown_moved_or_outside_unions_are_errors(world: World, tmp_path: Path) -> None:
    # Given rows for a union that does not exist, one "moved" under township B, one of township B
    path = write_xlsx(
        tmp_path / "records.xlsx",
        [
            [f"不存在的工会{MARKER}", None, None, None, None, 5, None, None],
            [world.union_c.name, None, world.township_b.name, None, None, 5, None, None],
            [world.union_d.name, None, None, None, None, 5, None, None],
        ],
        HEADERS,
    )
    report = run_import(world.bob, world.township_a, path)
    # Then every row is an error and nothing is written
    assert not report.written
    assert [(e["row"], e["column"]) for e in report.errors] == [(2, "工会名称"), (3, "上级工会名称"), (4, "工会名称")]
    with system_scope("test"):
        assert not UnionProfile.unscoped.exists()


def test_export_imports_back_unchanged(world: World, tmp_path: Path) -> None:
    # Given records for union C and the joint union
    path = write_xlsx(
        tmp_path / "in.xlsx",
        [
            [world.union_c.name, None, None, "2019-05-04", "独立基层工会", 120, "王主席", "13912345678"],
            [world.joint_a.name, None, None, None, "联合基层工会", 40, None, None],
        ],
        HEADERS,
    )
    assert run_import(world.bob, world.township_a, path).written
    before = records()
    # When Bob exports his part of the tree (phones masked) and imports it again
    out = tmp_path / "out.xlsx"
    services.sheet_export(actor=world.bob, spec=get_spec("union_records"), params=ExportParams(), path=out)
    book = openpyxl.load_workbook(out)
    rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
    book.close()
    assert rows[0] == HEADERS
    assert [r[7] for r in rows[1:] if r[7]] == ["139****5678"]
    report = run_import(world.bob, world.township_a, out)
    # Then every union's row updates it, and nothing changes
    assert report.written, report.messages()
    assert report.updated == len(rows) - 1 == 3  # township A, union C, the joint union
    assert records() == before
