"""Checks of an .xlsx package before parsing: parts, real unpacked sizes, macros, XML
declarations, and how far each worksheet's cells reach.

Every part is inflated here once, counting the bytes it really yields (a part may not yield
more than it declares), and its bytes are scanned as they come: nothing is parsed.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext as _

from . import limits
from .refusals import (
    RefusedFile,
    encrypted_message,
    external_entities,
    macros_message,
    megabytes,
    refuse,
    save_as_xlsx,
    unreadable_file,
    zip_bomb,
)

CHUNK = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)
# Content types that only macro-enabled or binary workbooks carry.
MACRO_TYPE_MARKERS = ("macroenabled", "vbaproject", "macrosheet", "vnd.ms-office.activex")


def check_ooxml(f: BinaryIO, size: int) -> None:
    try:
        archive = zipfile.ZipFile(f)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise unreadable_file() from error
    if len(infos) > limits.max_entries():
        raise refuse(
            "zip_too_many_entries",
            _(
                "The file holds %(count)d parts, more than the %(limit)d a workbook may have: it is not an ordinary "
                "Excel workbook and is refused for safety."
            )
            % {"count": len(infos), "limit": limits.max_entries()}
            + " "
            + save_as_xlsx(),
        )
    names = {info.filename for info in infos}
    lower_names = {name.lower() for name in names}
    if "[Content_Types].xml" not in names:
        raise _wrong_zip(lower_names)
    if any(name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") for name in lower_names):
        raise refuse("macros", macros_message())
    declared = sum(info.file_size for info in infos)
    _check_unpacked_size(declared, size, declared=True)
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse("encrypted", encrypted_message())
        _check_ratio(info.file_size, info.compress_size)
    # Relationships and content types first: they say which parts are worksheets.
    first = [i for i in infos if i.filename == "[Content_Types].xml" or i.filename.endswith(".rels")]
    rest = [i for i in infos if i not in first]
    kept: dict[str, bytes] = {}
    unpacked = 0
    for info in first:
        data, real_size = _inflate(f, info, keep=True, scanner=_XmlScanner(info.filename))
        kept[info.filename] = data
        unpacked += real_size
        _check_unpacked_size(unpacked, size, declared=False)
    content_types = kept.get("[Content_Types].xml", b"")
    worksheets = _worksheet_parts(kept) | {n for n in names if n.startswith("xl/worksheets/")}
    for info in rest:
        scanner = _XmlScanner(info.filename, cells=info.filename in worksheets)
        _data, real_size = _inflate(f, info, keep=False, scanner=scanner)
        unpacked += real_size
        _check_unpacked_size(unpacked, size, declared=False)
        if scanner.cells is not None:
            _check_cell_area(scanner.cells)
    lowered = content_types.lower()
    if any(marker.encode() in lowered for marker in MACRO_TYPE_MARKERS):
        raise refuse("macros", macros_message())
    if b"spreadsheetml.sheet.binary" in lowered or b"ms-excel.sheet.binary" in lowered:
        raise refuse(
            "wrong_content", _("The file is an Excel binary workbook (.xlsb) named .xlsx.") + " " + save_as_xlsx()
        )
    if not any(t.encode() in lowered for t in SPREADSHEET_MAIN_TYPES):
        raise _wrong_zip(lower_names)


def _wrong_zip(lower_names: set[str]) -> RefusedFile:
    if any(n.startswith("word/") for n in lower_names):
        kind = _("a Word document")
    elif any(n.startswith("ppt/") for n in lower_names):
        kind = _("a PowerPoint presentation")
    else:
        kind = _("a zip archive")
    return refuse(
        "wrong_content",
        _("The file is named .xlsx but its content is %(kind)s, not an Excel workbook. Choose the right file.")
        % {"kind": kind},
    )


def _check_unpacked_size(unpacked: int, size: int, *, declared: bool) -> None:
    if unpacked > limits.max_unpacked_bytes():
        raise refuse(
            "too_large",
            _(
                "The workbook unpacks to more than %(limit)s MB. Split the rows into several files, "
                "or remove pictures and unused sheets."
            )
            % {"limit": megabytes(limits.max_unpacked_bytes())},
        )
    if unpacked > limits.RATIO_FLOOR_BYTES and unpacked > limits.max_ratio() * size:
        raise zip_bomb()


def _check_ratio(unpacked: int, packed: int) -> None:
    if unpacked > limits.RATIO_FLOOR_BYTES and unpacked > limits.max_ratio() * max(packed, 1):
        raise zip_bomb()


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb"""\b(Type|Target)\s*=\s*["']([^"']*)["']""")
# Row numbers of <row r="7"> and of cell references <c r="B7">, and the columns of cell
# references: the fast patterns match what every spreadsheet program writes, the general ones
# any spacing and quoting XML allows (used only when such spellings appear in a chunk).
_REF_ROW_FAST = re.compile(rb' r="[A-Za-z]*([0-9]+)"')
_REF_WIDE_COLUMN_FAST = re.compile(rb' r="([A-Za-z][A-Za-z]+)[0-9]')
_REF_ROW = re.compile(rb"""\sr\s*=\s*["']\$?[A-Za-z]*\$?([0-9]+)["']""")
_REF_COLUMN = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]+)\$?[0-9]""")
# To look for whitespace before "=" ("r  =", legal XML that no spreadsheet program writes)
# in one search.
_WHITESPACE_AS_SPACE = bytes.maketrans(b"\t\n\r", b"   ")
# Parts that are never XML: their bytes are not checked for an XML encoding.
BINARY_SUFFIXES = (".bin", ".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf", ".tif", ".tiff", ".bmp", ".svg")


def _worksheet_parts(kept: dict[str, bytes]) -> set[str]:
    """Part names that relationships declare as worksheets (wherever in the package they are)."""
    parts = set()
    for name, data in kept.items():
        if not name.endswith(".rels"):
            continue
        # xl/_rels/workbook.xml.rels describes targets relative to xl/.
        base = PurePosixPath(name).parent.parent
        for match in _RELATIONSHIP.finditer(data):
            attributes = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTRIBUTE.findall(match.group(0))}
            if not attributes.get("Type", "").endswith(("/worksheet", "/dialogsheet", "/macrosheet")):
                continue
            target = attributes.get("Target", "")
            path = PurePosixPath(target.lstrip("/")) if target.startswith("/") else base / target
            resolved: list[str] = []
            for part in path.parts:
                if part == "..":
                    if resolved:
                        resolved.pop()
                elif part != ".":
                    resolved.append(part)
            parts.add("/".join(resolved))
    return parts


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


@dataclass
class _CellArea:
    """How far a worksheet's cells reach: the reader allocates the rectangle from A1 to there."""

    rows: int = 0
    columns: int = 0

    @property
    def size(self) -> int:
        return self.rows * self.columns


class _XmlScanner:
    """Looks at a part's bytes as they are inflated: DOCTYPE/ENTITY anywhere, an encoding
    other than UTF-8 at the start, and for worksheets the area their cells span."""

    OVERLAP = 64

    def __init__(self, name: str, *, cells: bool = False) -> None:
        self.check_encoding = not name.lower().endswith(BINARY_SUFFIXES)
        self.cells: _CellArea | None = _CellArea() if cells else None
        self.tail = b""
        self.started = False

    def feed(self, piece: bytes) -> None:
        if not self.started:
            self.started = True
            if self.check_encoding and (piece.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in piece[:2]):
                raise unreadable_file()
        window = self.tail + piece
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window or b"<!doctype" in window:
            raise external_entities()
        if self.cells is not None:
            self._measure(window, self.cells)
        self.tail = window[-self.OVERLAP :]

    @staticmethod
    def _measure(window: bytes, area: _CellArea) -> None:
        """Extend ``area`` by the row numbers and columns referenced in ``window``.

        Spreadsheet programs write ' r="B7"': one C-level pass finds every such row number,
        and one more only the columns of two letters or more (a sheet whose references all
        have one letter reaches column Z at most, which is counted as Z). When some "r="
        is not such a reference (other spacing or quotes, or text containing "r="), the
        general patterns read this chunk exactly, more slowly.
        """
        rows = _REF_ROW_FAST.findall(window)
        if window.count(b"r=") == len(rows) and b" =" not in window.translate(_WHITESPACE_AS_SPACE):
            if rows:
                area.rows = max(area.rows, *map(int, rows))
                wide = [_column_number(c) for c in set(_REF_WIDE_COLUMN_FAST.findall(window))]
                area.columns = max(area.columns, 26, *wide)
            return
        numbers = list(map(int, _REF_ROW.findall(window)))
        if numbers:
            area.rows = max(area.rows, *numbers)
        columns = [_column_number(c) for c in set(_REF_COLUMN.findall(window))]
        if columns:
            area.columns = max(area.columns, *columns)


def _check_cell_area(area: _CellArea) -> None:
    if area.size > limits.max_cells():
        raise refuse(
            "too_large",
            _(
                "A sheet's cells span %(rows)s rows × %(columns)s columns, more than can be read. Usually a few "
                "stray cells lie far from the data: press Ctrl+End in Excel to find the last cell, delete the "
                "empty rows and columns after your data, save, and upload again."
            )
            % {"rows": f"{area.rows:,}", "columns": f"{area.columns:,}"},
        )


def _inflate(f: BinaryIO, info: zipfile.ZipInfo, *, keep: bool, scanner: _XmlScanner) -> tuple[bytes, int]:
    """Unpack one part, counting the real bytes (never trusting the declared size).

    Returns the content when ``keep`` (small parts only) and the real size; ``scanner``
    sees every piece.
    """
    f.seek(info.header_offset)
    header = f.read(30)
    if len(header) != 30 or header[:4] != ZIP_MAGIC:
        raise unreadable_file()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    f.seek(info.header_offset + 30 + name_length + extra_length)
    remaining = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
    else:
        raise unreadable_file()
    budget = max(info.file_size, 0)
    kept: list[bytes] = []
    real = 0

    def take(piece: bytes) -> None:
        nonlocal real
        if not piece:
            return
        real += len(piece)
        # A part may not unpack to more than it declares: the parser would trust the stream.
        if real > budget:
            raise zip_bomb()
        scanner.feed(piece)
        if keep:
            kept.append(piece)

    try:
        while remaining > 0:
            chunk = f.read(min(CHUNK, remaining))
            if not chunk:
                raise unreadable_file()
            remaining -= len(chunk)
            if inflater is None:
                take(chunk)
                continue
            take(inflater.decompress(chunk, CHUNK))
            while inflater.unconsumed_tail:
                take(inflater.decompress(inflater.unconsumed_tail, CHUNK))
        if inflater is not None:
            take(inflater.flush())
    except zlib.error as error:
        raise unreadable_file() from error
    return b"".join(kept), real
