"""Opening a sheet: finding the header and the sheet, numbering rows as Excel does, streaming."""

from __future__ import annotations

import datetime
import tracemalloc

import pytest
import xlsxwriter

from gonghui.core.sheets.reading import Sheet, column_letter, open_sheet
from gonghui.core.sheets.tests.corpus.make_corpus import HEADER, HEADER_HINT, HERE, _people


def opened(name: str, **kwargs) -> Sheet:
    return open_sheet(HERE / name, name, header_hint=kwargs.pop("header_hint", HEADER_HINT), **kwargs)


def test_a_title_above_the_header_is_skipped_and_rows_keep_their_excel_numbers():
    # given a title in row 1, a blank row 2 and the header in row 3
    sheet = opened("title_row.xlsx")
    # then the header is row 3 and the first member is row 4, as Excel shows it
    assert sheet.header_row == 3
    assert sheet.headers == HEADER
    numbers = [number for number, _values in sheet.rows()]
    assert numbers == [4, 5, 6, 7, 8]
    assert sheet.notices == []  # a merged title above the header is normal


def test_rows_hold_the_raw_values_as_read():
    sheet = opened("ids_as_numbers.xlsx")
    number, values = next(sheet.rows())
    assert number == 2
    assert values[1] == "张伟"
    assert isinstance(values[3], float)  # the damage is left for clean_code to name


def test_blank_rows_are_skipped_but_numbering_follows_the_file(tmp_path):
    path = tmp_path / "upload.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, _people(1)[0])
    sheet.write_row(2, 0, ["", "  "])
    sheet.write_row(4, 0, _people(2)[1])
    workbook.close()
    assert [n for n, _v in open_sheet(path, "会员.xlsx", header_hint=HEADER_HINT).rows()] == [2, 5]


def test_a_sheet_not_starting_in_column_a_knows_its_column_letters(tmp_path):
    path = tmp_path / "upload.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    sheet.write_row(2, 2, HEADER)
    sheet.write_row(3, 2, _people(1)[0])
    workbook.close()
    opened_sheet = open_sheet(path, "会员.xlsx", header_hint=HEADER_HINT)
    assert opened_sheet.header_row == 3
    assert opened_sheet.headers == HEADER
    assert opened_sheet.column_letter(opened_sheet.headers.index("证件号码")) == "F"
    assert [n for n, _v in opened_sheet.rows()] == [4]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_headers_with_markers_brackets_and_newlines_are_normalised():
    assert opened("marked_headers.xlsx").headers == HEADER


def test_synonyms_find_the_header():
    # given only synonyms of some columns in the hint, the header row is still found
    sheet = opened("title_row.xlsx", header_hint=["证件号码", "身份证号", "姓名"])
    assert sheet.header_row == 3


def test_without_hints_the_first_row_of_several_texts_is_the_header():
    sheet = open_sheet(HERE / "title_row.xlsx", "title_row.xlsx")
    assert sheet.header_row == 3


def test_a_two_row_header_with_merged_cells_is_read_as_one():
    sheet = opened("merged_header.xlsx")
    # the sub-headers under 联系方式 become the columns; the data starts after both header rows
    assert sheet.headers == ["序号", "姓名", "性别", "证件号码", "移动电话", "固定电话", "出生日期", "工作单位"]
    assert sheet.header_row == 2
    assert [n for n, _v in sheet.rows()] == [3, 4, 5, 6]
    assert [n.code for n in sheet.notices] == ["merged_header"]
    assert "E1:F1" in sheet.notices[0].message


def test_cells_merged_down_the_data_are_noticed(tmp_path):
    path = tmp_path / "upload.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(_people(3), start=1):
        sheet.write_row(r, 0, row[:6])
    sheet.merge_range(1, 6, 3, 6, "海口市某某建材有限公司")
    workbook.close()
    notices = open_sheet(path, "会员.xlsx", header_hint=HEADER_HINT).notices
    assert [n.code for n in notices] == ["merged_data_cells"]
    assert "G2:G4" in notices[0].message


def test_data_on_the_second_sheet_is_read_and_noticed():
    sheet = opened("second_sheet.xlsx")
    assert sheet.name == "会员信息"
    assert "填表说明" in sheet.notices[0].message
    assert len(list(sheet.rows())) == 4


def test_with_several_sheets_of_data_the_first_is_read_and_the_others_named():
    sheet = opened("several_sheets.xlsx")
    assert sheet.name == "一车间"
    assert "二车间" in sheet.notices[0].message


def test_a_hidden_sheet_is_read_only_when_no_visible_sheet_has_the_rows():
    only = opened("hidden_sheet_only.xlsx")
    assert only.name == "会员信息"
    assert [n.code for n in only.notices] == ["hidden_sheet_used"]
    extra = opened("hidden_sheet_extra.xlsx")
    assert extra.name == "会员信息"
    assert [n.code for n in extra.notices] == ["hidden_sheet_data"]
    assert "旧数据" in extra.notices[0].message


def test_duplicate_and_blank_headers_name_their_columns():
    duplicate = opened("duplicate_headers.xlsx").notices[0]
    assert duplicate.column == "证件号码"
    assert "D" in duplicate.message
    assert "H" in duplicate.message
    blank = opened("blank_header.xlsx").notices[0]
    assert blank.column == "E"


def test_an_old_xls_workbook_reads_like_an_xlsx():
    xls, xlsx = opened("ids_as_numbers.xls"), opened("ids_as_numbers.xlsx")
    assert xls.headers == xlsx.headers
    assert list(xls.rows()) == list(xlsx.rows())


@pytest.mark.parametrize("name", ["bom.csv", "gbk.csv", "tab_separated.csv"])
def test_csv_encodings_and_delimiters(name):
    sheet = opened(name)
    assert sheet.headers == HEADER
    rows = list(sheet.rows())
    assert rows[0] == (2, [str(v) for v in _people(1)[0]])
    assert len(rows) == 5


def test_a_csv_with_semicolons_and_an_excel_separator_line(tmp_path):
    path = tmp_path / "upload"
    lines = ["sep=;", ";".join(HEADER), *(";".join(str(v) for v in row) for row in _people(2))]
    path.write_text("\r\n".join(lines), encoding="utf-8")
    sheet = open_sheet(path, "members.csv", header_hint=HEADER_HINT)
    assert sheet.headers == HEADER
    assert sheet.header_row == 2
    assert [n for n, _v in sheet.rows()] == [3, 4]


def test_a_csv_in_utf16_from_excel_unicode_text(tmp_path):
    path = tmp_path / "upload"
    lines = ["\t".join(HEADER), *("\t".join(str(v) for v in row) for row in _people(2))]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    sheet = open_sheet(path, "members.csv", header_hint=HEADER_HINT)
    assert sheet.headers == HEADER
    assert len(list(sheet.rows())) == 2


def test_estimated_rows_come_from_the_sheet_dimension():
    assert opened("title_row.xlsx").estimated_rows == 5
    assert opened("bom.csv").estimated_rows is None


def test_rows_can_be_read_twice():
    sheet = opened("title_row.xlsx")
    assert list(sheet.rows()) == list(sheet.rows())


def test_the_reader_streams_200000_rows_without_holding_them(tmp_path):
    # given a 200,000-row workbook
    path = tmp_path / "big.xlsx"
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "证件号码", "出生日期"])
    born = datetime.date(1990, 1, 1)
    for r in range(1, 200_001):
        sheet.write_row(r, 0, [f"会员{r}", f"32050019900101{r % 10000:04d}", born.isoformat()])
    workbook.close()
    opened_sheet = open_sheet(path, "big.xlsx", header_hint=["姓名", "证件号码"])
    # when every row is iterated under tracemalloc
    tracemalloc.start()
    count = 0
    for _number, values in opened_sheet.rows():
        count += len(values) and 1
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # then all rows came, and Python never held more than a sliver of them
    # (the 200,000 rows as lists would take well over 40 MB)
    assert count == 200_000
    assert peak < 5 * 1024 * 1024, peak


def test_short_csv_lines_are_padded_to_the_header(tmp_path):
    path = tmp_path / "upload"
    path.write_text(",".join(HEADER) + "\r\n1,张伟\r\n", encoding="utf-8")
    rows = list(open_sheet(path, "members.csv", header_hint=HEADER_HINT).rows())
    assert rows == [(2, ["1", "张伟", "", "", "", "", ""])]
