"""Opening an uploaded spreadsheet: choosing the sheet, finding the header row, streaming rows.

Workbooks (.xlsx, .xls) are read with python-calamine, a large .xlsx with the streaming reader
(stream.py: calamine would hold the whole sheet in memory), CSV files with the csv module after
detecting the encoding (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030, which is
what Chinese Excel writes) and the delimiter. Rows are yielded one at a time; nothing here
builds a list of all rows.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path, PurePath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import limits
from .cells import normalise_header
from .refusals import (
    RefusedFile,
    encrypted_message,
    macros_message,
    unreadable_encoding_message,
    unreadable_file,
)
from .safety import check_file

# The header is looked for in this many rows at the top of a sheet (titles, notes, blank rows).
HEADER_SCAN_ROWS = 30


@dataclass
class Notice:
    """A finding about the file or a column (not a single cell); ``message`` is translated."""

    code: str
    message: str
    column: str | None = None


@dataclass
class Sheet:
    """The sheet chosen for import, with its header; ``rows()`` streams the data rows."""

    name: str
    headers: list[str]
    header_row: int
    notices: list[Notice]
    estimated_rows: int | None = None
    # 0-based index of the sheet column that the first value of every row belongs to.
    first_column: int = 0
    _source: Callable[[], Iterator[list[Any]]] = field(default=lambda: iter(()), repr=False, compare=False)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, raw values) for every non-blank row below the header.

        Every row has at least ``len(headers)`` values (short CSV lines are padded with "").
        """
        maximum = limits.max_rows()
        width = len(self.headers)
        count = 0
        for index, values in enumerate(self._source(), start=1):
            if index <= self.header_row or _is_blank(values):
                continue
            count += 1
            if count > maximum:
                raise _too_many_rows(maximum)
            if len(values) < width:
                values = [*values, *([""] * (width - len(values)))]
            yield index, values

    def column_letter(self, index: int) -> str:
        """The Excel column letter of ``headers[index]`` (and of the values at that index)."""
        return column_letter(self.first_column + index)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _is_blank(values: Iterable[Any]) -> bool:
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, str) and not value.strip():
            continue
        return False
    return True


def _too_many_rows(maximum: int) -> RefusedFile:
    return RefusedFile(
        "too_many_rows",
        _("The file has more than %(limit)s data rows, the most one import may hold. Split it into several files.")
        % {"limit": f"{maximum:,}"},
    )


@dataclass
class _Candidate:
    name: str
    visible: bool
    has_data: bool
    header_index: int | None = None  # 0-based row index of the header
    headers: list[str] = field(default_factory=list)
    score: int = 0
    sheet: Any = None


def _find_header(rows: Iterable[list[Any]], hints: set[str]) -> tuple[int | None, list[str], int]:
    """The header row among the first rows: the one naming most hinted headers (or, without hints,
    the first row with two or more text cells). Returns (0-based index or None, headers, score)."""
    best: tuple[int | None, list[str], int] = (None, [], 0)
    for index, values in enumerate(islice(rows, HEADER_SCAN_ROWS)):
        headers = [normalise_header(v) for v in values]
        while headers and not headers[-1]:
            headers.pop()
        if hints:
            score = len({h for h in headers if h in hints})
            if score > best[2]:
                best = (index, headers, score)
        else:
            texts = [v for v in values if isinstance(v, str) and v.strip()]
            others = [v for v in values if not (v is None or (isinstance(v, str) and not v.strip()))]
            if len(texts) >= 2 and len(texts) == len(others):
                return index, headers, len(texts)
    return best


def open_sheet(path: Path, filename: str, *, header_hint: Collection[str] = ()) -> Sheet:
    """Check the file (see ``check_file``), then open the sheet to import and find its header.

    ``header_hint`` holds the known header names and their synonyms; the header row is the
    row naming most of them in the first 30 rows, and the sheet is the first visible one that
    has such a row. Raises :class:`RefusedFile`.
    """
    check_file(path, filename)
    hints = {normalise_header(h) for h in header_hint} - {""}
    if PurePath(filename).suffix.lower() == ".csv":
        return _open_csv(path, filename, hints)
    return _open_workbook(path, hints)


# --- Workbooks ------------------------------------------------------------------------------


def _open_workbook(path: Path, hints: set[str]) -> Sheet:
    if _xlsx_content_bytes(path) > limits.stream_above_bytes():
        return _open_streamed_workbook(path, hints)
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        metadata = workbook.sheets_metadata
    except PasswordError as error:
        raise RefusedFile("encrypted", encrypted_message()) from error
    except (CalamineError, OSError, ValueError) as error:
        raise unreadable_file() from error
    if any(m.typ == SheetTypeEnum.MacroSheet for m in metadata):
        raise RefusedFile("macros", macros_message())
    candidates: list[_Candidate] = []
    for index, meta in enumerate(metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = workbook.get_sheet_by_index(index)
            has_data = sheet.height > 0 and sheet.start is not None
            candidate = _Candidate(meta.name, meta.visible == SheetVisibleEnum.Visible, has_data, sheet=sheet)
            if has_data:
                candidate.header_index, candidate.headers, candidate.score = _find_header(sheet.iter_rows(), hints)
        except PasswordError as error:
            raise RefusedFile("encrypted", encrypted_message()) from error
        except (CalamineError, ValueError) as error:
            raise unreadable_file() from error
        # Keep in memory only the sheets that may be chosen: the first visible one with the
        # header, and the first with the header at all (a hidden one, if no visible sheet has it).
        keep = candidate.header_index is not None and not any(
            c.sheet is not None and (c.visible or not candidate.visible) for c in candidates
        )
        if not keep:
            candidate.sheet = None
        candidates.append(candidate)
    chosen, notices = _choose_sheet(candidates)
    sheet = chosen.sheet
    assert chosen.header_index is not None
    first_column = sheet.start[1]
    end_row = sheet.end[0]
    last_header, headers, merged_notices = _merged_header(sheet, chosen.header_index, first_column, chosen.headers)
    header_row = last_header + 1
    estimated = max(end_row + 1 - header_row, 0)
    if estimated > limits.max_rows():
        raise _too_many_rows(limits.max_rows())
    if estimated == 0:
        raise _empty_below_header(chosen.name)
    notices.extend(merged_notices)
    notices.extend(_header_notices(headers, first_column))
    return Sheet(
        name=chosen.name,
        headers=headers,
        header_row=header_row,
        notices=notices,
        estimated_rows=estimated,
        first_column=first_column,
        _source=sheet.iter_rows,
    )


def _empty_below_header(sheet: str) -> RefusedFile:
    return RefusedFile(
        "empty",
        _("Sheet “%(sheet)s” has a header but no rows below it: fill in the rows and upload again.") % {"sheet": sheet},
    )


def _has_rows_below(rows: Iterator[list[Any]], header_row: int) -> bool:
    try:
        return any(not _is_blank(values) for values in islice(rows, header_row, None))
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()


def _xlsx_content_bytes(path: Path) -> int:
    """Unpacked bytes of an .xlsx's sheets and shared strings (0 for anything else, e.g. an .xls).

    calamine holds a whole sheet in memory (about 1.6 GB for 1,000,000 rows × 20 columns);
    above ``limits.stream_above_bytes()`` the sheet is streamed instead. ``check_file`` has
    already checked the sizes the zip directory declares against the bytes it really holds.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(
                info.file_size
                for info in archive.infolist()
                if info.filename.startswith("xl/worksheets/") or info.filename.endswith("sharedStrings.xml")
            )
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0


class _StreamedSheet:
    """What ``_merged_header`` reads of a sheet, for a streamed one: its merged cells and its rows."""

    def __init__(self, workbook: Any, name: str, first_column: int) -> None:
        self.merged_cell_ranges = workbook.merged_cell_ranges(name)
        self._workbook, self._name, self._first_column = workbook, name, first_column

    def iter_rows(self) -> Iterator[list[Any]]:
        first = self._first_column
        rows = self._workbook.iter_rows(self._name)
        try:
            for values in rows:
                yield values[first:] if first else values
        finally:
            rows.close()


def _open_streamed_workbook(path: Path, hints: set[str]) -> Sheet:
    """The same as ``_open_workbook`` for a large .xlsx, reading its rows as they stream from the file.

    Rows come from column A (calamine starts them at the sheet's first used column): the
    sheet's ``<dimension>`` gives that column when the file states it.
    """
    from .stream import StreamedWorkbook

    workbook = StreamedWorkbook(path)
    candidates: list[_Candidate] = []
    for info in workbook.sheets:
        if info.kind == "macrosheet":
            raise RefusedFile("macros", macros_message())
        if info.kind != "worksheet":
            continue
        dimension = workbook.dimension(info.name)
        first_column = dimension[0][1] if dimension else 0
        top = [values[first_column:] for values in _limited(workbook.iter_rows(info.name))]
        has_data = any(not _is_blank(values) for values in top) or bool(
            dimension and dimension[1][0] >= HEADER_SCAN_ROWS
        )
        candidate = _Candidate(info.name, info.visible, has_data, sheet=(dimension, first_column))
        if has_data:
            candidate.header_index, candidate.headers, candidate.score = _find_header(top, hints)
        candidates.append(candidate)
    chosen, notices = _choose_sheet(candidates)
    assert chosen.header_index is not None
    dimension, first_column = chosen.sheet
    sheet = _StreamedSheet(workbook, chosen.name, first_column)
    last_header, headers, merged_notices = _merged_header(sheet, chosen.header_index, first_column, chosen.headers)
    header_row = last_header + 1
    # The <dimension> element is the writer's claim; rows beyond the limit are refused while streaming.
    estimated = max(dimension[1][0] + 1 - header_row, 0) if dimension else None
    if estimated is not None and estimated > limits.max_rows():
        raise _too_many_rows(limits.max_rows())
    if not estimated and not _has_rows_below(sheet.iter_rows(), header_row):
        raise _empty_below_header(chosen.name)
    notices.extend(merged_notices)
    notices.extend(_header_notices(headers, first_column))
    return Sheet(
        name=chosen.name,
        headers=headers,
        header_row=header_row,
        notices=notices,
        estimated_rows=estimated,
        first_column=first_column,
        _source=sheet.iter_rows,
    )


def _choose_sheet(candidates: list[_Candidate]) -> tuple[_Candidate, list[Notice]]:
    with_header = [c for c in candidates if c.header_index is not None]
    visible_with_header = [c for c in with_header if c.visible]
    hidden_with_data = [c for c in candidates if not c.visible and c.has_data]
    notices: list[Notice] = []
    if not any(c.has_data for c in candidates):
        raise RefusedFile("empty", _("The workbook has no data: every sheet is empty."))
    if not with_header:
        raise RefusedFile(
            "no_header",
            _(
                "No header row was found: none of the first %(rows)d rows of any sheet names the expected "
                "columns. Download the template and copy your rows into it, keeping its header row."
            )
            % {"rows": HEADER_SCAN_ROWS},
        )
    if visible_with_header:
        chosen = visible_with_header[0]
        first_visible = next((c for c in candidates if c.visible), None)
        if first_visible is not None and first_visible is not chosen:
            notices.append(
                Notice(
                    "data_on_other_sheet",
                    _(
                        "The first sheet “%(first)s” has no header row with the expected columns; the rows were "
                        "read from sheet “%(used)s”."
                    )
                    % {"first": first_visible.name, "used": chosen.name},
                )
            )
        others = [c.name for c in visible_with_header[1:]]
        if others:
            notices.append(
                Notice(
                    "several_sheets",
                    ngettext(
                        "Sheet %(others)s also has rows under the same header; only sheet “%(used)s” was read. "
                        "Put all rows on one sheet, or import the other sheet as a separate file.",
                        "Sheets %(others)s also have rows under the same header; only sheet “%(used)s” was read. "
                        "Put all rows on one sheet, or import the other sheets as separate files.",
                        len(others),
                    )
                    % {"others": _quoted(others), "used": chosen.name},
                )
            )
    else:
        chosen = with_header[0]
        notices.append(
            Notice(
                "hidden_sheet_used",
                _(
                    "The visible sheets hold no rows with the expected header; the rows were read from the hidden "
                    "sheet “%(used)s”. Check in the preview that these are the rows you meant to import."
                )
                % {"used": chosen.name},
            )
        )
    hidden_others = [c.name for c in hidden_with_data if c is not chosen]
    if hidden_others:
        notices.append(
            Notice(
                "hidden_sheet_data",
                ngettext(
                    "The hidden sheet %(others)s also holds data, which was not read. Unhide it in Excel to check it.",
                    "The hidden sheets %(others)s also hold data, which was not read. Unhide them in Excel to check "
                    "them.",
                    len(hidden_others),
                )
                % {"others": _quoted(hidden_others)},
            )
        )
    return chosen, notices


def _quoted(names: list[str]) -> str:
    return "、".join(f"“{n}”" for n in names)


def _ranges_text(ranges: list[tuple[tuple[int, int], tuple[int, int]]], limit: int = 5) -> str:
    texts = [
        f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}" for (top, left), (bottom, right) in ranges
    ]
    return "、".join(texts[:limit]) + ("…" if len(texts) > limit else "")


def _merged_header(
    sheet: Any, header_index: int, first_column: int, headers: list[str]
) -> tuple[int, list[str], list[Notice]]:
    """Read a header that merged cells spread over several rows (联系方式 over 移动电话 | 固定电话).

    Every cell of a merged area takes the area's text; each column's header is the lowest text
    in the band of rows the merged areas cover. Returns the last header row (0-based), the
    headers, and notices about merged cells in the header and in the data.
    """
    ranges = [r for r in (sheet.merged_cell_ranges or []) if r[0] != r[1]]
    touching = [r for r in ranges if r[0][0] <= header_index <= r[1][0]]
    notices: list[Notice] = []
    last = header_index
    if touching:
        top = max(min(r[0][0] for r in touching), header_index - 2)
        bottom = min(max(r[1][0] for r in touching), header_index + 2)
        band = [list(row) for row in islice(sheet.iter_rows(), top, bottom + 1)]
        for (r0, c0), (r1, c1) in ranges:
            value = band[r0 - top][c0 - first_column] if top <= r0 <= bottom and c0 >= first_column else None
            if value in (None, ""):
                continue
            for r in range(max(r0, top), min(r1, bottom) + 1):
                for c in range(max(c0, first_column), c1 + 1):
                    if c - first_column < len(band[r - top]):
                        band[r - top][c - first_column] = value
        width = max(len(row) for row in band)
        merged_headers = []
        for c in range(width):
            texts = [normalise_header(row[c]) for row in band if c < len(row)]
            merged_headers.append(next((t for t in reversed(texts) if t), ""))
        while merged_headers and not merged_headers[-1]:
            merged_headers.pop()
        headers, last = merged_headers, bottom
        notices.append(
            Notice(
                "merged_header",
                _(
                    "The header has merged cells (%(cells)s) and was read over rows %(first)d–%(last)d. Check in "
                    "the preview that every column was recognised; the template's header is a single row without "
                    "merged cells."
                )
                # Merges across columns matter most (they hide headers): name them first.
                % {
                    "cells": _ranges_text(sorted(touching, key=lambda r: (r[0][1] == r[1][1], r[0][1]))),
                    "first": top + 1,
                    "last": bottom + 1,
                },
            )
        )
    in_data = [r for r in ranges if r[0][0] > last and r[1][0] > r[0][0]]
    if in_data:
        notices.append(
            Notice(
                "merged_data_cells",
                _(
                    "Cells %(cells)s are merged across rows: only the first row of a merged area holds the value, "
                    "the other rows are read as blank. Unmerge them and fill the value into every row."
                )
                % {"cells": _ranges_text(in_data)},
            )
        )
    return last, headers, notices


def _header_notices(headers: list[str], first_column: int) -> list[Notice]:
    notices = []
    seen: dict[str, int] = {}
    for position, header in enumerate(headers):
        letter = column_letter(first_column + position)
        if not header:
            notices.append(
                Notice(
                    "blank_header",
                    _("Column %(letter)s has no header; its values are ignored.") % {"letter": letter},
                    column=letter,
                )
            )
        elif header in seen:
            notices.append(
                Notice(
                    "duplicate_header",
                    _(
                        "The header “%(header)s” appears twice (columns %(first)s and %(second)s); only the first is "
                        "read. Delete or rename the other column."
                    )
                    % {"header": header, "first": column_letter(first_column + seen[header]), "second": letter},
                    column=header,
                )
            )
        else:
            seen[header] = position
    return notices


# --- CSV ------------------------------------------------------------------------------------


def _detect_encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
        for candidate in dict.fromkeys([encoding, "gb18030"]):
            f.seek(0)
            decoder = codecs.getincrementaldecoder(candidate)()
            try:
                while chunk := f.read(1024 * 1024):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return candidate
    raise RefusedFile("unreadable", unreadable_encoding_message())


def _detect_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        lines = sample.splitlines()[:10] or [""]
        return max(",\t;", key=lambda d: sum(line.count(d) for line in lines))


def _open_csv(path: Path, filename: str, hints: set[str]) -> Sheet:
    encoding = _detect_encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        sample = f.read(64 * 1024)
    if not sample.strip():
        raise RefusedFile("empty", _("The file has no data: it holds only blank lines."))
    delimiter = _detect_delimiter(sample)

    def source() -> Iterator[list[Any]]:
        with path.open(encoding=encoding, newline="") as f:
            try:
                yield from csv.reader(_bounded_lines(f), delimiter=delimiter)
            except csv.Error as error:
                raise RefusedFile(
                    "unreadable",
                    _("The CSV file is damaged (%(error)s). Save it again from Excel as CSV.") % {"error": error},
                ) from error

    header_index, headers, _score = _find_header(_limited(source()), hints)
    if header_index is None:
        raise RefusedFile(
            "no_header",
            _(
                "No header row was found: none of the first %(rows)d rows names the expected columns. Download "
                "the template and copy your rows into it, keeping its header row."
            )
            % {"rows": HEADER_SCAN_ROWS},
        )
    notices = _header_notices(headers, 0)
    if encoding == "gb18030":
        notices.insert(
            0,
            Notice(
                "encoding_gbk",
                _(
                    "The CSV file was read as GBK (Chinese Windows) text. "
                    "Check in the preview that names read correctly."
                ),
            ),
        )
    return Sheet(
        name=PurePath(filename).stem,
        headers=headers,
        header_row=header_index + 1,
        notices=notices,
        estimated_rows=None,
        first_column=0,
        _source=source,
    )


# No line of a member list comes near this; a longer one (millions of delimiters) would make
# the csv module build a row of millions of values.
MAX_CSV_LINE = 1024 * 1024


def _bounded_lines(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if len(line) > MAX_CSV_LINE:
            raise RefusedFile(
                "unreadable",
                _(
                    "A line of the CSV file is longer than 1 MB, which no table of rows needs. "
                    "Save it again from Excel."
                ),
            )
        yield line


def _limited(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    try:
        yield from islice(rows, HEADER_SCAN_ROWS)
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()


__all__ = ["Notice", "Sheet", "column_letter", "open_sheet"]
