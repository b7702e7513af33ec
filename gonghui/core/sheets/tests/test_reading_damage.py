"""Excel damage in the corpus is recognised, repaired where it can be, and named in Chinese."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import translation
from stdnum.cn import ric

from gonghui.core.sheets.reading import Cleaned, clean_code, clean_date, clean_text, open_sheet
from gonghui.core.sheets.tests.corpus.make_corpus import CORPUS, HEADER_HINT, HERE, _people

CELL_ITEMS = [item for item in CORPUS if item.kind == "cell"]
NOTICE_ITEMS = [item for item in CORPUS if item.kind == "notice"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def clean(column: str, value: object) -> Cleaned:
    if column == "证件号码":
        return clean_code(value, digits=18, column=column)
    if column == "移动电话":
        return clean_code(value, digits=11, column=column)
    if column == "出生日期":
        return clean_date(value)
    return clean_text(value)


def read_column(name: str, column: str) -> list[tuple[int, Cleaned]]:
    sheet = open_sheet(HERE / name, name, header_hint=HEADER_HINT)
    index = sheet.headers.index(column)
    return [(number, clean(column, values[index])) for number, values in sheet.rows()]


@pytest.mark.parametrize("item", CELL_ITEMS, ids=[item.name for item in CELL_ITEMS])
def test_each_damaged_file_is_flagged_in_the_damaged_column(item):
    # given a corpus file with damage in one column
    # when every cell of that column is cleaned under the Chinese interface
    with translation.override("zh-hans"):
        cleaned = read_column(item.name, item.column)
    # then the expected issue is found, fatal where the value cannot be trusted, with a Chinese message
    flagged = [(number, c) for number, c in cleaned if item.code in {i.code for i in c.issues}]
    assert flagged, [c for _n, c in cleaned]
    for _number, c in flagged:
        assert c.fatal is item.fatal
        message = next(i.message for i in c.issues if i.code == item.code)
        assert CHINESE.search(message), message


def test_ids_stored_as_numbers_say_the_digits_are_lost_and_how_to_fix_the_column():
    # given 18-digit IDs that Excel stored as numbers
    with translation.override("zh-hans"):
        cleaned = read_column("ids_as_numbers.xlsx", "证件号码")
    lost = [c for _n, c in cleaned if c.fatal]
    # then every numeric one is fatal (its checksum is irrelevant), with the brief's message
    assert len(lost) == 4
    assert lost[0].value == repr(float(f"{int(_people(1)[0][3]):.15g}"))
    message = lost[0].issues[0].message
    assert message.startswith("证件号码被Excel存成了数字，后几位已经丢失（显示为 ")
    assert "e+17" in message
    assert "请把该列设置为「文本」格式后重新录入这些号码，不能只改格式" in message
    # and the IDs ending in X, which Excel had to keep as text, are fine
    assert [c.value for _n, c in cleaned if not c.fatal] == [row[3] for row in _people(6) if str(row[3]).endswith("X")]


def test_the_old_xls_format_shows_the_same_damage():
    with translation.override("zh-hans"):
        xls = read_column("ids_as_numbers.xls", "证件号码")
        xlsx = read_column("ids_as_numbers.xlsx", "证件号码")
    assert [(n, c.fatal) for n, c in xls] == [(n, c.fatal) for n, c in xlsx]


def test_scientific_notation_in_a_csv_is_fatal_and_shows_the_value():
    with translation.override("zh-hans"):
        cleaned = read_column("ids_scientific.csv", "证件号码")
    fatal = [c for _n, c in cleaned if c.fatal]
    assert fatal
    assert "科学计数法" in fatal[0].issues[0].message
    assert "E+17" in fatal[0].issues[0].message


def test_phones_stored_as_numbers_are_recovered_as_digits():
    cleaned = read_column("phones_as_numbers.xlsx", "移动电话")
    assert [c.value for _n, c in cleaned] == [row[4] for row in _people(6)]
    assert all(not c.fatal for _n, c in cleaned)


def test_full_width_ids_become_valid_ids():
    cleaned = read_column("fullwidth.xlsx", "证件号码")
    assert [c.value for _n, c in cleaned] == [row[3] for row in _people(6)]
    assert all(ric.is_valid(c.value) for _n, c in cleaned)


def test_invisible_characters_and_spaces_are_removed():
    ids = read_column("invisible_characters.xlsx", "证件号码")
    assert [c.value for _n, c in ids] == [row[3] for row in _people(6)]
    names = read_column("stray_spaces.xlsx", "姓名")
    assert [c.value for _n, c in names] == [row[1] for row in _people(6)]
    spaced_id = read_column("stray_spaces.xlsx", "证件号码")[3][1]
    assert spaced_id.value == _people(6)[3][3]
    assert {i.code for i in spaced_id.issues} == {"spaces_removed"}


def test_five_date_forms_are_read_and_an_impossible_date_is_refused():
    with translation.override("zh-hans"):
        cleaned = read_column("dates_mixed.xlsx", "出生日期")
    values = [c.value for _n, c in cleaned]
    assert values[:5] == [
        datetime.date(1980, 5, 17),
        datetime.date(1981, 6, 18),
        datetime.date(1982, 7, 19),
        datetime.date(1983, 8, 20),
        datetime.date(1984, 9, 21),
    ]
    number, last = cleaned[5]
    assert number == 7
    assert last.fatal
    assert "2026-02-30" in last.issues[0].message
    assert "2026年3月15日" in last.issues[0].message


@pytest.mark.parametrize("item", NOTICE_ITEMS, ids=[item.name for item in NOTICE_ITEMS])
def test_each_file_level_problem_gives_a_chinese_notice(item):
    # given a corpus file with a problem of the whole sheet or a column
    with translation.override("zh-hans"):
        sheet = open_sheet(HERE / item.name, item.name, header_hint=HEADER_HINT)
    # then a notice with the expected code says so in Chinese, and the rows are still read
    notices = [n for n in sheet.notices if n.code == item.code]
    assert notices, sheet.notices
    assert CHINESE.search(notices[0].message), notices[0].message
    assert list(sheet.rows())
