"""Test helpers for lists and their Excel exports (``core.web.lists``)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.http import HttpResponseBase

from gonghui.core.web.lists import Page


def workbook_rows(response: HttpResponseBase) -> list[tuple[Any, ...]]:
    """The first sheet's rows of an .xlsx response, the header first."""
    assert response.status_code == 200, response
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@dataclass
class Exported:
    page: Page
    header: tuple[Any, ...]
    rows: list[tuple[Any, ...]]
    full_url: str | None

    def column(self, header: str) -> list[Any]:
        index = self.header.index(header)
        return [row[index] for row in self.rows]


def export_of(client: Any, path: str, query: dict[str, str] | None = None, *, full: bool = False) -> Exported:
    """Open the list at ``path`` with ``query``, follow its Export button, and read the workbook.

    Asserts what every list promises: the page has an Export button, and the workbook holds exactly
    the rows the page's filters show (as many as the page's total).
    """
    response = client.get(path, query or {})
    assert response.status_code == 200, response
    page, export = response.context["page"], response.context["export"]
    assert export is not None, f"{path} has no Export button"
    assert b'data-testid="export"' in response.content
    url = export.full_url if full else export.url
    assert url is not None
    table = workbook_rows(client.get(url))
    rows = [row for row in table[1:] if any(cell not in (None, "") for cell in row)]
    assert not page.capped
    assert len(rows) == page.total, f"{path}?{query}: the page shows {page.total} rows, the export {len(rows)}"
    return Exported(page=page, header=table[0], rows=rows, full_url=export.full_url)
