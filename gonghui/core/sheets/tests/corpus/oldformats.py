"""Writers for the old binary formats the corpus needs: an OLE compound file and a BIFF8 workbook.

No installed library writes .xls files or OLE containers (olefile only reads), so the corpus
builds them here, small and by the book: a version-3 compound file whose streams are all at
least 4,096 bytes (so no mini stream is needed), and a BIFF8 workbook stream with a shared
string table, strings, numbers and hidden-sheet state.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field

SECTOR = 512
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
MINI_CUTOFF = 4096


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    start: int = ENDOFCHAIN
    size: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM


def _sort_key(entry: _Entry) -> tuple[int, str]:
    return (len(entry.name), entry.name.upper())


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding ``streams``; a path like "_VBA_PROJECT_CUR/VBA/dir" makes storages."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        node = root
        parts = path.split("/")
        for part in parts[:-1]:
            found = next((c for c in node.children if c.name == part and c.kind == 1), None)
            if found is None:
                found = _Entry(part, 1)
                node.children.append(found)
            node = found
        # Streams below the mini-stream cutoff would need a mini stream: pad them instead.
        node.children.append(_Entry(parts[-1], 2, data.ljust(MINI_CUTOFF, b"\x00")))
    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.sid = len(entries)
        entries.append(entry)
        for child in entry.children:
            number(child)

    number(root)
    for entry in entries:
        # Siblings as a right-leaning chain in sort order: a valid (if unbalanced) tree, all black.
        siblings = sorted(entry.children, key=_sort_key)
        if siblings:
            entry.child = siblings[0].sid
            for a, b in itertools.pairwise(siblings):
                a.right = b.sid
    streams_list = [e for e in entries if e.kind == 2]
    data_sectors = sum(-(-len(e.data) // SECTOR) for e in streams_list)
    dir_sectors = -(-len(entries) * 128 // SECTOR)
    fat_sectors = 1
    while (data_sectors + dir_sectors + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    assert fat_sectors <= 109
    fat: list[int] = []
    body = b""
    # Layout: FAT sectors, then directory, then stream data.
    fat.extend([FATSECT] * fat_sectors)
    first_dir = len(fat)
    fat.extend(range(first_dir + 1, first_dir + dir_sectors))
    fat.append(ENDOFCHAIN)
    for entry in streams_list:
        count = -(-len(entry.data) // SECTOR)
        entry.start = len(fat)
        entry.size = len(entry.data)
        fat.extend(range(entry.start + 1, entry.start + count))
        fat.append(ENDOFCHAIN)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(fat_sectors * SECTOR, b"\xff")
    directory = b""
    for entry in entries:
        name = entry.name.encode("utf-16-le") + b"\x00\x00"
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            entry.kind,
            1,  # black
            entry.left,
            entry.right,
            entry.child,
            b"\x00" * 16,
            0,
            0,
            0,
            entry.start if entry.kind == 2 else ENDOFCHAIN if entry.kind == 5 else 0,
            entry.size,
        )
    directory = directory.ljust(dir_sectors * SECTOR, b"\x00")
    # Unused directory slots must read as empty entries with no siblings.
    slots = len(directory) // 128
    padded = bytearray(directory)
    for slot in range(len(entries), slots):
        struct.pack_into("<III", padded, slot * 128 + 68, NOSTREAM, NOSTREAM, NOSTREAM)
    body = fat_bytes + bytes(padded)
    for entry in streams_list:
        body += entry.data.ljust(-(-len(entry.data) // SECTOR) * SECTOR, b"\x00")
    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        fat_sectors,
        first_dir,
        0,
        MINI_CUTOFF,
        ENDOFCHAIN,
        0,
        ENDOFCHAIN,
        0,
    ) + struct.pack("<109I", *difat)
    assert len(header) == SECTOR
    return header + body


# --- BIFF8 ------------------------------------------------------------------------------------


def _record(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0x000100C1, 0x00000606))


def _short_string(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def biff8_workbook(
    sheets: list[tuple[str, bool, list[list[object]]]], *, filepass: bool = False, macro_sheet: int | None = None
) -> bytes:
    """A BIFF8 workbook stream: ``sheets`` are (name, hidden, rows); str cells go to the shared
    string table, numbers are stored as NUMBER records (a double, as Excel stores them).
    ``macro_sheet`` marks the sheet at that index as an Excel 4.0 macro sheet."""
    strings: list[str] = []
    index: dict[str, int] = {}
    for _name, _hidden, rows in sheets:
        for row in rows:
            for value in row:
                if isinstance(value, str) and value not in index:
                    index[value] = len(strings)
                    strings.append(value)
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings
    )
    assert len(sst) < 8224, "keep the corpus small: the SST has no CONTINUE records"
    globals_head = _bof(0x0005)
    if filepass:
        # RC4 CryptoAPI header stub: enough for a reader to see the workbook is password-protected.
        globals_head += _record(0x002F, struct.pack("<HHH", 1, 2, 2) + b"\x00" * 48)
    globals_head += _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    xf = struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    globals_head += b"".join(_record(0x00E0, xf) for _ in range(16))  # the 16 style XFs Excel requires
    globals_head += _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    sheet_streams = []
    for _name, _hidden, rows in sheets:
        body = _bof(0x0010)
        width = max((len(r) for r in rows), default=0)
        body += _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    body += _record(0x00FD, struct.pack("<HHHI", r, c, 16, index[value]))
                elif isinstance(value, int | float):
                    body += _record(0x0203, struct.pack("<HHHd", r, c, 16, float(value)))
        body += _record(0x000A)
        sheet_streams.append(body)
    boundsheets_length = sum(4 + 6 + 2 + 2 * len(name) for name, _h, _r in sheets)
    tail = _record(0x00FC, sst) + _record(0x000A)
    offset = len(globals_head) + boundsheets_length + len(tail)
    boundsheets = b""
    for index, ((name, hidden, _rows), body) in enumerate(zip(sheets, sheet_streams, strict=True)):
        kind = 1 if index == macro_sheet else 0
        boundsheets += _record(0x0085, struct.pack("<IBB", offset, 1 if hidden else 0, kind) + _short_string(name))
        offset += len(body)
    return globals_head + boundsheets + tail + b"".join(sheet_streams)
