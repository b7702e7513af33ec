"""Dangerous and unusable files are refused before any parser sees them, with a clear Chinese message."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from django.test import override_settings
from django.utils import translation

from gonghui.core.sheets.reading import RefusedFile, check_file, open_sheet
from gonghui.core.sheets.tests.corpus.make_corpus import (
    CORPUS,
    HEADER,
    HEADER_HINT,
    HERE,
    _members_xlsx,
    _parts,
    _people,
    _zip,
)

REFUSED = [item for item in CORPUS if item.kind == "refused"]
READABLE = [item for item in CORPUS if item.kind != "refused"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# What each message must name, in Chinese.
KEYWORDS = {
    "zip_bomb_ratio": "压缩炸弹",
    "zip_too_many_entries": "部件",
    "macros": "宏",
    "external_entities": "实体",
    "wrong_content": "扩展名",
    "encrypted": "密码",
    "empty": "空",
    "no_header": "表头",
    "unreadable": "无法",
    "unsupported_extension": "不能导入",
    "too_large": "超过",
    "too_many_rows": "上限",
}
# Files whose message must also say what the content really is, or how to fix it.
SPECIFIC = {
    "pdf_named.xlsx": "PDF",
    "word_document.xlsx": "Word",
    "html_export.xls": "网页",
    "spreadsheetml_2003.xls": "XML 电子表格",
    "executable.csv": "可执行文件",
    "xlsx_named.xls": ".xlsx",
    "old_xls_named.xlsx": "旧版.xls",
    "macros.xlsm": "另存为",
    "encrypted.xlsx": "取消密码",
    "truncated.xlsx": "损坏",
    "binary_garbage.csv": "编码",
}


def refusal(path: Path, filename: str, **kwargs) -> RefusedFile:
    with translation.override("zh-hans"), pytest.raises(RefusedFile) as caught:
        open_sheet(path, filename, header_hint=HEADER_HINT, **kwargs)
    return caught.value


def assert_chinese(error: RefusedFile, code: str) -> None:
    assert error.code == code, error.message
    assert CHINESE.search(error.message), error.message
    assert KEYWORDS[code] in error.message, error.message


def test_the_corpus_has_at_least_twenty_dangerous_files_and_twenty_damaged_ones():
    # given the corpus on disk
    # then every listed file exists, is small, and there are enough of each kind
    for item in CORPUS:
        assert (HERE / item.name).stat().st_size < 100 * 1024, item.name
    assert len(REFUSED) >= 20
    assert len(READABLE) >= 20


@pytest.mark.parametrize("item", REFUSED, ids=[item.name for item in REFUSED])
def test_each_dangerous_or_unusable_file_is_refused_with_a_chinese_message(item):
    # given a bad file from the corpus
    # when it is opened under the Chinese interface
    error = refusal(HERE / item.name, item.name)
    # then it is refused with the expected code and a Chinese message naming the problem
    assert_chinese(error, item.code)
    if item.name in SPECIFIC:
        assert SPECIFIC[item.name] in error.message, error.message


# Only these need the sheet itself to be read before they can be refused.
FOUND_WHILE_READING = {"no_header.xlsx", "blank_workbook.xlsx", "header_only.xlsx"}
DANGEROUS_BEFORE_PARSING = [item for item in REFUSED if item.name not in FOUND_WHILE_READING]


@pytest.mark.parametrize("item", DANGEROUS_BEFORE_PARSING, ids=[item.name for item in DANGEROUS_BEFORE_PARSING])
def test_refusal_happens_before_any_spreadsheet_parser_runs(item, monkeypatch):
    # given a spreadsheet parser that fails the test if anyone calls it
    def forbidden(*args, **kwargs):
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", forbidden)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", forbidden)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_object", forbidden)
    # when the bad file is checked, then check_file alone refuses it
    with pytest.raises(RefusedFile) as caught:
        check_file(HERE / item.name, item.name)
    assert caught.value.code == item.code


@pytest.mark.parametrize("item", READABLE, ids=[item.name for item in READABLE])
def test_damaged_but_safe_files_pass_the_safety_check(item):
    # given a file with Excel damage but nothing dangerous, then check_file lets it through
    check_file(HERE / item.name, item.name)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    # given an ordinary workbook of a few kilobytes
    path = tmp_path / "members.xlsx"
    path.write_bytes((HERE / "title_row.xlsx").read_bytes())
    # when the limit is set below its size
    with translation.override("zh-hans"), pytest.raises(RefusedFile) as caught:
        check_file(path, "会员.xlsx", max_bytes=1024)
    # then it is refused as too large, saying how large and what the limit is
    assert_chinese(caught.value, "too_large")
    assert "MB" in caught.value.message


def test_the_size_limit_comes_from_settings(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(("序号,姓名\n" + "1,张伟\n" * 500).encode())
    # given a limit of 1 KB in settings, then a 4 KB CSV is refused
    with override_settings(GONGHUI_IMPORT_MAX_BYTES=1024), pytest.raises(RefusedFile) as caught:
        check_file(path, "members.csv")
    assert caught.value.code == "too_large"


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused():
    # given a limit on the unpacked size lower than an ordinary small workbook's
    with override_settings(GONGHUI_IMPORT_MAX_UNPACKED_BYTES=5000):
        error = refusal(HERE / "title_row.xlsx", "title_row.xlsx")
    # then it is refused as too large
    assert_chinese(error, "too_large")


@pytest.mark.parametrize("filename", ["roster.xlsb", "roster.ods", "roster.et", "roster.txt", "roster"])
def test_other_file_types_are_refused_by_extension(filename, tmp_path):
    path = tmp_path / "upload"
    path.write_bytes((HERE / "title_row.xlsx").read_bytes())
    error = refusal(path, filename)
    assert_chinese(error, "unsupported_extension")


def test_too_many_rows_are_refused_when_the_sheet_is_opened(tmp_path):
    # given a workbook of 6 data rows and a limit of 3
    with override_settings(GONGHUI_IMPORT_MAX_ROWS=3):
        error = refusal(HERE / "ids_as_numbers.xlsx", "ids_as_numbers.xlsx")
    assert_chinese(error, "too_many_rows")


def test_too_many_rows_in_a_csv_are_refused_while_streaming():
    # given a CSV of 5 data rows and a limit of 3
    with override_settings(GONGHUI_IMPORT_MAX_ROWS=3), translation.override("zh-hans"):
        sheet = open_sheet(HERE / "bom.csv", "bom.csv", header_hint=HEADER_HINT)
        rows = sheet.rows()
        # then the first three rows come, and the fourth raises
        assert [number for number, _values in (next(rows), next(rows), next(rows))] == [2, 3, 4]
        with pytest.raises(RefusedFile) as caught:
            next(rows)
    assert_chinese(caught.value, "too_many_rows")


def test_a_workbook_saved_by_openpyxl_is_accepted(tmp_path):
    # given a workbook written by another library (other part names, no shared strings)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in _people(3):
        sheet.append(row)
    path = tmp_path / "upload.bin"
    workbook.save(path)
    # then it passes the checks and reads
    opened = open_sheet(path, "会员.xlsx", header_hint=HEADER_HINT)
    assert opened.headers == HEADER
    assert len(list(opened.rows())) == 3


def test_a_zip_entry_that_inflates_past_its_declared_size_is_caught():
    # given the corpus file whose sheet declares 600 bytes and inflates to megabytes
    archive = zipfile.ZipFile(io.BytesIO((HERE / "zip_lying_size.xlsx").read_bytes()))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == 600
    # then its total declared size looks harmless, yet the file is refused
    assert sum(i.file_size for i in archive.infolist()) < 1024 * 1024
    assert refusal(HERE / "zip_lying_size.xlsx", "zip_lying_size.xlsx").code == "zip_bomb_ratio"


def test_openpyxl_is_protected_by_defusedxml():
    # the pipeline writes workbooks with openpyxl; reading any XML with it must be defused
    assert openpyxl.DEFUSEDXML is True


def test_the_message_is_english_under_the_english_interface():
    with translation.override("en"), pytest.raises(RefusedFile) as caught:
        check_file(HERE / "macros.xlsm", "macros.xlsm")
    assert "macros" in caught.value.message
    assert str(caught.value) == caught.value.message


def _workbook_with_sheet_xml(sheet_xml: bytes, *, sheet_path: str = "xl/worksheets/sheet1.xml") -> bytes:
    # The same members as the sheets below, so that shared-string indexes match.
    parts = _parts(_members_xlsx(_people(2)))
    del parts["xl/worksheets/sheet1.xml"]
    parts[sheet_path] = sheet_xml
    target = sheet_path.removeprefix("xl/")
    rels = parts["xl/_rels/workbook.xml.rels"].decode().replace("worksheets/sheet1.xml", target)
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode().replace("/xl/worksheets/sheet1.xml", "/" + sheet_path)
    parts["[Content_Types].xml"] = types.encode()
    return _zip(parts)


FAR_CELL_SPELLINGS = {
    "plain": b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    "newline before r": b'<c\nr="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    "single quotes": b"<c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c>",
    "spaces around =": b'<c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    "two spaces and a tab before =": b'<c r  \t="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    "namespace prefix": b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1048576"/>',
}


@pytest.mark.parametrize("spelling", FAR_CELL_SPELLINGS, ids=list(FAR_CELL_SPELLINGS))
@pytest.mark.parametrize("sheet_path", ["xl/worksheets/sheet1.xml", "xl/elsewhere/data.xml"])
def test_a_sheet_spanning_billions_of_cells_is_refused_however_it_is_spelled(spelling, sheet_path, tmp_path):
    # given a sheet with a cell in A1 and one in the last cell of the grid, written any way XML
    # allows and stored at any path the workbook relationships point to
    sheet_xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c></row>'
        b'<row r="1048576">' + FAR_CELL_SPELLINGS[spelling] + b"</row></sheetData></worksheet>"
    )
    path = tmp_path / "upload.xlsx"
    path.write_bytes(_workbook_with_sheet_xml(sheet_xml, sheet_path=sheet_path))
    # then check_file refuses it before the reader would allocate the grid
    with translation.override("zh-hans"), pytest.raises(RefusedFile) as caught:
        check_file(path, "members.xlsx")
    assert_chinese(caught.value, "too_large")
    assert "Ctrl+End" in caught.value.message


def test_a_sheet_at_an_unusual_path_is_still_read(tmp_path):
    # the relationship-driven scan does not refuse ordinary sheets stored elsewhere
    source = _parts(_members_xlsx(_people(2)))["xl/worksheets/sheet1.xml"]
    path = tmp_path / "upload.xlsx"
    path.write_bytes(_workbook_with_sheet_xml(source, sheet_path="xl/elsewhere/data.xml"))
    sheet = open_sheet(path, "members.xlsx", header_hint=HEADER_HINT)
    assert sheet.headers == HEADER
    assert len(list(sheet.rows())) == 2


def test_the_cell_limit_comes_from_settings():
    with override_settings(GONGHUI_IMPORT_MAX_CELLS=20):
        error = refusal(HERE / "title_row.xlsx", "title_row.xlsx")
    assert error.code == "too_large"


def test_a_csv_line_of_millions_of_delimiters_is_refused(tmp_path):
    # given a 2 MB line of commas after the header
    path = tmp_path / "upload"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + b"," * (2 * 1024 * 1024) + b"\n")
    # then it is refused (here while looking for the header) instead of becoming a row of millions of values
    with translation.override("zh-hans"), pytest.raises(RefusedFile) as caught:
        list(open_sheet(path, "members.csv", header_hint=HEADER_HINT).rows())
    assert_chinese(caught.value, "unreadable")
