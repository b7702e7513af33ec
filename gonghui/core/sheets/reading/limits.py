"""Limits on uploaded spreadsheets, read from settings each time (tests override them).

The settings live in the "Import and export" section of gonghui/settings.py; these are the
defaults when a setting is absent.
"""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024


def max_bytes() -> int:
    """Largest upload accepted (the file as sent)."""
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_BYTES", 128 * MB))


def max_rows() -> int:
    """Most data rows one import may hold."""
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_ROWS", 1_000_000))


def max_unpacked_bytes() -> int:
    """Most bytes a workbook may unpack to. 1,000,000 member rows (20 columns) unpack to 0.75–1.1 GB."""
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_UNPACKED_BYTES", 1536 * MB))


def stream_above_bytes() -> int:
    """Above this many unpacked bytes of sheets and shared strings an .xlsx is streamed, not loaded.

    calamine needs about 75 bytes of memory per cell and 1.6 GB for 1,000,000 rows × 20
    columns; at 80 MB of XML it stays under 400 MB. The streaming reader is flat (about 280 MB
    at 1,000,000 rows, mostly the shared strings) but about 1.5× slower.
    """
    return int(getattr(settings, "GONGHUI_IMPORT_STREAM_ABOVE_BYTES", 80 * MB))


def max_ratio() -> int:
    """Highest compression ratio of a part (and of the whole file). Real workbooks stay below 20:1."""
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_RATIO", 100))


def max_entries() -> int:
    """Most parts in a workbook. Real ones have a few dozen; thousands only make the reader busy."""
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_ENTRIES", 1000))


def max_cells() -> int:
    """Largest rectangle of cells a sheet may span (rows × columns from its first to its last cell).

    The reader allocates the whole rectangle, so two stray cells far apart (A1 and XFD1048576)
    would ask for billions of cells. 1,000,000 rows × 40 columns fit.
    """
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_CELLS", 40_000_000))


# A part smaller than this is never judged by its ratio: tiny repetitive parts (styles, a
# blank sheet) compress very well and are harmless.
RATIO_FLOOR_BYTES = 1 * MB
