"""The shipped data files: they parse, their codes are unique and the lists are complete and correct."""

from __future__ import annotations

import csv

import pytest

from gonghui.core.demo import names
from gonghui.core.reference.files import SHIPPED_DIR, read_kind
from gonghui.core.reference.kinds import KINDS
from gonghui.core.tree.demo import township_names

# GB/T 4754-2017: each section and the range of its two-digit divisions.
SECTION_RANGES = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52), "G": (53, 60),
    "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79),
    "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}  # fmt: skip


def rows_of(key: str):
    kind = KINDS[key]
    return read_kind(kind, SHIPPED_DIR / kind.file)


@pytest.mark.parametrize("key", list(KINDS))
def test_every_file_parses_with_unique_codes_and_names(key):
    # given a shipped file, when it is read and checked (read_kind raises on any problem)
    rows = rows_of(key)
    # then it has rows, and each code appears once
    assert rows
    assert len({row.code for row in rows}) == len(rows)
    assert all(row.name for row in rows)


@pytest.mark.parametrize("key", list(KINDS))
def test_every_file_is_utf8_csv_with_one_header_line(key):
    path = SHIPPED_DIR / KINDS[key].file
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header[:2] == ["code", "name"]
    assert header[-1] == "synonyms"


def test_every_file_has_its_source_noted():
    sources = (SHIPPED_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        assert f"`{kind.file}`" in sources, kind.file


def test_industries_are_the_20_sections_and_97_divisions_of_gbt_4754_2017():
    rows = rows_of("industry")
    sections = [row for row in rows if row.extra["level"] == "section"]
    divisions = [row for row in rows if row.extra["level"] == "division"]
    # then sections A–T and divisions 01–97, contiguous
    assert [row.code for row in sections] == list("ABCDEFGHIJKLMNOPQRST")
    assert [row.code for row in divisions] == [f"{n:02d}" for n in range(1, 98)]
    # and every division sits under the section whose range holds its code
    for row in divisions:
        low, high = SECTION_RANGES[row.extra["section"]]
        assert low <= int(row.code) <= high, (row.code, row.extra["section"])
    names_by_code = {row.code: row.name for row in rows}
    # 2017 names, not those of 2011
    assert names_by_code["A"] == "农、林、牧、渔业"
    assert names_by_code["C"] == "制造业"
    assert names_by_code["05"] == "农、林、牧、渔专业及辅助性活动"
    assert names_by_code["11"] == "开采专业及辅助性活动"
    assert names_by_code["58"] == "多式联运和运输代理业"
    assert names_by_code["79"] == "土地管理业"
    assert names_by_code["96"] == "基层群众自治组织及其他组织"
    assert names_by_code["97"] == "国际组织"


def test_ethnic_groups_are_the_56_of_gbt_3304_with_others():
    rows = rows_of("ethnic_group")
    groups = [row for row in rows if int(row.code) <= 56]
    assert [row.code for row in groups] == [f"{n:02d}" for n in range(1, 57)]
    assert all(row.name.endswith("族") for row in groups)
    by_code = {row.code: row.name for row in rows}
    assert (by_code["01"], by_code["56"], by_code["97"], by_code["98"]) == (
        "汉族",
        "基诺族",
        "其他",
        "外国血统中国籍人士",
    )
    # every group accepts its name without 族
    assert all(row.name.removesuffix("族") in row.synonyms for row in groups)


def test_the_code_lists_of_the_member_template():
    assert [r.name for r in rows_of("political_status")] == [
        "中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员",
        "农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众",
    ]  # fmt: skip
    assert [r.name for r in rows_of("employment_status")] == [
        "在岗", "待（下）岗", "失业", "退休", "退职", "退养（内退）", "病休", "其他",
    ]  # fmt: skip
    assert len(rows_of("education_level")) == 8
    assert next(r.name for r in rows_of("education_level")) == "博士研究生"
    assert [r.name for r in rows_of("education_level")][-1] == "小学及以下"
    assert next(r.name for r in rows_of("skill_level")) == "无"
    assert len(rows_of("skill_level")) == 6
    assert [r.name for r in rows_of("ownership")] == [
        "国有", "集体", "私营", "个体", "联营", "股份制", "外商投资", "港澳台投资", "其他",
    ]  # fmt: skip
    assert {"农业户口", "非农业户口"} <= {r.name for r in rows_of("household_type")}


def test_divisions_hold_the_34_provinces():
    provinces = [row for row in rows_of("division") if row.extra["level"] == "province"]
    assert len(provinces) == 34
    codes = {row.code[:2] for row in provinces}
    assert {"11", "33", "65", "71", "81", "82"} <= codes
    assert all(row.code.endswith("0000000000") for row in provinces)


def test_the_demo_county_has_the_townships_of_the_demo_generator():
    rows = rows_of("division")
    county = next(row for row in rows if row.extra["level"] == "county")
    assert (county.code, county.name) == (names.COUNTY_DIVISION + "000000", names.COUNTY)
    townships = [row for row in rows if row.extra["level"] == "township"]
    # the county-size demo builds ten townships; each has a division row
    assert sorted(row.name for row in townships) == sorted(township_names(10))
    assert all(row.extra["parent"] == county.code for row in townships)
    # each township has 8 to 20 villages or communities, coded within it
    for township in townships:
        villages = [row for row in rows if row.extra["parent"] == township.code]
        assert 8 <= len(villages) <= 20, township.name
        assert all(row.code[:9] == township.code[:9] for row in villages)
        assert all(row.name.endswith(("村委会", "居委会")) for row in villages)
