"""The error workbook: the user's rows, an error column, highlighted bad cells, codes as text; fix and re-import."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gonghui.core.sheets import services, workbooks
from gonghui.core.sheets.engine import ERROR_COLUMN
from gonghui.core.sheets.specs import get_spec
from gonghui.core.sheets.tests.helpers import dropdown, dropdown_values, union_rows, write_xlsx
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db


def run(user, path: Path, *, write: bool):
    return services.sheet_import_run(
        actor=user, spec=get_spec("unions"), path=path, filename=path.name, root=user.union, write=write
    )


def test_error_workbook_highlights_bad_cells_and_imports_back_once_fixed(world: World, tmp_path: Path) -> None:
    # Given a file whose third row has a bad kind and whose fourth has a broken credit code
    rows = union_rows(world.township_a.name, 4)
    rows[2][4] = "个体工会"
    rows[3][1] = rows[3][1][:-1] + ("0" if rows[3][1][-1] != "0" else "1")
    source = write_xlsx(tmp_path / "unions.xlsx", rows)
    report = run(world.bob, source, write=False)
    assert report.invalid == 2
    # When the error workbook is written
    out = tmp_path / "errors.xlsx"
    workbooks.write_error_workbook(get_spec("unions"), report, source, out)
    # Then its first sheet holds every row as given, an error column, and the bad cells highlighted
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["工会名称", "工会统一社会信用代码", "上级工会名称", "建会日期", "基层工会类型"]
    assert header[5] == ERROR_COLUMN
    assert sheet.max_row == 5
    kind_cell, code_cell = sheet.cell(row=4, column=5), sheet.cell(row=5, column=2)
    assert kind_cell.value == "个体工会"
    assert kind_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert kind_cell.comment is not None
    assert code_cell.comment is not None
    assert code_cell.fill.fgColor.rgb.endswith("FFC7CE")
    # codes stay text: formatted "@" and stored as strings
    assert code_cell.number_format == "@"
    assert isinstance(code_cell.value, str)
    assert sheet.cell(row=2, column=2).number_format == "@"
    assert sheet.cell(row=2, column=6).value is None
    assert sheet.cell(row=4, column=6).value
    assert "说明" in book.sheetnames
    book.close()

    # When the user fixes the cells in the error workbook and imports it again
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    sheet.cell(row=4, column=5).value = "独立基层工会"
    sheet.cell(row=5, column=2).value = union_rows(world.township_a.name, 1, start=3)[0][1]
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    report = run(world.bob, fixed, write=True)
    # Then the 错误说明 column is ignored and every row is written
    assert report.written, report.messages()
    assert report.created == 4
    assert not report.notices or all(ERROR_COLUMN not in n for n in report.notices)
    with system_scope("test"):
        assert Union.unscoped.filter(name__startswith="测试导入第").count() == 4


def test_template_has_headers_dropdowns_and_text_codes(tmp_path: Path) -> None:
    # When the template is written
    out = tmp_path / "template.xlsx"
    workbooks.write_template(get_spec("unions"), out)
    # Then it has the headers, a dropdown on the kind column, text format on code columns, and a guide
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["工会名称", "工会统一社会信用代码"]
    kind = dropdown(book, "基层工会类型")
    assert kind.errorStyle in (None, "stop")  # a value outside the list is refused in Excel
    assert "独立基层工会" in dropdown_values(book, kind)
    assert sheet.column_dimensions["B"].number_format == "@" or sheet.cell(row=2, column=2).number_format == "@"
    assert book.sheetnames[:2] == ["数据", "填写说明"]
