"""``gonghui import`` and ``gonghui export`` from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from gonghui.core.audit.models import AuditEvent
from gonghui.core.sheets.tests.helpers import union_rows, write_xlsx
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_import_writes_and_exits_zero(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 3))
    code, out = run("import", "unions", str(path), "--union", world.township_a.credit_code)
    assert code == 0
    assert "3 created" in out
    with system_scope("test"):
        assert Union.unscoped.filter(name__startswith="测试导入").count() == 3
        event = AuditEvent.objects.filter(action="import", outcome="success").latest("at")
    assert event.actor_id is None
    assert event.union_id == world.township_a.pk


def test_dry_run_writes_nothing(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 3))
    code, out = run("import", "unions", str(path), "--dry-run")
    assert code == 0
    assert "dry run" in out
    with system_scope("test"):
        assert not Union.unscoped.filter(name__startswith="测试导入").exists()


def test_data_errors_exit_one_print_rows_and_write_the_error_workbook(world: World, tmp_path: Path) -> None:
    rows = union_rows(world.township_a.name, 3)
    rows[1][4] = "不存在"
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    errors = tmp_path / "errors.xlsx"
    code, out = run("import", "unions", str(path), "--errors", str(errors))
    assert code == 1
    assert "3" in out
    assert "基层工会类型" in out
    assert openpyxl.load_workbook(errors).worksheets[0].max_row == 4
    with system_scope("test"):
        assert not Union.unscoped.filter(name__startswith="测试导入").exists()


def test_a_refused_file_exits_two(world: World, tmp_path: Path) -> None:
    path = tmp_path / "u.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    code, out = run("import", "unions", str(path))
    assert code == 2
    assert "REFUSED" in out


def test_import_as_a_user_is_scoped(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 1))
    code, _out = run("import", "unions", str(path), "--as", world.bea.username)
    assert code == 1


def test_export_writes_the_workbook(world: World, tmp_path: Path) -> None:
    out_path = tmp_path / "out.xlsx"
    code, out = run("export", "unions", str(out_path), "--union", world.township_a.credit_code)
    assert code == 0
    assert "3 rows" in out
    rows = list(openpyxl.load_workbook(out_path).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4
