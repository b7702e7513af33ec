"""The streaming .xlsx reader gives, cell by cell, what python-calamine gives."""

from __future__ import annotations

import datetime
import gc
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from gonghui.core.sheets.reading import RefusedFile, stream
from gonghui.core.sheets.reading.stream import (
    DATE,
    DURATION,
    NUMBER,
    StreamedWorkbook,
    column_index,
    number_format_kind,
    read_rows,
)


@pytest.fixture(autouse=True, params=["fast", "expat"])
def reading_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs twice: with the fast path for plain rows, and with expat for everything."""
    monkeypatch.setattr(stream, "FAST", request.param == "fast")
    return request.param


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing empty cells, and without trailing empty rows."""
    result = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        result.append(row)
    while result and not result[-1]:
        result.pop()
    return result


def calamine_rows(path: Path, sheet: str | int = 0) -> list[list[Any]]:
    """calamine's rows placed from column A (it starts them at the first used column)."""
    workbook = CalamineWorkbook.from_path(str(path))
    opened = workbook.get_sheet_by_name(sheet) if isinstance(sheet, str) else workbook.get_sheet_by_index(sheet)
    offset = opened.start[1] if opened.start else 0
    return _trimmed([[""] * offset + list(row) for row in opened.iter_rows()])


def assert_same_as_calamine(path: Path, sheet: str | int = 0) -> list[list[Any]]:
    expected = calamine_rows(path, sheet)
    streamed = list(read_rows(path, sheet))
    assert len(streamed) >= len(expected)
    streamed = _trimmed(streamed)
    assert len(streamed) == len(expected)
    for number, (mine, theirs) in enumerate(zip(streamed, expected, strict=True), start=1):
        assert len(mine) == len(theirs), f"row {number}: {mine} != {theirs}"
        for column, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            assert (type(a), a) == (type(b), b), f"row {number} column {column}: {a!r} != calamine's {b!r}"
    return streamed


ID_TEXT = "320505196102130019"
ID_NUMBER = 320505196102130019  # Excel keeps 15 digits: 3.2050519610213e+17


@pytest.fixture
def typed_workbook(tmp_path: Path) -> Path:
    """A member sheet with every kind of cell, written with shared strings (as Excel saves)."""
    path = tmp_path / "typed.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("会员信息")
    text = workbook.add_format({"num_format": "@"})
    iso = workbook.add_format({"num_format": "yyyy-mm-dd"})
    builtin_date = workbook.add_format({"num_format": 14})
    chinese = workbook.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    clock = workbook.add_format({"num_format": "hh:mm"})
    elapsed = workbook.add_format({"num_format": "[h]:mm:ss"})
    builtin_elapsed = workbook.add_format({"num_format": 46})
    percent = workbook.add_format({"num_format": "0.00%"})
    money = workbook.add_format({"num_format": '"¥"#,##0.00;[Red]-"¥"#,##0.00'})
    bold = workbook.add_format({"bold": True})
    red = workbook.add_format({"color": "red"})
    sheet.write_row(0, 0, ["序号", "姓名", "证件号码", "证件号码(数字)", "出生日期", "入会日期", "时间", "备注"])
    sheet.write_number(1, 0, 1)
    sheet.write_string(1, 1, "张伟")
    sheet.write_string(1, 2, ID_TEXT, text)
    sheet.write_number(1, 3, ID_NUMBER)
    sheet.write_datetime(1, 4, datetime.datetime(1961, 2, 13), iso)
    sheet.write_datetime(1, 5, datetime.datetime(2020, 5, 1), builtin_date)
    sheet.write_datetime(1, 6, datetime.datetime(2020, 5, 1, 8, 30, 15), moment)
    sheet.write_rich_string(1, 7, "会员", bold, "加粗", red, "红字", "结尾")
    sheet.write_number(2, 0, 2.5)
    sheet.write_string(2, 1, " 李娜 ")  # spaces kept for the cleaners to report
    sheet.write_string(2, 2, "00123", text)
    sheet.write_number(2, 3, 13812345678)
    sheet.write_datetime(2, 4, datetime.datetime(1985, 12, 31), chinese)
    sheet.write_number(2, 5, 0.75, clock)  # a time of day
    sheet.write_number(2, 6, 1.5, elapsed)
    sheet.write_string(2, 7, "第一行\n第二行")
    sheet.write_boolean(3, 0, True)
    sheet.write_boolean(3, 1, False)
    sheet.write_number(3, 2, 0.125, percent)
    sheet.write_number(3, 3, -1234.5, money)
    sheet.write_number(3, 4, 45000.123456789, moment)  # rounded to the millisecond
    sheet.write_number(3, 5, 60, iso)  # Excel's phantom 1900-02-29
    sheet.write_number(3, 6, 2.25, builtin_elapsed)
    sheet.write_string(3, 7, "A&B <c> \"q\" 'a'")
    # row 5 left blank; row 6 has gaps and a styled empty cell
    sheet.write_blank(5, 0, None, bold)
    sheet.write_string(5, 3, "间隔")
    sheet.write_number(5, 6, 1e-7)
    sheet.write_string(5, 9, "")  # an empty string cell
    sheet.write_formula(6, 0, "=1/0", None, "#DIV/0!")
    sheet.write_formula(6, 1, "=A2*2", None, 2)
    sheet.write_formula(6, 2, '="甲"&"乙"', None, "甲乙")
    sheet.write_formula(6, 3, "=TRUE()", None, True)
    sheet.write_string(6, 4, "控制\x01字符")
    sheet.write_string(6, 5, "_x0041_ 原文")
    sheet.write_number(6, 6, 0, iso)  # day 0: calamine gives a time
    sheet.write_number(6, 7, 1.0, iso)
    second = workbook.add_worksheet("第二页")
    second.write_row(2, 1, ["不同", "的", "数据"])
    second.write_number(3, 1, 42)
    workbook.close()
    return path


def test_every_kind_of_cell_matches_calamine(typed_workbook):
    rows = assert_same_as_calamine(typed_workbook)
    assert rows[1][:5] == [1.0, "张伟", ID_TEXT, 3.2050519610213e17, datetime.date(1961, 2, 13)]
    assert rows[1][6] == datetime.datetime(2020, 5, 1, 8, 30, 15)
    assert rows[1][7] == "会员加粗红字结尾"  # rich text runs joined
    assert rows[2][5:7] == [datetime.time(18, 0), datetime.timedelta(days=1, hours=12)]
    assert rows[3][:2] == [True, False]
    assert rows[4] == []  # the blank row is kept, so that row numbers follow the file
    assert rows[5][:4] == ["", "", "", "间隔"]
    assert rows[6][:4] == ["", 2.0, "甲乙", True]  # an error cell reads as empty


def test_the_second_sheet_by_name_and_by_index(typed_workbook):
    rows = assert_same_as_calamine(typed_workbook, "第二页")
    assert rows[2] == ["", "不同", "的", "数据"]
    assert list(read_rows(typed_workbook, 1)) == rows


def test_inline_strings_of_constant_memory_writers(tmp_path):
    path = tmp_path / "inline.xlsx"
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("会员信息")
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "yyyy/m/d"})
    for r in range(1, 300):
        sheet.write_string(r, 0, f"姓名{r}")
        sheet.write_string(r, 1, f"46010019800101{r:04d}", text)
        sheet.write_datetime(r, 2, datetime.datetime(1980, 1, 1) + datetime.timedelta(days=r), day)
        if r % 7:
            sheet.write_number(r, 4, r * 1.5)
    workbook.close()
    with zipfile.ZipFile(path) as archive:
        assert b't="inlineStr"' in archive.read("xl/worksheets/sheet1.xml")
    rows = assert_same_as_calamine(path)
    assert rows[0] == []  # row 1 is empty, rows keep their numbers
    assert rows[5][:3] == ["姓名5", "460100198001010005", datetime.date(1980, 1, 6)]


def test_openpyxl_workbooks_and_the_1904_date_system(tmp_path):
    for epoch in ("1900", "1904"):
        path = tmp_path / f"openpyxl-{epoch}.xlsx"
        workbook = openpyxl.Workbook()
        if epoch == "1904":
            workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        sheet = workbook.active
        sheet.title = "名单"
        sheet.append(["姓名", "出生日期", "时间", "数量", "是否农民工会员"])
        sheet.append(["王芳", datetime.date(1990, 3, 15), datetime.datetime(2021, 7, 1, 9, 0), 3, True])
        sheet.append(["刘洋", datetime.datetime(2000, 1, 1, 0, 0), None, 0.1, False])
        sheet["H10"] = "远处的格"
        sheet["B5"].number_format = "mmm-yy"
        sheet["B5"] = 44000
        workbook.save(path)
        rows = assert_same_as_calamine(path)
        assert rows[1][1] == datetime.date(1990, 3, 15)
        assert rows[9][7] == "远处的格"


def _package(tmp_path: Path, sheet_xml: str, *, strings_xml: str | None = None, styles_xml: str | None = None) -> Path:
    """A minimal .xlsx written by hand, for what the writers above never produce."""
    path = tmp_path / "hand.xlsx"
    rels = [
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        ' Target="worksheets/sheet1.xml"/>'
    ]
    if strings_xml is not None:
        rels.append(
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/>'
        )
    if styles_xml is not None:
        rels.append(
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<x:sheets><x:sheet name="手写" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">' + "".join(rels) + "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if strings_xml is not None:
            archive.writestr("xl/sharedStrings.xml", strings_xml)
        if styles_xml is not None:
            archive.writestr("xl/styles.xml", styles_xml)
    return path


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_prefixed_names_missing_references_phonetic_runs_and_entities(tmp_path):
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:sst xmlns:x="{MAIN}" count="3" uniqueCount="3">'
        '<x:si><x:t>曾</x:t><x:rPh sb="0" eb="1"><x:t>ゼン</x:t></x:rPh></x:si>'
        '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">单 </x:t></x:r><x:r><x:t>国强</x:t></x:r></x:si>'
        "<x:si><x:t>A&amp;B &#20013;&lt;</x:t></x:si></x:sst>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:styleSheet xmlns:x="{MAIN}"><x:numFmts count="2">'
        '<x:numFmt numFmtId="164" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;"/>'
        '<x:numFmt numFmtId="165" formatCode="0.00_);[Red]\\(0.00\\)"/></x:numFmts>'
        '<x:cellXfs count="4"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/>'
        '<x:xf numFmtId="22"/></x:cellXfs></x:styleSheet>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="{MAIN}">\n<x:sheetData>\n'
        '<x:row r="2"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c r="E2" t="s"><x:v>2</x:v>'
        "</x:c><x:c><x:v>7</x:v></x:c></x:row>\n"
        '<x:row><x:c r="A3" s="1"><x:v>44197</x:v></x:c><x:c r="B3" s="2"><x:v>44197</x:v></x:c>'
        '<x:c r="C3" s="3"><x:v>44197.5</x:v></x:c><x:c r="D3" t="inlineStr"><x:is><x:r><x:t>内</x:t></x:r>'
        "<x:r><x:t>联</x:t></x:r></x:is></x:c>"
        '<x:c r="E3" t="str"><x:f>"a"</x:f><x:v>公式 文本</x:v></x:c><x:c r="F3" t="b"><x:v>1</x:v></x:c>'
        '<x:c r="G3" t="e"><x:v>#N/A</x:v></x:c><x:c r="H3" s="9"><x:v>3</x:v></x:c></x:row>\n'
        '<x:row r="5"><x:c r="C5" t="s"/><x:c r="D5"><x:v></x:v></x:c></x:row>\n'
        '<x:row r="6"><x:c r="B6" t="d"><x:v>2021-03-04</x:v></x:c><x:c r="AA6"><x:v>1.25E+3</x:v></x:c></x:row>\n'
        "</x:sheetData>\n</x:worksheet>"
    )
    path = _package(tmp_path, sheet, strings_xml=strings, styles_xml=styles)
    expected = calamine_rows(path)
    streamed = _trimmed(list(read_rows(path)))
    assert streamed[1] == ["曾", "单 国强", "", "", "A&B 中<", 7.0]
    assert streamed[2][:6] == [
        datetime.date(2021, 1, 1),
        44197.0,
        datetime.datetime(2021, 1, 1, 12, 0),
        "内联",
        "公式 文本",
        True,
    ]
    assert streamed[2][6:] == ["", 3.0]  # an error reads as empty; a style index out of range is a number
    assert streamed[5][:2] == ["", datetime.date(2021, 3, 4)]
    assert streamed[5][26] == 1250.0
    # calamine agrees on every cell (it reads the prefixed names and the missing references
    # the same way).
    assert streamed == expected


def test_rows_written_with_indentation_and_formulas_between_plain_rows(tmp_path):
    rows = "".join(
        f'<row r="{r}" spans="1:3" x14ac:dyDescent="0.25"><c r="A{r}" t="inlineStr"><is><t>第{r}行</t></is></c>'
        f'<c r="C{r}"><v>{r}</v></c></row>'
        for r in range(1, 40)
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">\n'
        '  <dimension ref="A1:D60"/>\n  <sheetData>\n'
        + rows
        + '\n    <row r="41">\n      <c r="A41">\n        <f>SUM(C1:C39)</f>\n        <v>780</v>\n      </c>\n'
        '      <c r="B41" t="inlineStr"><is><t xml:space="preserve"> 前后空格 </t></is></c>\n    </row>\n'
        '    <row r="42" spans="1:3"/>\n    <row r="43"><c r="D43" t="str"><f>"x"</f><v>x&amp;y</v></c></row>\n'
        '    <row r="45"><c r="A45" t="inlineStr"><is><t>后</t></is></c></row>\n'
        '<row><c r="B46"><is><t>123</t></is></c><c r="C46" t="inlineStr"><v>9</v></c><c r="D46"><v>4</v></c></row>'
        '<row r="50" ht="20" customHeight="1"/>'
        '  </sheetData>\n<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
        '<rowBreaks count="1" manualBreakCount="1"><brk id="20" max="16383" man="1"/></rowBreaks>\n</worksheet>'
    )
    path = _package(tmp_path, sheet)
    rows_read = assert_same_as_calamine(path)
    assert rows_read[40] == [780.0, " 前后空格 "]
    assert rows_read[42] == ["", "", "", "x&y"]
    assert rows_read[44] == ["后"]
    assert rows_read[45] == ["", "123", "", 4.0]  # a row without a number follows the one before
    assert rows_read[38] == ["第39行", "", 39.0]


@pytest.mark.parametrize(
    "sheet_data",
    [
        "<sheetData/>",
        '<sheetData><row r="1" ht="20" customHeight="1"/></sheetData>',
        '<sheetData><row r="2"><c r="B2" s="0"/></row></sheetData>',
    ],
)
def test_sheets_without_values(tmp_path, sheet_data):
    path = _package(
        tmp_path, f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{sheet_data}</worksheet>'
    )
    assert _trimmed(list(read_rows(path))) == []
    with StreamedWorkbook(path) as workbook:
        assert workbook.dimension() is None
        assert workbook.merged_cell_ranges() == []


def test_a_sheet_cut_short_is_refused(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2000))
    for cut in ('<row r="2000"><c r="A2', "", "</sheetData"):
        sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}{cut}'
        with pytest.raises(RefusedFile) as caught:
            list(read_rows(_package(tmp_path, sheet)))
        assert caught.value.code == "unreadable"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("yyyy-mm-dd", DATE),
        ('yyyy"年"m"月"d"日"', DATE),
        ("DD/MM/YY", DATE),
        ("H:MM:SS;@", DATE),
        ("h:mm AM/PM", DATE),
        ("[$-804]aaaa", NUMBER),
        ('m"M"d"D";@', DATE),
        ("[$-404]e/m/d", DATE),
        ("[h]:mm:ss", DURATION),
        ("[mm]:ss", DURATION),
        ("[ss].000", DURATION),
        ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm", DURATION),
        ("0.00", NUMBER),
        ("General", NUMBER),
        ("@", NUMBER),
        ('"¥"#,##0.00;[Red]-"¥"#,##0.00', NUMBER),
        ("#,##0\\ [$\\u20bd-46D]", NUMBER),
        ("\\Y000000", NUMBER),
        ('#,##0.0####" YMD"', NUMBER),
        ("[>=100][Magenta]General", NUMBER),
        ("0_);[Red](0)", NUMBER),
        ("*-#,##0", NUMBER),
        ("*-yyyy-mm-dd", DATE),
    ],
)
def test_number_format_kinds(code, kind):
    assert number_format_kind(code) == kind


def test_column_index():
    assert [column_index(r) for r in ("A1", "Z9", "AA10", "AB12", "$C$3", "XFD1048576", "t")] == [
        0,
        25,
        26,
        27,
        2,
        16383,
        19,
    ]


def test_sheets_and_visibility(typed_workbook, tmp_path):
    with StreamedWorkbook(typed_workbook) as workbook:
        assert workbook.sheet_names == ["会员信息", "第二页"]
        assert all(sheet.visible and sheet.kind == "worksheet" for sheet in workbook.sheets)
        with pytest.raises(RefusedFile):
            list(workbook.iter_rows("没有这一页"))
    path = tmp_path / "hidden.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet("可见").write(0, 0, 1)
    workbook.add_worksheet("隐藏").hide()
    workbook.close()
    with StreamedWorkbook(path) as opened:
        assert [(s.name, s.visible) for s in opened.sheets] == [("可见", True), ("隐藏", False)]


def test_damaged_xml_and_packages_are_refused(tmp_path):
    broken = _package(tmp_path, f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(RefusedFile) as caught:
        list(read_rows(broken))
    assert caught.value.code == "unreadable"
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RefusedFile):
        StreamedWorkbook(garbage)


@pytest.fixture(scope="module")
def long_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long.xlsx"
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    for r in range(30_000):
        sheet.write_string(r, 0, f"成员{r}")
        sheet.write_string(r, 1, f"4601001980010{r:05d}")
        sheet.write_number(r, 2, r)
    workbook.close()
    return path


def test_memory_stays_flat_while_rows_stream(long_sheet):
    """Rows read are let go: what is alive is one chunk's rows at most, not the sheet."""
    rows = read_rows(long_sheet)
    for _ in range(1_000):
        next(rows)
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(28_000):
        next(rows)
    gc.collect()
    after = len(gc.get_objects())
    # Holding the rows would keep 28,000 more lists alive; a 256 KB chunk holds about 2,000.
    assert after - before < 5_000
    assert sum(1 for _values in rows) == 1_000


def test_merged_cells_and_dimension_as_calamine_gives_them(tmp_path):
    path = tmp_path / "merged.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("表")
    sheet.merge_range("A1:F1", "会员花名册")
    sheet.merge_range("E2:F2", "联系方式")
    sheet.write_row(2, 0, ["姓名", "性别", "证件号码", "出生日期", "移动电话", "固定电话"])
    sheet.merge_range("A5:A7", "合并的行")
    for r in range(3, 300):
        sheet.write_string(r, 1, "男")
    workbook.close()
    calamine_sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    with StreamedWorkbook(path) as streamed:
        assert streamed.merged_cell_ranges("表") == calamine_sheet.merged_cell_ranges
        assert streamed.dimension(0) == (calamine_sheet.start, calamine_sheet.end)
    assert assert_same_as_calamine(path)[0] == ["会员花名册"]


def test_the_packed_string_table_reads_like_a_list() -> None:
    from gonghui.core.sheets.reading.stream import StringTable

    texts = ["张三", "", "330102199001011234", "a_x000D_b", "𠀀字"]
    table = StringTable()
    for text in texts:
        table.append(text)
    assert len(table) == len(texts)
    assert [table[i] for i in range(len(texts))] == texts
    assert table[-1] == texts[-1]
    with pytest.raises(IndexError):
        table[len(texts)]
