"""Build the corpus of bad spreadsheets: dangerous files and Excel damage.

    .venv/bin/python -m gonghui.core.sheets.tests.corpus.make_corpus

writes every file next to this script, deterministically (fixed dates, fixed zip timestamps),
each under 100 KB so they can be committed and opened in Excel. ``CORPUS`` says what each
file is and what the reader must answer; the reading tests walk it, and so can the pipeline's
tests ("each bad file writes nothing").
"""

from __future__ import annotations

import codecs
import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from stdnum.cn import ric

from .oldformats import biff8_workbook, compound_file

HERE = Path(__file__).resolve().parent
HEADER = ["序号", "姓名", "性别", "证件号码", "移动电话", "出生日期", "工作单位"]
# The names and synonyms a member import knows; tests pass them as header_hint.
HEADER_HINT = [*HEADER, "身份证号", "身份证号码", "手机号码", "联系电话", "单位名称"]
TITLE = "海南省工会会员信息采集表"
FIXED = datetime.datetime(2026, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Item:
    """One corpus file: ``kind`` is "refused" (check_file/open_sheet raise ``code``), "notice"
    (open_sheet gives a Notice with ``code``) or "cell" (a clean_* of the named column gives an
    issue with ``code``; ``fatal`` says whether it must be fatal)."""

    name: str
    kind: str
    code: str
    what: str
    column: str = ""
    fatal: bool = False


CORPUS: list[Item] = [
    # Dangerous or unusable files: refused before parsing.
    Item("zip_bomb_ratio.xlsx", "refused", "zip_bomb_ratio", "sheet XML of 30 MB of blanks packed 1000:1"),
    Item("zip_lying_size.xlsx", "refused", "zip_bomb_ratio", "a part that unpacks to far more than it declares"),
    Item("zip_too_many_entries.xlsx", "refused", "zip_too_many_entries", "a workbook with 1,000 extra parts"),
    Item("macros.xlsm", "refused", "macros", "macro-enabled workbook with vbaProject.bin"),
    Item("macros_renamed.xlsx", "refused", "macros", "the .xlsm above renamed to .xlsx"),
    Item("macro_content_type.xlsx", "refused", "macros", "macro-enabled content type without vbaProject.bin"),
    Item("excel4_macro_sheet.xlsx", "refused", "macros", "an Excel 4.0 macro sheet (xl/macrosheets/)"),
    Item("vba_storage.xls", "refused", "macros", ".xls with a _VBA_PROJECT_CUR storage"),
    Item("excel4_macro_sheet.xls", "refused", "macros", ".xls with an Excel 4.0 macro sheet"),
    Item("xxe_external_file.xlsx", "refused", "external_entities", "sheet XML whose DOCTYPE reads /etc/passwd"),
    Item("billion_laughs.xlsx", "refused", "external_entities", "sharedStrings with nested entity expansion"),
    Item("xxe_in_content_types.xlsx", "refused", "external_entities", "DOCTYPE in [Content_Types].xml"),
    Item("pdf_named.xlsx", "refused", "wrong_content", "a PDF renamed to .xlsx"),
    Item("word_document.xlsx", "refused", "wrong_content", "a .docx renamed to .xlsx"),
    Item("zip_of_files.xlsx", "refused", "wrong_content", "a plain zip of text files named .xlsx"),
    Item("html_export.xls", "refused", "wrong_content", "an HTML table saved as .xls by an old system"),
    Item("html_named.xlsx", "refused", "wrong_content", "a web page named .xlsx"),
    Item("spreadsheetml_2003.xls", "refused", "wrong_content", "XML Spreadsheet 2003 named .xls"),
    Item("xlsx_named.xls", "refused", "wrong_content", "an .xlsx workbook renamed to .xls"),
    Item("old_xls_named.xlsx", "refused", "wrong_content", "an .xls workbook renamed to .xlsx"),
    Item("executable.csv", "refused", "wrong_content", "a Windows program (MZ header) named .csv"),
    Item("workbook_named.csv", "refused", "wrong_content", "an .xlsx workbook named .csv"),
    Item("encrypted.xlsx", "refused", "encrypted", "a password-protected (encrypted) .xlsx"),
    Item("encrypted.xls", "refused", "encrypted", "a password-protected .xls (FILEPASS record)"),
    Item("empty.xlsx", "refused", "empty", "an empty file (0 bytes)"),
    Item("empty.csv", "refused", "empty", "a CSV of blank lines"),
    Item("blank_workbook.xlsx", "refused", "empty", "a workbook whose sheets are all empty"),
    Item("header_only.xlsx", "refused", "empty", "the template with its header and no rows"),
    Item("no_header.xlsx", "refused", "no_header", "rows of data with no recognisable header"),
    Item("stray_far_cell.xlsx", "refused", "too_large", "a stray cell at XFD1048576: billions of cells to allocate"),
    Item("truncated.xlsx", "refused", "unreadable", "a workbook cut off halfway through the upload"),
    Item("binary_garbage.csv", "refused", "unreadable", "a CSV in no known text encoding"),
    Item("roster.xlsb", "refused", "unsupported_extension", "a binary workbook (.xlsb)"),
    # Excel damage: read, and flagged.
    Item("ids_as_numbers.xlsx", "cell", "digits_lost", "18-digit IDs stored as numbers", "证件号码", True),
    Item("ids_as_numbers.xls", "cell", "digits_lost", "the same in an old .xls", "证件号码", True),
    Item("ids_scientific.csv", "cell", "scientific_notation", "IDs as 3.20505E+17 in a CSV", "证件号码", True),
    Item("ids_scientific_text.xlsx", "cell", "scientific_notation", "IDs typed as 3.20505E+17 text", "证件号码", True),
    Item("phones_as_numbers.xlsx", "cell", "stored_as_number", "phone numbers stored as numbers", "移动电话"),
    Item("fullwidth.xlsx", "cell", "normalised_fullwidth", "full-width digits and Ｘ in IDs", "证件号码"),
    Item("fullwidth_phones.xlsx", "cell", "normalised_fullwidth", "full-width digits in phones", "移动电话"),
    Item("invisible_characters.xlsx", "cell", "invisible_removed", "zero-width spaces and BOM in IDs", "证件号码"),
    Item("stray_spaces.xlsx", "cell", "spaces_trimmed", "NBSP and trailing spaces in names", "姓名"),
    Item("dates_mixed.xlsx", "cell", "invalid_date", "dates in five forms, and 2026-02-30", "出生日期", True),
    Item("merged_header.xlsx", "notice", "merged_header", "a two-row header with merged cells"),
    Item("merged_data_cells.xlsx", "notice", "merged_data_cells", "工作单位 merged down several rows"),
    Item("hidden_sheet_only.xlsx", "notice", "hidden_sheet_used", "the visible sheet is empty, data is hidden"),
    Item("hidden_sheet_extra.xlsx", "notice", "hidden_sheet_data", "a hidden sheet with more data"),
    Item("second_sheet.xlsx", "notice", "data_on_other_sheet", "instructions first, data on the second sheet"),
    Item("several_sheets.xlsx", "notice", "several_sheets", "two sheets with the same header"),
    Item("duplicate_headers.xlsx", "notice", "duplicate_header", "the ID column twice"),
    Item("blank_header.xlsx", "notice", "blank_header", "a column with data and no header"),
    Item("gbk.csv", "notice", "encoding_gbk", "a CSV saved by Chinese Excel (GBK)"),
    Item("title_row.xlsx", "header", "", "a title and a blank row above the header"),
    Item("bom.csv", "header", "", "a UTF-8 CSV with BOM"),
    Item("tab_separated.csv", "header", "", "tab-separated text saved as .csv"),
    Item("marked_headers.xlsx", "header", "", "headers with *, （必填）, full-width brackets and newlines"),
]


def id_number(region: str, born: datetime.date, sequence: int) -> str:
    """A valid 18-character ID number (GB 11643 check digit)."""
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder for the check digit


def _id_for_row(i: int, born: datetime.date) -> str:
    region = "460100" if i % 2 else "320500"
    # Every third person gets an ID ending in X, which Excel cannot turn into a number.
    want_x = i % 3 == 2
    sequence = 10 + i * 7
    while id_number(region, born, sequence).endswith("X") is not want_x:
        sequence += 1
    number = id_number(region, born, sequence)
    assert ric.is_valid(number), number
    return number


def _people(count: int = 6) -> list[list[object]]:
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"]
    rows: list[list[object]] = []
    for i in range(count):
        # Hainan's codes date from 1988: people born since 1990 have IDs valid for either region.
        born = datetime.date(1990 + i % 15, 1 + i % 12, 1 + (i * 2) % 28)
        rows.append(
            [
                i + 1,
                names[i % len(names)],
                "男" if i % 2 == 0 else "女",
                _id_for_row(i, born),
                f"1381234{5670 + i:04d}",
                born.isoformat(),
                "海口市某某建材有限公司",
            ]
        )
    return rows


def _excel_float(code: str) -> float:
    """What Excel stores for a code typed into a General cell: a double with 15 significant digits."""
    return float(f"{int(code):.15g}")


# --- Workbook helpers -----------------------------------------------------------------------


@dataclass
class SheetSpec:
    name: str
    rows: list[list[object]]
    hidden: bool = False
    start_row: int = 0
    merges: tuple[tuple[int, int, int, int, str], ...] = ()


def _xlsx(sheets: list[SheetSpec]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    workbook.set_properties({"created": FIXED})
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for spec in sheets:
        sheet = workbook.add_worksheet(spec.name)
        for first_row, first_col, last_row, last_col, value in spec.merges:
            sheet.merge_range(first_row, first_col, last_row, last_col, value)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(spec.start_row + r, c, value, text)
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(spec.start_row + r, c, value, day)
                else:
                    sheet.write_number(spec.start_row + r, c, value)
        if spec.hidden:
            sheet.hide()
    if sheets and all(s.hidden for s in sheets):
        raise ValueError("a workbook needs one visible sheet")
    workbook.close()
    return buffer.getvalue()


def _members_xlsx(rows: list[list[object]], *, header: list[str] = HEADER, name: str = "会员信息") -> bytes:
    return _xlsx([SheetSpec(name, [header, *rows])])


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(parts: dict[str, bytes], *, level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=level)
    return buffer.getvalue()


def _with_content_type(parts: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    types = parts["[Content_Types].xml"].decode()
    assert old in types
    return {**parts, "[Content_Types].xml": types.replace(old, new).encode()}


MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _macro_parts() -> dict[str, bytes]:
    parts = _parts(_members_xlsx(_people(3)))
    parts = _with_content_type(
        parts,
        MAIN_TYPE,
        MACRO_MAIN_TYPE + '"/><Override PartName="/xl/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject',
    )
    vba = compound_file(
        {
            "VBA/dir": b"\x01" * 64,
            "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00",
            "VBA/Module1": b'Attribute VB_Name = "Module1"\r\nSub Auto_Open()\r\nEnd Sub\r\n',
            "PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=Module1\r\n',
        }
    )
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/></Relationships>',
    )
    return {**parts, "xl/_rels/workbook.xml.rels": rels.encode(), "xl/vbaProject.bin": vba}


def _sheet_xml_with_doctype(doctype: str, cell: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{doctype}\n"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{cell}</t></is></c></row></sheetData></worksheet>'
    ).encode()


# --- The files ------------------------------------------------------------------------------


def build_zip_bomb_ratio() -> bytes:
    parts = _parts(_members_xlsx(_people(2)))
    sheet = parts["xl/worksheets/sheet1.xml"]
    # Whitespace between elements is legal XML: the file still looks like a workbook.
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (30 * 1024 * 1024), 1)
    return _zip(parts, level=9)


def build_zip_lying_size() -> bytes:
    parts = _parts(_members_xlsx(_people(2)))
    big = parts["xl/worksheets/sheet1.xml"].replace(b"<sheetData>", b"<sheetData>" + b" " * (4 * 1024 * 1024), 1)
    parts["xl/worksheets/sheet1.xml"] = big
    data = bytearray(_zip(parts, level=9))
    # Rewrite the declared size of the sheet part (local and central headers) to 600 bytes:
    # a reader that trusts the header allocates little and then inflates megabytes.
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    declared = 600
    data[info.header_offset + 22 : info.header_offset + 26] = declared.to_bytes(4, "little")
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        name = bytes(data[position + 46 : position + 46 + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            data[position + 24 : position + 28] = declared.to_bytes(4, "little")
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def build_zip_too_many_entries() -> bytes:
    parts = _parts(_members_xlsx(_people(2)))
    for i in range(1000):
        parts[f"x/{i}"] = b""
    return _zip(parts, level=1)


def build_macros() -> bytes:
    return _zip(_macro_parts())


def build_macro_content_type() -> bytes:
    parts = _parts(_members_xlsx(_people(3)))
    return _zip(_with_content_type(parts, MAIN_TYPE, MACRO_MAIN_TYPE))


def build_excel4_macro_sheet() -> bytes:
    parts = _parts(_members_xlsx(_people(3)))
    parts = _with_content_type(
        parts,
        "</Types>",
        '<Override PartName="/xl/macrosheets/sheet1.xml" '
        'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>',
    )
    parts["xl/macrosheets/sheet1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><f>EXEC("calc.exe")</f></c></row></sheetData></xm:macrosheet>'
    )
    return _zip(parts)


def build_vba_storage_xls() -> bytes:
    stream = biff8_workbook([("会员信息", False, [HEADER, *_people(3)])])
    return compound_file(
        {
            "Workbook": stream,
            "_VBA_PROJECT_CUR/PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\n',
            "_VBA_PROJECT_CUR/VBA/dir": b"\x01" * 64,
            "_VBA_PROJECT_CUR/VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00",
            "_VBA_PROJECT_CUR/VBA/Module1": b"Sub Workbook_Open()\r\nEnd Sub\r\n",
        }
    )


def build_excel4_macro_sheet_xls() -> bytes:
    sheets = [("会员信息", False, [HEADER, *_people(3)]), ("Macro1", True, [['=EXEC("calc.exe")'], ["=HALT()"]])]
    return compound_file({"Workbook": biff8_workbook(sheets, macro_sheet=1)})


def build_xxe_external_file() -> bytes:
    parts = _parts(_members_xlsx(_people(2)))
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml_with_doctype(
        '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"
    )
    return _zip(parts)


def build_billion_laughs() -> bytes:
    parts = _parts(_members_xlsx(_people(2)))
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE sst [{''.join(entities)}]>\n"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&lol9;</t></si></sst>"
    ).encode()
    return _zip(parts)


def build_xxe_in_content_types() -> bytes:
    parts = _parts(_members_xlsx(_people(2)))
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "?>", '?>\n<!DOCTYPE Types [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>', 1
    )
    parts["[Content_Types].xml"] = types.encode()
    return _zip(parts)


def build_pdf_named() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def build_word_document() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.wordprocessingml.document.main+xml"/></Types>'
            ),
            "word/document.xml": (
                "<w:document><w:body><w:p><w:r><w:t>会员名单</w:t></w:r></w:p></w:body></w:document>"
            ).encode(),
        }
    )


def build_zip_of_files() -> bytes:
    return _zip({"会员名单.txt": "张伟 男\n".encode(), "readme.txt": b"hello"})


def build_html_export() -> bytes:
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in [HEADER, *_people(3)])
    return (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>'
        f"<body><table>{rows}</table></body></html>"
    ).encode()


def build_html_named() -> bytes:
    return "<!DOCTYPE html><html><head><title>会员</title></head><body>导出失败</body></html>".encode()


def build_spreadsheetml_2003() -> bytes:
    return (
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="会员"><Table>'
        '<Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row></Table></Worksheet></Workbook>'
    ).encode()


def build_xlsx_named_xls() -> bytes:
    return _members_xlsx(_people(3))


def build_old_xls_named_xlsx() -> bytes:
    return compound_file({"Workbook": biff8_workbook([("会员信息", False, [HEADER, *_people(3)])])})


def build_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def build_workbook_named_csv() -> bytes:
    return _members_xlsx(_people(2))


def build_encrypted_xlsx() -> bytes:
    # The layout Excel writes for "Encrypt with password": an OLE file holding the encrypted package.
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\x00" * 200
    return compound_file(
        {"EncryptionInfo": info, "EncryptedPackage": (4096).to_bytes(8, "little") + bytes(range(256)) * 16}
    )


def build_encrypted_xls() -> bytes:
    return compound_file({"Workbook": biff8_workbook([("会员信息", False, [HEADER])], filepass=True)})


def build_empty_xlsx() -> bytes:
    return b""


def build_empty_csv() -> bytes:
    return b"\r\n\r\n  \r\n"


def build_blank_workbook() -> bytes:
    return _xlsx([SheetSpec("Sheet1", []), SheetSpec("Sheet2", [])])


def build_header_only() -> bytes:
    return _xlsx([SheetSpec("会员信息", [[TITLE], HEADER], merges=((0, 0, 0, 6, TITLE),))])


def build_no_header() -> bytes:
    return _xlsx([SheetSpec("Sheet1", [row[1:] for row in _people(5)])])


def build_stray_far_cell() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": FIXED})
    sheet = workbook.add_worksheet("会员信息")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(_people(3), start=1):
        sheet.write_row(r, 0, [str(v) for v in row])
    sheet.write_string(1048575, 16383, " ")
    workbook.close()
    return buffer.getvalue()


def build_truncated() -> bytes:
    data = _members_xlsx(_people(30))
    return data[: len(data) // 2]


def build_binary_garbage_csv() -> bytes:
    # Bytes that are neither UTF-8 nor GB18030 (0x80 and 0xFF lead bytes are invalid in both).
    return b"\xff\x80\xff\x80,\xff\x80\n" * 20


def build_roster_xlsb() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 60


def build_ids_as_numbers() -> bytes:
    rows = _people(6)
    for row in rows:
        row[3] = _excel_float(str(row[3])) if not str(row[3]).endswith("X") else row[3]
    return _members_xlsx(rows)


def build_ids_as_numbers_xls() -> bytes:
    rows = _people(6)
    for row in rows:
        row[3] = _excel_float(str(row[3])) if not str(row[3]).endswith("X") else row[3]
    return compound_file({"Workbook": biff8_workbook([("会员信息", False, [HEADER, *rows])])})


def build_ids_scientific_csv() -> bytes:
    lines = [",".join(HEADER)]
    for row in _people(6):
        code = str(row[3])
        shown = code if code.endswith("X") else f"{int(code):.5E}"
        lines.append(",".join(str(v) for v in [*row[:3], shown, *row[4:]]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def build_ids_scientific_text() -> bytes:
    rows = _people(4)
    for row in rows:
        row[3] = f"{int(str(row[3])[:17]):.5E}"
    return _members_xlsx(rows)


def build_phones_as_numbers() -> bytes:
    rows = _people(6)
    for row in rows:
        row[4] = int(str(row[4]))
    return _members_xlsx(rows)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def build_fullwidth() -> bytes:
    rows = _people(6)
    rows[1][3] = _fullwidth(str(rows[1][3]))
    rows[3][3] = str(rows[3][3])[:17] + "Ｘ" if str(rows[3][3]).endswith("X") else _fullwidth(str(rows[3][3]))
    return _members_xlsx(rows)


def build_fullwidth_phones() -> bytes:
    rows = _people(6)
    for row in rows:
        row[4] = _fullwidth(str(row[4]))
    return _members_xlsx(rows)


def build_invisible_characters() -> bytes:
    rows = _people(6)
    rows[0][3] = "\u200b" + str(rows[0][3])
    rows[1][3] = "\ufeff" + str(rows[1][3]) + "\u200c"
    rows[2][3] = str(rows[2][3])[:6] + "\u2060" + str(rows[2][3])[6:]
    return _members_xlsx(rows)


def build_stray_spaces() -> bytes:
    rows = _people(6)
    rows[0][1] = " 张伟 "
    rows[1][1] = "王芳\u00a0"
    rows[2][1] = "\u3000李娜"
    rows[3][3] = " " + str(rows[3][3]) + " "
    return _members_xlsx(rows)


def build_dates_mixed() -> bytes:
    rows = _people(6)
    rows[0][5] = datetime.date(1980, 5, 17)  # a real date cell
    rows[1][5] = "1981/6/18"
    rows[2][5] = "1982.7.19"
    rows[3][5] = "1983年8月20日"
    rows[4][5] = "19840921"
    rows[5][5] = "2026-02-30"  # no such day
    return _members_xlsx(rows)


def build_merged_header() -> bytes:
    # The common two-row header: 联系方式 merged over 移动电话 and 固定电话.
    top = ["序号", "姓名", "性别", "证件号码", "联系方式", "", "出生日期", "工作单位"]
    sub = ["", "", "", "", "移动电话", "固定电话", "", ""]
    rows = [[*row[:5], "0898-66123456", *row[5:]] for row in _people(4)]
    merges = (*((0, c, 1, c, top[c]) for c in (0, 1, 2, 3, 6, 7)), (0, 4, 0, 5, "联系方式"))
    return _xlsx([SheetSpec("会员信息", [[None] * 8, sub, *rows], merges=merges)])


def build_merged_data_cells() -> bytes:
    rows = [[*row[:6], None] for row in _people(4)]
    return _xlsx([SheetSpec("会员信息", [HEADER, *rows], merges=((1, 6, 4, 6, "海口市某某建材有限公司"),))])


def build_hidden_sheet_only() -> bytes:
    return _xlsx([SheetSpec("Sheet1", []), SheetSpec("会员信息", [HEADER, *_people(4)], hidden=True)])


def build_hidden_sheet_extra() -> bytes:
    return _xlsx(
        [
            SheetSpec("会员信息", [HEADER, *_people(4)]),
            SheetSpec("旧数据", [HEADER, *_people(2)], hidden=True),
        ]
    )


def build_second_sheet() -> bytes:
    notes = [["填表说明"], ["1. 证件号码列请设置为文本格式"], ["2. 出生日期格式：2026-03-15"]]
    return _xlsx([SheetSpec("填表说明", notes), SheetSpec("会员信息", [HEADER, *_people(4)])])


def build_several_sheets() -> bytes:
    return _xlsx(
        [
            SheetSpec("一车间", [HEADER, *_people(3)]),
            SheetSpec("二车间", [HEADER, *_people(2)]),
        ]
    )


def build_duplicate_headers() -> bytes:
    header = [*HEADER, "证件号码"]
    rows = [[*row, row[3]] for row in _people(3)]
    return _members_xlsx(rows, header=header)


def build_blank_header() -> bytes:
    header = [*HEADER[:4], "", *HEADER[4:]]
    rows = [[*row[:4], "备注", *row[4:]] for row in _people(3)]
    return _members_xlsx(rows, header=header)


def build_gbk_csv() -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in _people(5)]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def build_title_row() -> bytes:
    return _xlsx([SheetSpec("会员信息", [[TITLE], [], HEADER, *_people(5)], merges=((0, 0, 0, 6, TITLE),))])


def build_bom_csv() -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in _people(5)]
    return codecs.BOM_UTF8 + ("\r\n".join(lines) + "\r\n").encode()


def build_tab_separated() -> bytes:
    lines = ["\t".join(HEADER)] + ["\t".join(str(v) for v in row) for row in _people(5)]
    return ("\n".join(lines) + "\n").encode("gbk")


def build_marked_headers() -> bytes:
    header = ["序号", "*姓名", "性别", "证件号码（必填）", "移动电话\n(必填)", "出 生 日 期", "工作单位＊"]
    return _members_xlsx(_people(3), header=header)


BUILDERS: dict[str, Callable[[], bytes]] = {
    "zip_bomb_ratio.xlsx": build_zip_bomb_ratio,
    "zip_lying_size.xlsx": build_zip_lying_size,
    "zip_too_many_entries.xlsx": build_zip_too_many_entries,
    "macros.xlsm": build_macros,
    "macros_renamed.xlsx": build_macros,
    "macro_content_type.xlsx": build_macro_content_type,
    "excel4_macro_sheet.xlsx": build_excel4_macro_sheet,
    "vba_storage.xls": build_vba_storage_xls,
    "excel4_macro_sheet.xls": build_excel4_macro_sheet_xls,
    "xxe_external_file.xlsx": build_xxe_external_file,
    "billion_laughs.xlsx": build_billion_laughs,
    "xxe_in_content_types.xlsx": build_xxe_in_content_types,
    "pdf_named.xlsx": build_pdf_named,
    "word_document.xlsx": build_word_document,
    "zip_of_files.xlsx": build_zip_of_files,
    "html_export.xls": build_html_export,
    "html_named.xlsx": build_html_named,
    "spreadsheetml_2003.xls": build_spreadsheetml_2003,
    "xlsx_named.xls": build_xlsx_named_xls,
    "old_xls_named.xlsx": build_old_xls_named_xlsx,
    "executable.csv": build_executable,
    "workbook_named.csv": build_workbook_named_csv,
    "encrypted.xlsx": build_encrypted_xlsx,
    "encrypted.xls": build_encrypted_xls,
    "empty.xlsx": build_empty_xlsx,
    "empty.csv": build_empty_csv,
    "blank_workbook.xlsx": build_blank_workbook,
    "header_only.xlsx": build_header_only,
    "no_header.xlsx": build_no_header,
    "stray_far_cell.xlsx": build_stray_far_cell,
    "truncated.xlsx": build_truncated,
    "binary_garbage.csv": build_binary_garbage_csv,
    "roster.xlsb": build_roster_xlsb,
    "ids_as_numbers.xlsx": build_ids_as_numbers,
    "ids_as_numbers.xls": build_ids_as_numbers_xls,
    "ids_scientific.csv": build_ids_scientific_csv,
    "ids_scientific_text.xlsx": build_ids_scientific_text,
    "phones_as_numbers.xlsx": build_phones_as_numbers,
    "fullwidth.xlsx": build_fullwidth,
    "fullwidth_phones.xlsx": build_fullwidth_phones,
    "invisible_characters.xlsx": build_invisible_characters,
    "stray_spaces.xlsx": build_stray_spaces,
    "dates_mixed.xlsx": build_dates_mixed,
    "merged_header.xlsx": build_merged_header,
    "merged_data_cells.xlsx": build_merged_data_cells,
    "hidden_sheet_only.xlsx": build_hidden_sheet_only,
    "hidden_sheet_extra.xlsx": build_hidden_sheet_extra,
    "second_sheet.xlsx": build_second_sheet,
    "several_sheets.xlsx": build_several_sheets,
    "duplicate_headers.xlsx": build_duplicate_headers,
    "blank_header.xlsx": build_blank_header,
    "gbk.csv": build_gbk_csv,
    "title_row.xlsx": build_title_row,
    "bom.csv": build_bom_csv,
    "tab_separated.csv": build_tab_separated,
    "marked_headers.xlsx": build_marked_headers,
}


def main() -> None:
    assert set(BUILDERS) == {item.name for item in CORPUS}
    for name, build in BUILDERS.items():
        data = build()
        assert len(data) < 100 * 1024, f"{name} is {len(data)} bytes"
        (HERE / name).write_bytes(data)
    print(f"{len(BUILDERS)} files written to {HERE}")


if __name__ == "__main__":
    main()
