"""Workbooks the pipeline writes: the import template, the error workbook, and exports.

All are written with xlsxwriter in ``constant_memory`` mode (rows go to disk as they are
written), so memory stays flat however many rows there are. Code columns (ID numbers,
phones, credit codes) are formatted as text (``@``) and written as strings, so Excel cannot
turn them into numbers and lose digits when the user types or pastes into them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from gonghui.core.sheets import reading
from gonghui.core.sheets.engine import ERROR_COLUMN, ImportReport, header_hint, map_headers
from gonghui.core.sheets.specs import SheetSpec

DATA_SHEET = "数据"
LISTS_SHEET = "下拉选项"  # the template's hidden sheet of dropdown values
TEMPLATE_ROWS = 100_000  # rows of the template that carry the dropdowns
MAX_COMMENTS = 2000  # Excel slows to a crawl with many more notes
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def escape_formula(text: str) -> str:
    """Prefix ``'`` to text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Formats:
    def __init__(self, book: Any) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
        self.text = book.add_format({"num_format": "@"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.bad_text = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": "@"})
        self.error = book.add_format({"font_color": "#9C0006", "text_wrap": False})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})


def _open_book(path: Path | str) -> tuple[Any, _Formats]:
    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    return book, _Formats(book)


def _write_value(sheet: Any, row: int, col: int, value: Any, fmt: Any, *, text: bool = False) -> None:
    """Write one cell; strings never become formulas (and are escaped besides)."""
    if value is None or value == "":
        if fmt is not None:
            sheet.write_blank(row, col, None, fmt)
        return
    if text or isinstance(value, str):
        if not isinstance(value, str):
            value = reading.clean_text(value).value if isinstance(value, float) else str(value)
        sheet.write_string(row, col, escape_formula(str(value)), fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value), fmt)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, timezone.make_naive(value) if timezone.is_aware(value) else value, fmt)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    else:
        sheet.write_string(row, col, escape_formula(str(value)), fmt)


# --- the template ------------------------------------------------------------------------------


def write_template(spec: SheetSpec, path: Path | str) -> None:
    """An empty import template: the headers, dropdowns on listed columns, text format on codes.

    Dropdown values live on a hidden sheet (a list typed into the validation itself may not
    exceed 255 characters; the 56 ethnic groups do). A column with ``choices`` refuses other
    values in Excel; one with ``suggestions`` only warns, since the reader also understands
    codes and short forms.
    """
    book, fmt = _open_book(path)
    sheet = book.add_worksheet(DATA_SHEET)
    lists = [(index, column, column.dropdown()) for index, column in enumerate(spec.columns)]
    lists = [entry for entry in lists if entry[2]]
    for index, column in enumerate(spec.columns):
        cell_format = fmt.text if column.is_code else fmt.date if column.type == "date" else None
        sheet.set_column(index, index, column.width, cell_format)
        sheet.write_string(0, index, column.header, fmt.required if column.required else fmt.header)
        if column.help:
            sheet.write_comment(0, index, str(column.help))
    for list_col, (index, column, values) in enumerate(lists):
        letter = xl_col_to_name(list_col)
        sheet.data_validation(
            1,
            index,
            TEMPLATE_ROWS,
            index,
            {
                "validate": "list",
                "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
                "error_type": "stop" if column.choices else "warning",
                "error_title": str(_("Not in the list")),
                "error_message": str(
                    _("Pick a value from the list.")
                    if column.choices
                    else _("This value is not in the list; it is accepted if it is a code or a known short form.")
                ),
            },
        )
    sheet.freeze_panes(1, 0)
    guide = book.add_worksheet("填写说明")
    guide.set_column(0, 0, 24)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 60)
    guide.set_column(3, 3, 50)
    guide.write_string(0, 0, str(_("%(title)s: how to fill in") % {"title": spec.title}), fmt.title)
    row = 2
    for line in spec.instructions:
        guide.write_string(row, 0, str(line))
        row += 1
    row += 1
    for col, text in enumerate((_("Column"), _("Required"), _("What to enter"), _("Allowed values"))):
        guide.write_string(row, col, str(text), fmt.header)
    for column in spec.columns:
        row += 1
        guide.write_string(row, 0, column.header)
        guide.write_string(row, 1, str(_("yes") if column.required else _("no")))
        guide.write_string(row, 2, str(column.help), fmt.wrap)
        guide.write_string(row, 3, "、".join(column.dropdown()), fmt.wrap)
    if lists:
        # Written row by row: the book is in constant-memory mode.
        hidden = book.add_worksheet(LISTS_SHEET)
        for list_col, (_index, column, _values) in enumerate(lists):
            hidden.write_string(0, list_col, column.header, fmt.header)
        for row in range(max(len(values) for _i, _c, values in lists)):
            for list_col, (_index, _column, values) in enumerate(lists):
                if row < len(values):
                    hidden.write_string(row + 1, list_col, escape_formula(values[row]))
        hidden.hide()
    book.set_properties({"title": str(spec.title), "comments": str(_("Import template"))})
    book.close()


# --- the error workbook --------------------------------------------------------------------------


def write_error_workbook(spec: SheetSpec, report: ImportReport, source: Path | str, path: Path | str) -> None:
    """The user's rows as they gave them, bad cells highlighted and noted, and a column 错误说明.

    The file is read again (rows are never kept in memory); every row is written, good and bad,
    so that the corrected workbook can be imported whole. The workbook's first sheet holds the
    data (so it reads back like the template); the second, 说明, summarises.
    """
    by_row: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for error in report.errors:
        by_row[error["row"]].append((error["column"], error["message"]))
    book, fmt = _open_book(path)
    data = book.add_worksheet(DATA_SHEET)
    sheet_in = reading.open_sheet(Path(source), report.filename, header_hint=header_hint(spec))
    headers = [str(h or "") for h in sheet_in.headers]
    header_map = map_headers(spec, headers)
    error_index = reading.normalise_header(ERROR_COLUMN)
    keep = [i for i, h in enumerate(headers) if reading.normalise_header(h) != error_index]
    index_of_header: dict[str, int] = {}
    code_out: set[int] = set()
    for out, i in enumerate(keep):
        column = header_map.columns[i]
        if column is not None:
            index_of_header[column.header] = out
            if column.is_code:
                code_out.add(out)
        data.set_column(out, out, column.width if column else 16, fmt.text if out in code_out else None)
        data.write_string(0, out, headers[i], fmt.header)
    error_col = len(keep)
    data.set_column(error_col, error_col, 60)
    data.write_string(0, error_col, ERROR_COLUMN, fmt.required)
    data.freeze_panes(1, 0)
    comments = 0
    out_row = 0
    for number, raw in sheet_in.rows():
        raw = list(raw)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        out_row += 1
        errors = by_row.get(number, [])
        bad = {index_of_header[c]: m for c, m in errors if c in index_of_header}
        for out, i in enumerate(keep):
            value = raw[i] if i < len(raw) else None
            is_code = out in code_out
            if out in bad:
                cell_format = fmt.bad_text if is_code else fmt.bad
            else:
                cell_format = fmt.text if is_code else (fmt.date if isinstance(value, date) else None)
            _write_value(data, out_row, out, value, cell_format, text=is_code)
            if out in bad and comments < MAX_COMMENTS:
                data.write_comment(out_row, out, bad[out])
                comments += 1
        if errors:
            text = "；".join(f"{c}：{m}" if c else m for c, m in errors)
            data.write_string(out_row, error_col, text, fmt.error)
    about = book.add_worksheet("说明")
    about.set_column(0, 0, 100)
    lines = [
        _("Errors in %(file)s") % {"file": report.filename},
        _("Rows: %(total)d; with errors: %(invalid)d; errors: %(errors)d.")
        % {"total": report.total, "invalid": report.invalid, "errors": report.error_count},
        _("Cells with errors are highlighted and carry a note; the column 错误说明 lists each row's errors."),
        _(
            "Correct the highlighted cells on the sheet 数据 and import this workbook again; "
            "the column 错误说明 is ignored. Nothing was written, so import every row again."
        ),
        _("ID numbers, phone numbers and credit codes are formatted as text: type them as they are."),
        *report.file_errors,
        *report.notices,
    ]
    about.write_string(0, 0, str(lines[0]), fmt.title)
    for i, line in enumerate(lines[1:], start=2):
        about.write_string(i, 0, str(line), fmt.wrap)
    book.close()


# --- exports -------------------------------------------------------------------------------------


def write_export(
    spec: SheetSpec,
    rows: Iterable[Iterable[Any]],
    path: Path | str,
    *,
    exported_by: str,
    exported_at: datetime,
    masked: bool,
    filters: dict[str, str],
    progress: Any = None,
) -> int:
    """Write an export: the data sheet first (the template's columns, so it imports back), then 导出信息.

    The headers and the sheets' names are in the active language (the exporting user's): the
    reader finds the data by its headers and knows them in every language, so an export made in
    English imports back.
    """
    book, fmt = _open_book(path)
    data = book.add_worksheet(str(_("Data")))  # 数据, as the template's sheet in Chinese
    for index, column in enumerate(spec.columns):
        data.set_column(index, index, column.width, fmt.text if column.is_code else None)
        data.write_string(0, index, column.title(), fmt.header)
    data.freeze_panes(1, 0)
    when = timezone.localtime(exported_at).strftime("%Y-%m-%d %H:%M")
    stamp = _("Exported by %(user)s at %(time)s") % {"user": exported_by, "time": when}
    # "&" starts a code in Excel headers and footers: a literal one is written "&&".
    data.set_footer(f"&L{stamp.replace('&', '&&')}&R&P / &N")
    count = 0
    for values in rows:
        count += 1
        for index, (column, value) in enumerate(zip(spec.columns, values, strict=True)):
            if column.is_code:
                cell_format = fmt.text
            elif isinstance(value, date):
                cell_format = fmt.date
            else:
                cell_format = None
            _write_value(data, count, index, value, cell_format, text=column.is_code)
        if progress is not None and count % 1000 == 0:
            progress(count)
    info = book.add_worksheet(str(_("Export information")))  # 导出信息
    info.set_column(0, 0, 16)
    info.set_column(1, 1, 60)
    facts = [
        (_("Exported by"), exported_by),
        (_("Export time"), when),
        (_("Kind"), str(spec.title)),
        (_("Rows"), str(count)),
        (_("Personal data"), str(_("masked") if masked else _("shown in full"))),
        (_("Filters"), "; ".join(f"{k}={v}" for k, v in filters.items() if v) or str(_("none"))),
    ]
    for i, (label, value) in enumerate(facts):
        info.write_string(i, 0, str(label), fmt.header)
        info.write_string(i, 1, escape_formula(str(value)))
    book.set_properties({"title": str(spec.title), "author": exported_by, "comments": stamp})
    book.close()
    return count
