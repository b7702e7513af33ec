"""The filled form as files: an Excel workbook in the form's layout, and a machine-readable JSON file.

The workbook has the cover first, then one sheet per table: code, label ("其中：" before a part),
unit, value and where the value came from, typed values shaded, and the table's check state
under it ("逻辑正确", or each failing rule with its numbers). Text is written as text (a name
starting with "=" stays a name), numbers as numbers.

The JSON file carries the year and its period, the cover (901 the union's code), every value by
code (counts as integers, yuan as a decimal string to the fen: exact), which codes were typed in or
offered from last year, and the check state of every table. :func:`values_from_json` reads the values back.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gonghui.statistics import form
from gonghui.statistics.filled import FilledForm, Source
from gonghui.statistics.form import FIELDS, UNIT_LABELS, Value

FORMAT = "gonghui.statistics/1"
FORM_TITLE = "基层工会调查表"
SUMMARY_TITLE = "基层工会调查表汇总"
SHEET_NAME_CHARACTERS = 31
FORBIDDEN_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def filename(filled: FilledForm, extension: str) -> str:
    title = SUMMARY_TITLE if filled.summary else FORM_TITLE
    return f"{title}_{filled.union.name}_{filled.year}.{extension}"


def _sheet_name(number: int, title: Any) -> str:
    name = _("Table %(number)s %(title)s") % {"number": number, "title": title}
    return name.translate(FORBIDDEN_IN_SHEET_NAMES)[:SHEET_NAME_CHARACTERS]


def workbook(filled: FilledForm) -> bytes:
    """The form (or summary) as an .xlsx workbook in the form's layout."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
    cell = book.add_format({"border": 1})
    count = book.add_format({"border": 1, "num_format": "0"})
    money = book.add_format({"border": 1, "num_format": "0.00"})
    typed_count = book.add_format({"border": 1, "num_format": "0", "bg_color": "#FFF3CD"})
    typed_money = book.add_format({"border": 1, "num_format": "0.00", "bg_color": "#FFF3CD"})
    correct = book.add_format({"bold": True, "font_color": "#146C43"})
    failing = book.add_format({"bold": True, "font_color": "#B02A37", "text_wrap": True})

    heading = SUMMARY_TITLE if filled.summary else FORM_TITLE
    period = _("Statistics year %(year)s: %(start)s to %(end)s") % {
        "year": filled.year,
        "start": filled.period.start.isoformat(),
        "end": filled.period.end.isoformat(),
    }

    cover = book.add_worksheet(_("Cover")[:SHEET_NAME_CHARACTERS])
    cover.set_column(0, 0, 8)
    cover.set_column(1, 1, 30)
    cover.set_column(2, 2, 40)
    cover.write_string(0, 0, heading, title)
    cover.write_string(1, 0, period)
    row = 3
    for column, name in enumerate((_("Code"), _("Item"), _("Value"), _("Note"))):
        cover.write_string(row, column, name, header)
    for item in filled.cover:
        row += 1
        cover.write_string(row, 0, item.code, cell)
        cover.write_string(row, 1, str(item.label), cell)
        cover.write_string(row, 2, item.value, cell)
        note = item.text or (_("typed in") if item.typed else "")
        cover.write_string(row, 3, note, cell)
    if filled.summary:
        row += 2
        added = _("Unions added up: %(unions)s, of which submitted: %(submitted)s")
        cover.write_string(row, 0, added % {"unions": filled.unions, "submitted": filled.submitted})
    row += 2
    cover.write_string(row, 0, _("Logic check"), bold)
    states = [(_("Cover"), filled.cover_state)] + [
        (_sheet_name(table.table.number, table.table.title), table.state) for table in filled.tables
    ]
    for name, state in states:
        row += 1
        cover.write_string(row, 0, name)
        cover.write_string(row, 2, state.text, correct if state.correct else failing)

    for table in filled.tables:
        sheet = book.add_worksheet(_sheet_name(table.table.number, table.table.title))
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 2, 14)
        sheet.set_column(3, 3, 16)
        sheet.set_column(4, 4, 22)
        sheet.write_string(0, 0, f"{heading} · {_sheet_name(table.table.number, table.table.title)}", title)
        sheet.write_string(1, 0, f"{filled.union.name} · {period}")
        for column, name in enumerate((_("Code"), _("Item"), _("Unit"), _("Value"), _("Source"))):
            sheet.write_string(3, column, name, header)
        row = 3
        for entry in table.entries:
            row += 1
            field = entry.field
            label = str(field.label)
            if field.parent:
                label = _("of which: %(label)s") % {"label": label}
            sheet.write_string(row, 0, field.code, cell)
            sheet.write_string(row, 1, label, cell)
            sheet.write_string(row, 2, str(UNIT_LABELS[field.unit]), cell)
            if field.is_money:
                style = typed_money if entry.is_typed else money
            else:
                style = typed_count if entry.is_typed else count
            if entry.source == Source.EMPTY:
                sheet.write_blank(row, 3, None, style)
            else:
                sheet.write_number(row, 3, float(entry.number), style)
            sheet.write_string(row, 4, str(entry.source_label), cell)
        row += 2
        sheet.write_string(row, 0, _("Logic check"), bold)
        if table.state.correct:
            sheet.write_string(row, 1, table.state.text, correct)
        for failure in table.state.failures:
            sheet.write_string(row, 1, str(failure), failing)
            row += 1
    book.close()
    return buffer.getvalue()


def _json_value(field: form.Field, value: Value) -> int | str:
    return f"{Decimal(value):.2f}" if field.is_money else int(value)


def document(filled: FilledForm) -> dict[str, Any]:
    """The form (or summary) as a JSON-ready dictionary."""
    entries = filled.entries
    result: dict[str, Any] = {
        "format": FORMAT,
        "form": SUMMARY_TITLE if filled.summary else FORM_TITLE,
        "summary": filled.summary,
        "year": filled.year,
        "period": {"start": filled.period.start.isoformat(), "end": filled.period.end.isoformat()},
        "code": filled.code,
        "cover": {entry.code: entry.value for entry in filled.cover},
        "state": str(filled.state) if not filled.summary else "",
        "values": {code: _json_value(entry.field, entry.number) for code, entry in entries.items()},
        "typed": sorted(code for code, entry in entries.items() if entry.is_typed),
        "from_last_year": sorted(code for code, entry in entries.items() if entry.source == Source.LAST_YEAR),
        "empty": sorted(code for code, entry in entries.items() if entry.source == Source.EMPTY),
        "checks": {
            f"{state.table:02d}": [str(failure) for failure in state.failures]
            for state in [filled.cover_state, *(table.state for table in filled.tables)]
        },
        "logic_correct": filled.passes,
    }
    if filled.summary:
        result["unions"] = filled.unions
        result["submitted"] = filled.submitted
    return result


def json_bytes(filled: FilledForm) -> bytes:
    return json.dumps(document(filled), ensure_ascii=False, indent=2).encode()


def values_from_json(data: dict[str, Any] | str | bytes) -> dict[str, Value]:
    """The values of a JSON file written by :func:`json_bytes`, as the form keeps them (unknown codes left out)."""
    parsed = json.loads(data) if isinstance(data, (str, bytes)) else data
    values: dict[str, Value] = {}
    for code, value in parsed.get("values", {}).items():
        field = FIELDS.get(code)
        if field is not None:
            values[code] = Decimal(str(value)).quantize(Decimal("0.01")) if field.is_money else int(value)
    return values
