"""Reading a PDF's text in tests (poppler's ``pdftotext``; skipped where it is not installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(content: bytes, folder: Path) -> str:
    """The text of a PDF, pages separated by form feeds."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed: the PDF's text cannot be read")
    path = folder / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 (a fixed program on a file the test wrote)
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def flat(text: str) -> str:
    """Without any white space: pdftotext spaces and breaks CJK text as it pleases."""
    return "".join(text.split())
