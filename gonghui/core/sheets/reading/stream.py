"""Streaming the rows of an .xlsx sheet in flat memory, for sheets too large for calamine.

python-calamine loads a sheet's whole range before it yields the first row (for 1,000,000
rows × 20 columns, gigabytes of resident memory; see bench/README.md, ``read_large``).
This reader inflates the sheet's XML a chunk at a time and yields each row as soon as the
chunk holding it is read; what it keeps is the shared strings table (packed: ``StringTable``),
the styles' date formats and one chunk's rows.

Two paths read the same rows. Rows as Excel, WPS, xlsxwriter and openpyxl write them
(``<c r="B7" s="1" t="s"><v>12</v></c>``, inline strings, empty cells) are matched by one
regular expression per row, which is about four times faster than expat; a row holding
anything else (formulas, rich text, entities, indentation, prefixed names, cells without a
reference) goes through expat (xml.parsers.expat, standard library) with handlers that
read every cell the general way. A sheet with a namespace prefix or an encoding other
than UTF-8 is read by expat throughout. ``FAST = False`` turns the fast path off.

Values have the types calamine gives, so the rest of the pipeline is unchanged: str for
text (shared, inline or formula strings, with Excel's _xHHHH_ escapes undone), float for
numbers, bool, ``datetime.date``, ``datetime.datetime``, ``datetime.time`` or
``datetime.timedelta`` for numbers in a date or duration format (calamine's rules and its
rounding to the millisecond), and "" for empty and error cells.

Shape, the one difference from calamine's ``iter_rows``: every row starts at column A and
ends at its own last non-empty cell (calamine starts every row at the sheet's first used
column and pads it to the sheet's last one, which a stream cannot know before the end).
Rows are numbered as calamine numbers them: the first yielded row is row 1, blank rows in
between are yielded as ``[]``, blank rows after the last value are not yielded.

The file must have passed ``check_file`` (safety.py) first: this module does not look for
zip bombs, entity declarations or encryption again, and never writes the file to disk. The
fast path checks the cells it reads, not the well-formedness of the whole sheet: a sheet cut
short inside a row is refused, but stray bytes between rows are not noticed.
"""

from __future__ import annotations

import datetime
import itertools
import posixpath
import re
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from .refusals import unreadable_file

__all__ = ["StreamedSheetInfo", "StreamedWorkbook", "number_format_kind", "read_rows"]

# Bytes of sheet XML handed to expat at a time: rows completed in one chunk are held until
# the chunk is parsed (about 1,000 rows of 20 columns per 1 MB).
CHUNK = 256 * 1024

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Built-in number formats that are dates or times (ECMA-376 18.8.30), as calamine reads them;
# 46 ([h]:mm:ss) is a duration.
BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47})
BUILTIN_DURATION_FORMATS = frozenset({46})
# What a cell format means for a number: a plain number, a date/time, or a duration.
NUMBER, DATE, DURATION = 0, 1, 2

_EPOCH = datetime.datetime(1899, 12, 31)
_MS_PER_DAY = 86_400_000
_DAYS_1900_TO_1904 = 1462


class StringTable:
    """The shared strings, packed: one UTF-8 buffer and where each string ends.

    Excel puts every distinct text of a workbook in the table, so a sheet of a million unique
    names, ID numbers and phones holds three million of them: ~180 MB as a list of str, ~75 MB
    packed. Reading one decodes it again (a few hundred nanoseconds), list semantics otherwise
    (``IndexError`` past the end).
    """

    __slots__ = ("_data", "_ends")

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._data += text.encode("utf-8")
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            index += len(self._ends)
        end = self._ends[index]
        start = self._ends[index - 1] if index > 0 else 0
        return self._data[start:end].decode("utf-8")


@dataclass(frozen=True)
class StreamedSheetInfo:
    """A sheet of the workbook: its name, whether it is visible, and its part in the package."""

    name: str
    visible: bool
    part: str
    kind: str  # "worksheet", "chartsheet", "dialogsheet", "macrosheet", or "" when unknown


def number_format_kind(code: str) -> int:
    """NUMBER, DATE or DURATION for a custom number format code, as calamine decides it.

    The first section only; quoted text, escaped characters (``\\x``, ``_x``, ``*x``) and
    bracketed parts ([Red], [$-804]) are skipped; a date token (d, m, y, h, s, or AM/PM)
    makes a date, an elapsed-time bracket ([h], [mm], [ss]) a duration.
    """
    escaped = quoted = am = elapsed = False
    brackets = 0
    previous = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            if char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == ";":
            return NUMBER
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and elapsed:
            return DURATION
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif brackets == 0 and not am and char in "aA":
            am = True
        elif brackets == 0 and (char in "pmPM/" if am else char in "dmhysDMHYS"):
            return DATE
        elif not (elapsed and char.lower() == previous.lower()):
            elapsed = previous == "[" and char in "mhsMHS"
        previous = char
    return NUMBER


def excel_date(value: float, *, is_1904: bool = False) -> Any:
    """A date-formatted number as calamine gives it: time below 1, date at midnight, else datetime.

    Serial numbers count days from 1899-12-31 with Excel's phantom 1900-02-29 (serial 60)
    skipped, rounded to the millisecond. A serial beyond year 9999 stays a float.
    """
    days = value + _DAYS_1900_TO_1904 if is_1904 else value
    if days >= 60.0:
        days -= 1.0
    scaled = days * _MS_PER_DAY
    milliseconds = int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)
    try:
        moment = _EPOCH + datetime.timedelta(milliseconds=milliseconds)
    except OverflowError:
        return value
    if value < 1.0:
        return moment.time()
    if moment.hour == moment.minute == moment.second == moment.microsecond == 0:
        return moment.date()
    return moment


def excel_duration(value: float) -> datetime.timedelta | float:
    """A duration-formatted number ([h]:mm:ss) as calamine gives it, rounded to the millisecond."""
    scaled = value * _MS_PER_DAY
    milliseconds = int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)
    try:
        return datetime.timedelta(milliseconds=milliseconds)
    except OverflowError:
        return value


# Excel writes characters XML cannot hold (control characters) as _xHHHH_, and a literal
# "_x" followed by four hex digits with its underscore escaped as _x005F_.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _iso_value(text: str) -> Any:
    """A cell of type "d" (an ISO 8601 date written as text)."""
    for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat, datetime.time.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return text


def column_index(reference: str) -> int:
    """0-based column of a cell reference: "A1" → 0, "AB12" → 27 ("$" signs allowed)."""
    number = 0
    for char in reference:
        code = ord(char)
        if 65 <= code <= 90:
            number = number * 26 + code - 64
        elif 97 <= code <= 122:
            number = number * 26 + code - 96
        elif char != "$":
            break
    return number - 1


def _row_number(reference: str) -> int:
    """1-based row of a cell reference: "AB12" → 12."""
    return int(reference.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))


def _resolve(base: str, target: str) -> str:
    """The part name a relationship target names (targets are relative to the source's folder)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


class StreamedWorkbook:
    """An .xlsx package opened for streaming its sheets' rows.

    >>> with StreamedWorkbook(path) as workbook:
    ...     for values in workbook.iter_rows("会员信息"):
    ...         ...

    Raises :class:`~.refusals.RefusedFile` ("unreadable") when the package or its XML is damaged.
    """

    def __init__(self, path: Path | str) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise unreadable_file() from error
        self._strings: StringTable | None = None
        try:
            self.sheets, self.is_1904, self._strings_part, self._styles_part = self._read_workbook()
            self._formats = self._read_styles()
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError) as error:
            self._zip.close()
            raise unreadable_file() from error

    def __enter__(self) -> StreamedWorkbook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    # --- The small parts: workbook, relationships, styles -------------------------------------

    def _read_xml(self, name: str) -> ElementTree.Element:
        # check_file has refused DOCTYPE and ENTITY declarations in every part already.
        return ElementTree.fromstring(self._zip.read(name))  # noqa: S314

    def _main_part(self) -> str:
        root = self._read_xml("_rels/.rels")
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return _resolve("", rel.get("Target", ""))
        return "xl/workbook.xml"

    def _read_workbook(self) -> tuple[list[StreamedSheetInfo], bool, str | None, str | None]:
        main = self._main_part()
        folder = posixpath.dirname(main)
        rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
        targets: dict[str, tuple[str, str]] = {}
        strings_part = styles_part = None
        for rel in self._read_xml(rels_name).iter(f"{{{PKG_REL_NS}}}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = _resolve(folder, rel.get("Target", ""))
            targets[rel.get("Id", "")] = (kind, target)
            if kind == "sharedStrings":
                strings_part = target
            elif kind == "styles":
                styles_part = target
        root = self._read_xml(main)
        properties = root.find(f"{{{MAIN_NS}}}workbookPr")
        is_1904 = properties is not None and properties.get("date1904", "0").lower() in ("1", "true")
        sheets = []
        for sheet in root.iter(f"{{{MAIN_NS}}}sheet"):
            kind, part = targets.get(sheet.get(f"{{{REL_NS}}}id", ""), ("", ""))
            sheets.append(
                StreamedSheetInfo(
                    name=sheet.get("name", ""),
                    visible=sheet.get("state", "visible") == "visible",
                    part=part,
                    kind=kind,
                )
            )
        return sheets, is_1904, strings_part, styles_part

    def _read_styles(self) -> list[int]:
        """NUMBER/DATE/DURATION for every cell format (cellXfs), by the cell's ``s`` index."""
        if not self._styles_part or self._styles_part not in self._zip.NameToInfo:
            return []
        root = self._read_xml(self._styles_part)
        custom: dict[int, int] = {}
        num_fmts = root.find(f"{{{MAIN_NS}}}numFmts")
        if num_fmts is not None:
            for fmt in num_fmts.iter(f"{{{MAIN_NS}}}numFmt"):
                try:
                    custom[int(fmt.get("numFmtId", ""))] = number_format_kind(fmt.get("formatCode", ""))
                except ValueError:
                    continue
        formats = []
        cell_xfs = root.find(f"{{{MAIN_NS}}}cellXfs")
        if cell_xfs is not None:
            for xf in cell_xfs.iter(f"{{{MAIN_NS}}}xf"):
                try:
                    number_format = int(xf.get("numFmtId", "0"))
                except ValueError:
                    number_format = 0
                if number_format in custom:
                    formats.append(custom[number_format])
                elif number_format in BUILTIN_DATE_FORMATS:
                    formats.append(DATE)
                elif number_format in BUILTIN_DURATION_FORMATS:
                    formats.append(DURATION)
                else:
                    formats.append(NUMBER)
        return formats

    # --- Shared strings -----------------------------------------------------------------------

    def shared_strings(self) -> StringTable:
        """The shared strings table, read once (incrementally) and kept for every sheet.

        Rich text runs are joined; phonetic runs (rPh) are left out, as calamine does.
        """
        if self._strings is None:
            self._strings = self._read_shared_strings()
        return self._strings

    def _read_shared_strings(self) -> StringTable:
        strings = StringTable()
        if not self._strings_part or self._strings_part not in self._zip.NameToInfo:
            return strings
        text = ""
        collecting = False
        phonetic = 0
        append = strings.append

        def start(name: str, _attributes: dict[str, str]) -> None:
            nonlocal collecting, phonetic, text
            if name == T:
                collecting = not phonetic
            elif name == SI:
                text = ""
            elif name == RPH:
                phonetic += 1

        def end(name: str) -> None:
            nonlocal collecting, phonetic
            if name == T:
                collecting = False
            elif name == SI:
                append(_unescape(text) if "_x" in text else text)
            elif name == RPH:
                phonetic -= 1

        def characters(data: str) -> None:
            nonlocal text
            if collecting:
                text += data

        chunks = _chunks(self._zip, self._strings_part)
        first = next(chunks, b"")
        parser, (T, SI, RPH) = _parser(first, ("t", "si", "rPh"))
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        for _nothing in _feed(parser, itertools.chain([first], chunks), list):
            pass
        return strings

    # --- Sheets -------------------------------------------------------------------------------

    def _sheet(self, sheet: str | int) -> StreamedSheetInfo:
        if isinstance(sheet, int):
            try:
                return self.sheets[sheet]
            except IndexError:
                raise unreadable_file() from None
        for info in self.sheets:
            if info.name == sheet:
                return info
        raise unreadable_file()

    def dimension(self, sheet: str | int = 0) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """The sheet's own claim of its used area, 0-based ((first row, column), (last row, column)).

        Read from <dimension ref> at the top of the sheet, without reading the rows: writers
        set it, but nothing checks it, so use it as an estimate (of the row count, say) only.
        """
        info = self._sheet(sheet)
        head = next(_chunks(self._zip, info.part), b"")
        match = _DIMENSION.search(head)
        if match is None:
            return None
        first, last = match.group(1).decode(), (match.group(2) or match.group(1)).decode()
        return (_row_number(first) - 1, column_index(first)), (_row_number(last) - 1, column_index(last))

    def merged_cell_ranges(self, sheet: str | int = 0) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Merged areas as calamine gives them: 0-based ((first row, column), (last row, column)).

        They are written after the rows, so the whole sheet is inflated (not parsed) to find
        them: about a tenth of the time of reading its rows.
        """
        info = self._sheet(sheet)
        found: dict[bytes, None] = {}
        tail = b""
        for chunk in _chunks(self._zip, info.part):
            window = tail + chunk
            if b"mergeCell" in window:
                found.update(dict.fromkeys(_MERGE_CELL.findall(window)))
            tail = window[-_OVERLAP:]
        ranges = []
        for reference in found:
            first, _colon, last = reference.decode().partition(":")
            last = last or first
            ranges.append(((_row_number(first) - 1, column_index(first)), (_row_number(last) - 1, column_index(last))))
        return ranges

    def iter_rows(self, sheet: str | int = 0) -> Iterator[list[Any]]:
        """The rows of a sheet (by name or 0-based index), one list of values per row, from row 1.

        See the module's docstring for the values and the shape of the rows.
        """
        info = self._sheet(sheet)
        if info.part not in self._zip.NameToInfo:
            raise unreadable_file()
        strings = self.shared_strings()
        is_1904 = self.is_1904
        # Style index (as the text of the s attribute) → DATE or DURATION; absent: a plain number.
        temporal = {str(index): kind for index, kind in enumerate(self._formats) if kind != NUMBER}
        columns: dict[str, int] = {}  # column letters → 0-based index, filled as met

        done: list[list[Any]] = []  # rows completed in the current chunk
        row: list[Any] = []
        row_number = 0  # 1-based number of the row being read
        emitted = 0  # rows queued so far
        text = ""
        collecting = False
        in_inline = False
        phonetic = 0
        cell_type: str | None = None
        cell_style: str | None = None
        cell_column = 0

        # The handlers run once or twice per cell: every test and lookup in them counts.
        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal collecting, text, cell_type, cell_style, cell_column, row_number, in_inline, phonetic
            if name == C:
                reference = attributes.get("r")
                if reference is None:
                    cell_column = len(row)
                else:
                    letters = reference.rstrip("0123456789")
                    column = columns.get(letters)
                    if column is None:
                        column = columns[letters] = column_index(letters)
                    cell_column = column
                cell_type = attributes.get("t")
                cell_style = attributes.get("s")
                text = ""
            elif name == V:
                collecting = cell_type != "inlineStr"
            elif name == ROW:
                reference = attributes.get("r")
                row_number = int(reference) if reference else row_number + 1
            elif name == T:
                collecting = in_inline and not phonetic
            elif name == IS:
                in_inline = True
                cell_type = "inlineStr"  # an <is> string is text whatever t says (as in calamine)
            elif name == RPH:
                phonetic += 1

        def end(name: str) -> None:
            nonlocal collecting, in_inline, phonetic, emitted, row
            if name == V:
                collecting = False
            elif name == C:
                if not text:
                    return
                if cell_type == "s":
                    value: Any = strings[int(text)]
                elif cell_type is None or cell_type == "n":
                    try:
                        value = float(text)
                    except ValueError:
                        if cell_type is not None:
                            raise
                        value = text
                    else:
                        kind = temporal.get(cell_style)  # type: ignore[arg-type]
                        if kind == DATE:
                            value = excel_date(value, is_1904=is_1904)
                        elif kind == DURATION:
                            value = excel_duration(value)
                elif cell_type == "inlineStr" or cell_type == "str":
                    value = _unescape(text) if "_x" in text else text
                elif cell_type == "b":
                    value = text != "0"
                elif cell_type == "e":
                    return
                elif cell_type == "d":
                    value = _iso_value(text)
                else:
                    value = text
                width = len(row)
                if cell_column == width:
                    row.append(value)
                elif cell_column > width:
                    row.extend([""] * (cell_column - width))
                    row.append(value)
                else:
                    row[cell_column] = value
            elif name == ROW:
                if row:
                    # Blank rows before this one (with or without <row> elements) come out as [].
                    while emitted < row_number - 1:
                        done.append([])
                        emitted += 1
                    done.append(row)
                    emitted += 1
                    row = []
            elif name == T:
                collecting = False
            elif name == IS:
                in_inline = False
            elif name == RPH:
                phonetic -= 1

        def characters(data: str) -> None:
            nonlocal text
            if collecting:
                text += data

        def take() -> list[list[Any]]:
            rows = done.copy()
            done.clear()
            return rows

        chunks = _chunks(self._zip, info.part)
        first = next(chunks, b"")
        parser, (C, V, T, IS, ROW, RPH) = _parser(first, ("c", "v", "t", "is", "row", "rPh"))
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        if not (FAST and C == "c" and _utf8(first)):
            try:
                yield from _feed(parser, itertools.chain([first], chunks), take)
            except (IndexError, ValueError) as error:
                raise unreadable_file() from error
            return

        # The fast path: rows and cells as Excel, WPS, xlsxwriter and openpyxl write them, read
        # with one regular expression per row. A row holding anything else (formulas, rich text,
        # entities, other spellings) goes through expat with the handlers above.
        cell_attributes: dict[bytes, tuple[str | None, int | None]] = {}
        byte_columns: dict[bytes, int] = {}
        find_cells = _FAST_CELL.findall

        def slow(piece: bytes) -> None:
            fragment = expat.ParserCreate()
            fragment.buffer_text = True
            fragment.StartElementHandler = start
            fragment.EndElementHandler = end
            fragment.CharacterDataHandler = characters
            fragment.Parse(b"<sheetData>" + piece + b"</row></sheetData>", True)

        tail = b""
        started = False
        try:
            for chunk in itertools.chain([first], chunks):
                buffer = tail + chunk if tail else chunk
                cut = buffer.rfind(b"</row>")
                if cut < 0:
                    tail = buffer
                    continue
                tail = buffer[cut + 6 :]
                pieces = buffer[:cut].split(b"</row>")
                if not started:
                    started = True
                    pieces[0] = pieces[0][pieces[0].find(b"<row") :]
                for piece in pieces:
                    match = _FAST_ROW.match(piece)
                    if match is None:
                        slow(piece)
                        continue
                    body_start = match.end()
                    cells = find_cells(piece, body_start)
                    if len(cells) != piece.count(b"<c", body_start):
                        slow(piece)
                        continue
                    row_attributes = match.group(1)
                    number = _FAST_ROW_NUMBER.search(row_attributes) if row_attributes else None
                    row_number = int(number.group(1)) if number else row_number + 1
                    for letters, attributes, v, inline in cells:
                        known = cell_attributes.get(attributes)
                        if known is None:
                            found = dict(_FAST_ATTRIBUTE.findall(attributes))
                            style = found.get(b"s")
                            known = cell_attributes[attributes] = (
                                found[b"t"].decode() if b"t" in found else None,
                                temporal.get(style.decode()) if style is not None else None,
                            )
                        cell_type, kind = known
                        if inline:
                            # An <is> string is text whatever the t attribute says (as in calamine).
                            value: Any = _unescape(inline.decode()) if b"_x" in inline else inline.decode()
                        elif not v or cell_type == "inlineStr" or cell_type == "e":
                            continue
                        elif cell_type == "s":
                            value = strings[int(v)]
                        elif cell_type is None or cell_type == "n":
                            try:
                                value = float(v)
                            except ValueError:
                                if cell_type is not None:
                                    raise
                                value = v.decode()
                            else:
                                if kind == DATE:
                                    value = excel_date(value, is_1904=is_1904)
                                elif kind == DURATION:
                                    value = excel_duration(value)
                        elif cell_type == "str":
                            value = _unescape(v.decode()) if b"_x" in v else v.decode()
                        elif cell_type == "b":
                            value = v != b"0"
                        elif cell_type == "d":
                            value = _iso_value(v.decode())
                        else:
                            value = v.decode()
                        column = byte_columns.get(letters)
                        if column is None:
                            column = byte_columns[letters] = column_index(letters.decode())
                        width = len(row)
                        if column == width:
                            row.append(value)
                        elif column > width:
                            row.extend([""] * (column - width))
                            row.append(value)
                        else:
                            row[column] = value
                    if row:
                        while emitted < row_number - 1:
                            done.append([])
                            emitted += 1
                        done.append(row)
                        emitted += 1
                        row = []
                yield from take()
            if not started:
                # No row was closed: a small sheet (or none at all), read whole by expat.
                parser.Parse(tail, True)
            else:
                # After the last </row>: self-closing rows, then </sheetData> and what follows
                # the rows (merged cells, page breaks). A sheet cut short has no </sheetData>.
                rows_end = tail.find(b"</sheetData>")
                if rows_end < 0:
                    raise unreadable_file()
                fragment = expat.ParserCreate()
                fragment.StartElementHandler = start
                fragment.EndElementHandler = end
                fragment.Parse(b"<sheetData>" + tail[:rows_end] + b"</sheetData>", True)
            yield from take()
        except (IndexError, ValueError, UnicodeDecodeError, expat.ExpatError) as error:
            raise unreadable_file() from error


_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*\bref="([A-Za-z$]+[0-9$]+)(?::([A-Za-z$]+[0-9$]+))?"')
_MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*\bref="([A-Za-z$0-9:]+)"')
_OVERLAP = 512
# Turned off by tests, to check that both paths read the same.
FAST = True
# <row ...> at the start of a piece (a self-closing <row/> is left to expat).
_FAST_ROW = re.compile(rb"\s*<row\b([^>]*[^>/])?>")
_FAST_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
# A cell: column letters of its reference, its other attributes, then either nothing, a <v>
# value or an <is><t> inline string, neither holding markup, entities or carriage returns.
_FAST_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})[0-9]+"([^>/]*)'
    rb'(?:/>|>(?:<v>([^<&\r]*)</v>|<is><t(?: xml:space="preserve")?>([^<&\r]*)</t></is>)?</c>)'
)
_FAST_ATTRIBUTE = re.compile(rb'\b([st])="([^"]*)"')
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([^"']+)["']""")


def _utf8(first_chunk: bytes) -> bool:
    match = _DECLARED_ENCODING.match(first_chunk)
    return match is None or match.group(1).lower().replace(b"-", b"") == b"utf8"


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The bytes of ``part``, inflated a chunk at a time."""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise unreadable_file() from error


def _feed(parser: Any, chunks: Iterable[bytes], take: Callable[[], list[Any]]) -> Iterator[Any]:
    """Hand ``chunks`` to ``parser``; after each, yield what ``take`` gives."""
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            yield from take()
        parser.Parse(b"", True)
        yield from take()
    except expat.ExpatError as error:
        raise unreadable_file() from error


# The first element's name, after the XML declaration and any comments: its prefix (x: in
# <x:worksheet xmlns:x="…">) is the prefix of every element name of the main namespace.
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*[\s/>]")


def _parser(first_chunk: bytes, local_names: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
    """An expat parser and the qualified names of ``local_names`` in this part.

    Namespace processing is off (it costs a third of the parse): the names are compared with
    the root element's prefix, which spreadsheet programs use for every element. The names
    are interned in the parser, so that expat hands back these very strings.
    """
    match = _ROOT.search(first_chunk.split(b"?>", 1)[-1] if first_chunk.startswith(b"<?") else first_chunk)
    prefix = match.group(1).decode() if match and match.group(1) else ""
    names = tuple(prefix + name for name in local_names)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    for name in names:
        parser.intern[name] = name
    return parser, names


def read_rows(path: Path | str, sheet: str | int = 0) -> Iterator[list[Any]]:
    """The rows of one sheet (see :meth:`StreamedWorkbook.iter_rows`), closing the file at the end."""
    with StreamedWorkbook(path) as workbook:
        yield from workbook.iter_rows(sheet)
