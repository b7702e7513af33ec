"""A large .xlsx is streamed instead of loaded: the sheet, header, notices and rows are the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from gonghui.core.sheets.reading import workbook
from gonghui.core.sheets.reading.refusals import RefusedFile
from gonghui.core.sheets.reading.workbook import open_sheet

CORPUS = Path(__file__).parent / "corpus"
HINTS = [
    "工会名称",
    "工会统一社会信用代码",
    "上级工会统一社会信用代码",
    "建会日期",
    "基层工会类型",
    "姓名",
    "证件号码",
    "移动电话",
]


def outcome(path: Path) -> Any:
    """What opening the file gives: the refusal's code, or the sheet as the pipeline sees it."""
    try:
        sheet = open_sheet(path, path.name, header_hint=HINTS)
    except RefusedFile as refused:
        return ("refused", refused.code)
    return (
        sheet.name,
        sheet.headers,
        sheet.header_row,
        sheet.first_column,
        [notice.code for notice in sheet.notices],
        list(sheet.rows()),
    )


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.xlsx")), ids=lambda p: p.name)
def test_every_corpus_workbook_reads_the_same_streamed(path: Path) -> None:
    # Given a corpus workbook read as usual (calamine: its sheets are far below the threshold)
    loaded = outcome(path)
    # When every .xlsx is streamed
    with override_settings(GONGHUI_IMPORT_STREAM_ABOVE_BYTES=-1):
        streamed = outcome(path)
    # Then the pipeline sees the same thing: refused for the same reason, or the same sheet and rows
    assert streamed == loaded


def test_the_switch_follows_the_unpacked_size_of_the_sheets(tmp_path: Path, monkeypatch: Any) -> None:
    chosen: list[str] = []
    real = workbook._open_streamed_workbook
    monkeypatch.setattr(
        workbook, "_open_streamed_workbook", lambda path, hints: chosen.append("stream") or real(path, hints)
    )
    path = CORPUS / "title_row.xlsx"
    size = workbook._xlsx_content_bytes(path)
    assert size > 0
    with override_settings(GONGHUI_IMPORT_STREAM_ABOVE_BYTES=size):
        open_sheet(path, path.name, header_hint=HINTS)
    assert chosen == []
    with override_settings(GONGHUI_IMPORT_STREAM_ABOVE_BYTES=size - 1):
        open_sheet(path, path.name, header_hint=HINTS)
    assert chosen == ["stream"]
    # an .xls (not a zip) is never streamed
    assert workbook._xlsx_content_bytes(CORPUS / "ids_as_numbers.xls") == 0
