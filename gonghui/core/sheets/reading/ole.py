"""Checks of an OLE compound file (.xls, or an encrypted .xlsx) before parsing."""

from __future__ import annotations

import struct
from typing import BinaryIO

from django.utils.translation import gettext as _

from .refusals import encrypted_message, macros_message, refuse, save_as_xlsx, unreadable_file

VBA_STORAGES = {"_VBA_PROJECT_CUR", "_VBA_PROJECT", "VBA", "MACROS"}


def check_ole(f: BinaryIO, *, expect_xls: bool) -> None:
    import olefile

    f.seek(0)
    try:
        ole = olefile.OleFileIO(f)
    except Exception as error:  # olefile raises many kinds on a damaged file
        raise unreadable_file() from error
    try:
        entries = ole.listdir(streams=True, storages=True)
        top = {entry[0] for entry in entries if entry}
        if "EncryptionInfo" in top or "EncryptedPackage" in top:
            raise refuse("encrypted", encrypted_message())
        if any(part.upper() in VBA_STORAGES for entry in entries for part in entry):
            raise refuse("macros", macros_message())
        book = "Workbook" if "Workbook" in top else "Book" if "Book" in top else None
        if book is None:
            if "WordDocument" in top:
                kind = _("a Word document")
            elif "PowerPoint Document" in top:
                kind = _("a PowerPoint presentation")
            else:
                kind = _("an old Office document")
            raise refuse(
                "wrong_content",
                _("The file's content is %(kind)s, not an Excel workbook. Choose the right file.") % {"kind": kind},
            )
        if not expect_xls:
            raise refuse(
                "wrong_content",
                _("The file is named .xlsx but is an old-format .xls workbook.") + " " + save_as_xlsx(),
            )
        with ole.openstream(book) as stream:
            filepass, macro_sheet = _biff_globals(stream.read(1024 * 1024))
        if filepass:
            raise refuse("encrypted", encrypted_message())
        if macro_sheet:
            raise refuse("macros", macros_message())
    finally:
        ole.close()


def _biff_globals(data: bytes) -> tuple[bool, bool]:
    """(password-protected, has a macro sheet) from the workbook globals of a BIFF stream.

    FILEPASS (0x002F) marks an encrypted workbook; a BOUNDSHEET (0x0085) whose sheet type
    byte is 1 is an Excel 4.0 macro sheet.
    """
    offset = 0
    filepass = macro_sheet = False
    for _i in range(10_000):
        if offset + 4 > len(data):
            break
        record, length = struct.unpack_from("<HH", data, offset)
        if record == 0x002F:
            filepass = True
        elif record == 0x0085 and length >= 6 and offset + 10 <= len(data):
            macro_sheet = macro_sheet or data[offset + 4 + 5] == 0x01
        elif record == 0x000A and offset > 0:  # EOF of the globals substream
            break
        offset += 4 + length
    return filepass, macro_sheet
