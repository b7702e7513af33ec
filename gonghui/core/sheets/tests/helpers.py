"""Making union sheets for the pipeline's tests, and reading templates back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from gonghui.core.identifiers import CREDIT_CODE_ALPHABET, credit_code_check_char

HEADERS = ["工会名称", "工会统一社会信用代码", "上级工会名称", "建会日期", "基层工会类型"]


def credit_code(serial: int) -> str:
    """A valid GB 32100 union code (authority 8, kind 1) for ``serial``."""
    first17 = f"81339901{serial:09d}"
    assert all(c in CREDIT_CODE_ALPHABET for c in first17)
    return first17 + credit_code_check_char(first17)


def write_xlsx(path: Path, rows: Iterable[Sequence[Any]], headers: Sequence[str] = HEADERS) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Sheet1")
    text = book.add_format({"num_format": "@"})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, col, value, text)
            else:
                sheet.write(r, col, value)
    book.close()
    return path


def union_rows(parent: str, count: int, *, start: int = 0, prefix: str = "测试导入") -> list[list[Any]]:
    return [
        [f"{prefix}第{i}号公司工会委员会", credit_code(900_000 + i), parent, "2015-06-01", "独立基层工会"]
        for i in range(start, start + count)
    ]


def dropdown(book: Any, header: str) -> Any:
    """The data validation on the template column headed ``header``."""
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index(header) + 1
    (found,) = [v for v in sheet.data_validations.dataValidation if any(r.min_col == column for r in v.sqref.ranges)]
    return found


def dropdown_values(book: Any, validation: Any) -> list[str]:
    """The values a list validation offers, read from the hidden sheet it points at."""
    sheet_name, cells = validation.formula1.lstrip("=").split("!")
    listed = book[sheet_name.strip("'")]
    assert listed.sheet_state == "hidden"
    return [row[0].value for row in listed[cells.replace("$", "")]]
