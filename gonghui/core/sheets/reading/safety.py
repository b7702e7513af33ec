"""Refusing dangerous or unusable files before any spreadsheet parser sees them.

``check_file`` only reads bytes: the size, the first bytes against the extension, then for
an .xlsx the package (ooxml.py: parts, real unpacked sizes, macros, XML declarations, the
reach of each sheet's cells) and for an .xls or encrypted workbook the OLE directory
(ole.py: encryption, VBA storages, macro sheets). Nothing here builds a tree of the content.
"""

from __future__ import annotations

import codecs
from pathlib import Path, PurePath

from django.utils.translation import gettext as _

from . import limits
from .ole import check_ole
from .ooxml import check_ooxml
from .refusals import (
    RefusedFile,
    macros_message,
    megabytes,
    refuse,
    save_as_xlsx,
    unreadable_encoding_message,
)

__all__ = ["RefusedFile", "check_file"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
EXTENSIONS = (".xlsx", ".xls", ".csv")
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xla")


def check_file(path: Path, filename: str, *, max_bytes: int | None = None) -> None:
    """Raise :class:`RefusedFile` unless the file is safe to hand to a parser.

    ``path`` is where the upload is stored, ``filename`` the name the user gave it (its
    extension says what the content must be).
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix in MACRO_EXTENSIONS:
        raise refuse("macros", macros_message())
    if suffix not in EXTENSIONS:
        raise refuse(
            "unsupported_extension",
            _("Files of type “%(suffix)s” cannot be imported: upload an Excel workbook (.xlsx, .xls) or a CSV file.")
            % {"suffix": suffix or _("(no extension)")}
            + " "
            + save_as_xlsx(),
        )
    size = path.stat().st_size
    if size == 0:
        raise refuse("empty", _("The file is empty (0 bytes): check that you chose the right file."))
    limit = limits.max_bytes() if max_bytes is None else max_bytes
    if size > limit:
        raise refuse(
            "too_large",
            _(
                "The file is %(size)s MB, more than the %(limit)s MB allowed. Split the rows into several "
                "files, or remove pictures and unused sheets."
            )
            % {"size": megabytes(size), "limit": megabytes(limit)},
        )
    with path.open("rb") as f:
        head = f.read(8192)
        if suffix == ".xlsx":
            if head.startswith(ZIP_MAGIC):
                check_ooxml(f, size)
            elif head.startswith(OLE_MAGIC):
                check_ole(f, expect_xls=False)
            else:
                raise _wrong_content(head, suffix)
        elif suffix == ".xls":
            if head.startswith(OLE_MAGIC):
                check_ole(f, expect_xls=True)
            elif head.startswith(ZIP_MAGIC):
                raise refuse(
                    "wrong_content",
                    _("The file is named .xls but is a newer .xlsx workbook (or another zip file).")
                    + " "
                    + save_as_xlsx(),
                )
            else:
                raise _wrong_content(head, suffix)
        else:
            _check_csv_head(head, whole=size <= len(head))


def _kind_of(head: bytes) -> str | None:
    """What the first bytes show ("pdf", "html" ...), or None when they show nothing known."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"MZ", b"\x7fELF")):
        return "executable"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "picture"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "archive"
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")) or b"<html" in stripped[:1024]:
        return "html"
    if stripped.startswith(b"<?xml"):
        return "xml"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return None


def _kind_name(kind: str) -> str:
    names = {
        "pdf": _("a PDF document"),
        "executable": _("a program (executable file)"),
        "picture": _("a picture"),
        "archive": _("a compressed archive"),
        "zip": _("a zip archive"),
        "ole": _("an old Office document"),
        "html": _("a web page (HTML)"),
        "xml": _("an XML document"),
        "rtf": _("an RTF document"),
    }
    return names.get(kind, _("binary data"))


def _wrong_content(head: bytes, suffix: str) -> RefusedFile:
    kind = _kind_of(head)
    if kind == "html" and suffix == ".xls":
        # Many older systems "export to Excel" by saving an HTML table under an .xls name.
        return refuse(
            "wrong_content",
            _("The file is named .xls but is really a web page (HTML), as some older systems export.")
            + " "
            + save_as_xlsx(),
        )
    if kind == "xml" and suffix == ".xls":
        return refuse(
            "wrong_content",
            _("The file is named .xls but is an “XML Spreadsheet 2003” file.") + " " + save_as_xlsx(),
        )
    if kind is None:
        return refuse(
            "wrong_content",
            _("The file is named %(suffix)s but its content is not an Excel workbook.") % {"suffix": suffix}
            + " "
            + save_as_xlsx(),
        )
    return refuse(
        "wrong_content",
        _("The file is named %(suffix)s but its content is %(kind)s, not an Excel workbook. Choose the right file.")
        % {"suffix": suffix, "kind": _kind_name(kind)},
    )


def _check_csv_head(head: bytes, *, whole: bool) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text ("Unicode text" from Excel): NUL bytes are expected.
    if whole and not head.lstrip(codecs.BOM_UTF8).strip():
        raise refuse("empty", _("The file has no data: it holds only blank lines."))
    kind = _kind_of(head)
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise refuse(
            "wrong_content",
            _(
                "The file is named .csv but is an Excel workbook: rename it to .xlsx (or .xls), "
                "or save it again as CSV."
            ),
        )
    if (kind is not None and kind not in ("html", "xml")) or b"\x00" in head:
        raise refuse(
            "wrong_content",
            _("The file is named .csv but its content is %(kind)s, not text. Choose the right file.")
            % {"kind": _kind_name(kind or "binary")},
        )
    if kind is not None:
        raise _wrong_content(head, ".csv")
    for encoding in ("utf-8", "gb18030"):
        try:
            # Not final: the head may end inside a multi-byte character.
            codecs.getincrementaldecoder(encoding)().decode(head, final=whole)
            return
        except UnicodeDecodeError:
            continue
    raise refuse("unreadable", unreadable_encoding_message())
