"""Exports: template columns, formula escaping, masking, scope, audit; and they import back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gonghui.core.audit.models import AuditEvent
from gonghui.core.sheets import services
from gonghui.core.sheets.specs import ExportParams, get_spec
from gonghui.core.sheets.workbooks import escape_formula
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db


def export(user, kind: str, tmp_path: Path, **params) -> list[list]:
    out = tmp_path / f"{kind}.xlsx"
    services.sheet_export(actor=user, spec=get_spec(kind), params=ExportParams(**params), path=out)
    book = openpyxl.load_workbook(out)
    rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert book.sheetnames[1] == "导出信息"
    book.close()
    return rows


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_like_text_is_escaped(text: str) -> None:
    assert escape_formula(text) == "'" + text
    assert escape_formula("张三") == "张三"


def test_union_export_has_template_columns_escapes_formulas_and_is_scoped(world: World, tmp_path: Path) -> None:
    # Given a union in township A whose name looks like a formula
    with system_scope("test"):
        Union.unscoped.filter(pk=world.union_c.pk).update(name=f'=HYPERLINK("x"){MARKER}')
    # When Bob exports the union list
    rows = export(world.bob, "unions", tmp_path)
    # Then the header row is the template's, the name is escaped, and only his subtree is there
    assert rows[0] == [c.header for c in get_spec("unions").columns]
    names = [r[0] for r in rows[1:]]
    assert f'\'=HYPERLINK("x"){MARKER}' in names
    assert world.township_b.name not in names
    assert len(rows) == 1 + 3
    # And Bea's export shows nothing of township A
    rows = export(world.bea, "unions", tmp_path)
    assert not any(MARKER in str(v) for r in rows for v in r)
    # And the export is audited with its count and masking
    with system_scope("test"):
        event = AuditEvent.objects.filter(action="export").latest("at")
    assert event.actor_id == world.bea.pk
    assert event.changes["rows"] == len(rows) - 1
    assert event.changes["masked"] is True


def test_union_export_imports_back_unchanged(world: World, tmp_path: Path) -> None:
    # Given Bob's export of his subtree
    out = tmp_path / "unions.xlsx"
    services.sheet_export(actor=world.bob, spec=get_spec("unions"), params=ExportParams(), path=out)
    # When he imports it again
    report = services.sheet_import_run(
        actor=world.bob, spec=get_spec("unions"), path=out, filename=out.name, root=world.township_a, write=True
    )
    # Then every row updates its union and nothing is created
    assert report.written, report.messages()
    assert (report.created, report.updated) == (0, 3)


def test_account_export_masks_phones_unless_allowed_and_asked(world: World, tmp_path: Path) -> None:
    # When the security administrator exports accounts, asking for unmasked data
    rows = export(world.sam, "accounts", tmp_path, unmasked=True)
    phones = [r[2] for r in rows[1:]]
    # Then phones stay masked: the role may not see them in full
    assert phones
    assert all(p == "138****5678" for p in phones)
    # And the operator (command line) gets them in full only when asked
    rows = export(None, "accounts", tmp_path, unmasked=True)
    assert {r[2] for r in rows[1:]} == {"13812345678"}
    rows = export(None, "accounts", tmp_path)
    assert {r[2] for r in rows[1:]} == {"138****5678"}
    with system_scope("test"):
        event = AuditEvent.objects.filter(action="export").latest("at")
    assert event.changes["masked"] is True


def test_export_needs_the_permission(world: World, tmp_path: Path) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        export(world.bob, "accounts", tmp_path)
