"""Importing unions: mapping, validation, all-or-nothing write, upsert by natural key, scope."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gonghui.core.audit.models import AuditEvent
from gonghui.core.sheets import engine, services
from gonghui.core.sheets.specs import get_spec
from gonghui.core.sheets.tests.helpers import credit_code, union_rows, write_xlsx
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db


def unions_count() -> int:
    with system_scope("test"):
        return Union.unscoped.count()


def import_as(user, path: Path, *, write: bool = True, root=None) -> engine.ImportReport:
    spec = get_spec("unions")
    return services.sheet_import_run(
        actor=user, spec=spec, path=path, filename=path.name, root=root or user.union, write=write
    )


def test_bob_imports_unions_under_his_township(world: World, tmp_path: Path) -> None:
    # Given a file of two unions under Bob's township
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 2))
    before = unions_count()
    # When Bob checks it
    report = import_as(world.bob, path, write=False)
    # Then all rows are valid and nothing is written yet
    assert report.ok, report.messages()
    assert (report.total, report.to_create, report.to_update) == (2, 2, 0)
    assert unions_count() == before
    # When he writes it
    report = import_as(world.bob, path)
    # Then the unions sit where the file says, with valid tree paths and counters
    assert report.written
    assert report.created == 2
    with system_scope("test"):
        first = Union.unscoped.get(name="测试导入第0号公司工会委员会")
        assert Union.unscoped.get_parent(first).pk == world.township_a.pk
        assert first.credit_code == credit_code(900_000)
        assert first.founding_date == date(2015, 6, 1)
        assert Union.unscoped.get(pk=world.township_a.pk).numchild == 4  # C, joint A, and the two new
        assert Union.unscoped.find_problems() == ([], [], [], [], [])
        # And one IMPORT row is audited with the counts
        event = AuditEvent.objects.filter(action="import", outcome="success").latest("at")
    assert event.changes["created"] == 2
    assert event.actor_id == world.bob.pk


def test_a_parent_created_earlier_in_the_file_takes_children(world: World, tmp_path: Path) -> None:
    # Given a new sector union and two unions below it, in file order
    path = write_xlsx(
        tmp_path / "u.xlsx",
        [
            ["测试县教育工会", None, None, None, "产业(系统)工会"],
            ["测试县第一中学工会委员会", None, "测试县教育工会", "2001-09-01", "独立基层工会"],
            ["测试县第二中学工会委员会", None, "测试县教育工会", None, "独立基层工会"],
        ],
    )
    # When Alice (county) imports it: an empty parent means her own union
    report = import_as(world.alice, path)
    # Then the sector is under the county and the schools under the sector, the tree consistent
    assert report.written, report.messages()
    assert report.created == 3
    with system_scope("test"):
        sector = Union.unscoped.get(name="测试县教育工会")
        assert Union.unscoped.get_parent(sector).pk == world.county.pk
        assert sector.numchild == 2
        assert {u.name for u in Union.unscoped.get_children(sector)} == {
            "测试县第一中学工会委员会",
            "测试县第二中学工会委员会",
        }
        assert Union.unscoped.find_problems() == ([], [], [], [], [])


def test_reimporting_the_same_file_updates_and_creates_nothing(world: World, tmp_path: Path) -> None:
    # Given a file imported once
    rows = union_rows(world.township_a.name, 3)
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    assert import_as(world.bob, path).created == 3
    count = unions_count()
    # When the same file, with one name changed, is imported again
    rows[1][0] = "改过名的工会委员会"
    path = write_xlsx(tmp_path / "u2.xlsx", rows)
    report = import_as(world.bob, path)
    # Then the rows update the unions matched by credit code, and none is created
    assert (report.created, report.updated) == (0, 3)
    assert unions_count() == count
    with system_scope("test"):
        assert Union.unscoped.get(credit_code=rows[1][1]).name == "改过名的工会委员会"


def test_headers_map_through_synonyms_and_extra_columns_are_named(world: World, tmp_path: Path) -> None:
    # Given a file with synonyms for the headers and a column the template does not have
    path = write_xlsx(
        tmp_path / "u.xlsx",
        [["甲公司工会", "", world.township_a.name, "备注内容", "独立基层工会"]],
        headers=["工会组织名称", "统一社会信用代码", "上级工会", "备注", "工会类型"],
    )
    # When it is checked
    report = import_as(world.bob, path, write=False)
    # Then the synonyms are understood and the extra column is named in a notice
    assert report.ok, report.messages()
    assert any("备注" in n for n in report.notices)


def test_missing_required_columns_are_named(world: World, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "u.xlsx", [["甲公司工会", world.township_a.name]], headers=["工会名称", "上级工会名称"]
    )
    report = import_as(world.bob, path, write=False)
    assert not report.ok
    assert report.exit_code == 1
    assert any("基层工会类型" in e for e in report.file_errors)


def test_every_error_is_reported_by_row_and_column(world: World, tmp_path: Path) -> None:
    # Given rows with a bad code, a bad kind, an unknown parent and a duplicate
    good = union_rows(world.township_a.name, 1)[0]
    path = write_xlsx(
        tmp_path / "u.xlsx",
        [
            good,
            ["乙工会", "81339901000000000X", world.township_a.name, None, "独立基层工会"],
            ["丙工会", None, world.township_a.name, None, "不存在的类型"],
            ["丁工会", None, "查无此工会", None, "独立基层工会"],
            good,
        ],
    )
    report = import_as(world.bob, path)
    # Then each bad row is reported with its row number, and nothing is written
    assert not report.written
    rows = {(e["row"], e["column"]) for e in report.errors}
    assert (3, "工会统一社会信用代码") in rows
    assert (4, "基层工会类型") in rows
    assert (5, "上级工会名称") in rows
    assert any(e["row"] == 6 and "2" in e["message"] for e in report.errors)  # duplicates row 2
    assert report.invalid == 4
    assert report.valid == 1
    with system_scope("test"):
        assert not Union.unscoped.filter(credit_code=good[1]).exists()


def test_an_error_in_the_last_row_of_a_large_file_writes_nothing(world: World, tmp_path: Path) -> None:
    # Given 3,000 good rows and a bad last one
    rows = union_rows(world.township_a.name, 3000)
    rows.append(["坏行", None, world.township_a.name, "2015-02-30", "独立基层工会"])
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    before = unions_count()
    # When it is imported
    report = import_as(world.bob, path)
    # Then the first batches were rolled back: nothing is written
    assert not report.written
    assert report.invalid == 1
    assert report.errors[0]["row"] == 3002
    assert unions_count() == before


def test_a_database_failure_mid_write_writes_nothing(world: World, tmp_path: Path, monkeypatch) -> None:
    # Given a write that fails in its second batch
    path = write_xlsx(tmp_path / "big.xlsx", union_rows(world.township_a.name, 2500))
    spec = get_spec("unions")
    original = type(spec).write_batch
    calls = {"n": 0}

    def failing(self, run, rows):
        calls["n"] += 1
        if calls["n"] == 2:
            from django.db import IntegrityError

            raise IntegrityError("disk on fire")
        return original(self, run, rows)

    monkeypatch.setattr(type(spec), "write_batch", failing)
    before = unions_count()
    # When it is imported
    report = import_as(world.bob, path)
    # Then the failure is reported and the first batch is rolled back
    assert not report.written
    assert any("disk on fire" in e for e in report.file_errors)
    assert unions_count() == before


def test_dan_cannot_import_into_township_a(world: World, tmp_path: Path) -> None:
    # Given a file whose parent is township A, and Dan of township B's grassroots union D
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 1))
    # When Bea (township B staff) imports it
    report = import_as(world.bea, path)
    # Then the parent is not found in her part of the tree, and nothing is written
    assert not report.written
    assert report.errors[0]["column"] == "上级工会名称"
    # And with the parent given by credit code, the message says it is outside her scope
    path = write_xlsx(
        tmp_path / "u2.xlsx",
        [["越界工会", None, world.township_a.credit_code, "独立基层工会"]],
        headers=["工会名称", "工会统一社会信用代码", "上级工会统一社会信用代码", "基层工会类型"],
    )
    report = import_as(world.bea, path)
    assert not report.written
    assert report.errors[0]["column"] == "上级工会统一社会信用代码"


def test_dan_has_no_permission_to_import_unions(world: World, tmp_path: Path) -> None:
    from django.core.exceptions import PermissionDenied

    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.union_d.name, 1))
    with pytest.raises(PermissionDenied):
        import_as(world.dan, path)


def test_an_import_never_moves_a_union(world: World, tmp_path: Path) -> None:
    # Given a union with a credit code under township A
    rows = union_rows(world.township_a.name, 1)
    import_as(world.alice, write_xlsx(tmp_path / "u.xlsx", rows))
    # When a file lists it, by the same code, under township B
    rows[0][2] = world.township_b.name
    report = import_as(world.alice, write_xlsx(tmp_path / "u2.xlsx", rows))
    # Then the row is an error pointing to the move page, and the union stays where it was
    assert not report.written
    assert report.errors[0]["column"] == "上级工会名称"
    with system_scope("test"):
        union = Union.unscoped.get(credit_code=rows[0][1])
        assert Union.unscoped.get_parent(union).pk == world.township_a.pk
