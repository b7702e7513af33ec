"""Reading uploaded spreadsheets safely.

``check_file`` refuses dangerous or unusable files before any parser sees them;
``open_sheet`` finds the sheet and header row and streams the rows; the ``clean_*``
functions recognise and repair (or flag) the damage Excel leaves in cells.
"""

from .cells import CellIssue, Cleaned, clean_code, clean_date, clean_decimal, clean_text, normalise_header
from .refusals import RefusedFile
from .safety import check_file
from .workbook import Notice, Sheet, column_letter, open_sheet

__all__ = [
    "CellIssue",
    "Cleaned",
    "Notice",
    "RefusedFile",
    "Sheet",
    "check_file",
    "clean_code",
    "clean_date",
    "clean_decimal",
    "clean_text",
    "column_letter",
    "normalise_header",
    "open_sheet",
]
