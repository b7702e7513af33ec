"""Lookups for imports and forms: names, variants, full-width input, cache and its invalidation."""

from __future__ import annotations

import pytest

from gonghui.core.reference import selectors
from gonghui.core.reference.models import Division, EthnicGroup, ReferenceLoad
from gonghui.core.reference.services import reference_load
from gonghui.core.reference.tests.test_loader import VILLAGE, drop_line


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        ("ethnic_group", "汉族", "01"),
        ("ethnic_group", "汉", "01"),
        ("ethnic_group", "01", "01"),
        ("ethnic_group", "1", "01"),  # a spreadsheet dropped the leading zero
        ("ethnic_group", "维族", "05"),
        ("education_level", "大学本科", "21"),
        ("education_level", "本科", "21"),
        ("education_level", "大专", "31"),
        ("ownership", "私营企业", "3"),
        ("ownership", "私营", "3"),
        ("political_status", "中国共产党党员", "01"),
        ("skill_level", "高级技师", "1"),
        ("skill_level", "初级工", "5"),
        ("household_type", "城镇户口", "2"),
        ("employment_status", "退养（内退）", "06"),
        ("employment_status", "内退", "06"),
        ("industry", "制造业", "C"),
        ("industry", "农林牧渔业", "A"),  # without the enumeration commas
        ("industry", "农、林、牧、渔服务业", "05"),  # the 2011 name
        ("industry", "教育", "83"),  # section P and division 83 share it: the division
        ("division", "城关镇", "339901101000"),
        ("division", "杏花村", VILLAGE),
        ("division", "浙江", "330000000000"),
    ],
)
def test_names_and_variants_find_their_code(loaded, kind, text, code):
    assert selectors.lookup(kind, text) == code


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        ("ethnic_group", "　汉　族　", "01"),  # ideographic spaces
        ("ethnic_group", " 汉族\t", "01"),
        ("employment_status", "待(下)岗", "02"),  # half-width brackets for the file's full-width ones
        ("employment_status", "待（下）岗", "02"),
        ("ethnic_group", "０１", "01"),  # full-width digits
        ("industry", "ｃ", "C"),  # full-width, lower case
        ("education_level", "中专／中技", "41"),
    ],
)
def test_input_is_normalised(loaded, kind, text, code):
    assert selectors.lookup(kind, text) == code


@pytest.mark.parametrize("text", ["", None, "   ", "火星族", "汉族人"])
def test_unknown_text_finds_nothing(loaded, text):
    assert selectors.lookup("ethnic_group", text) is None


def test_an_unknown_kind_is_an_error(loaded):
    with pytest.raises(KeyError, match="unknown reference kind"):
        selectors.lookup("planet", "地球")


def test_a_name_shared_by_two_villages_is_ambiguous_unless_the_township_is_given(loaded):
    # given a second village of the same name in another township (real counties have them)
    Division.objects.create(code="339901102298", name="杏花村委会", level="village", parent_id="339901102000",
                            synonyms="杏花村", position=999)  # fmt: skip
    selectors.clear_cache()
    # then the name alone names no single code
    assert selectors.lookup("division", "杏花村") is None
    # but within a township it does
    assert selectors.lookup("division", "杏花村", parent="339901101000") == VILLAGE
    assert selectors.lookup("division", "杏花村", parent="339901102000") == "339901102298"


def test_inactive_codes_are_not_found_but_keep_their_name(loaded, data_dir):
    drop_line(data_dir / "divisions.csv", VILLAGE)
    reference_load(actor=None, data_dir=data_dir)
    assert selectors.lookup("division", "杏花村") is None
    assert VILLAGE not in dict(selectors.choices("division"))
    assert selectors.name_of("division", VILLAGE) == "杏花村委会"


def test_choices_are_in_file_order(loaded):
    assert selectors.choices("skill_level")[:2] == [("0", "无"), ("1", "职业资格一级（高级技师）")]
    assert [name for _code, name in selectors.choices("employment_status")][-1] == "其他"
    villages = selectors.choices("division", parent="339901101000")
    assert villages
    assert all(code.startswith("339901101") for code, _name in villages)
    sections = selectors.choices("industry", parent="")
    assert [code for code, _name in sections] == list("ABCDEFGHIJKLMNOPQRST")


def test_division_children_and_industry_sections(loaded):
    townships = selectors.division_children("339901000000")
    assert len(townships) == 10
    assert all(t.level == Division.Level.TOWNSHIP for t in townships)
    assert len(selectors.division_children(None)) == 34
    sections = selectors.industry_sections()
    assert len(sections) == 20
    manufacturing = {s.code: d for s, d in sections}["C"]
    assert [d.code for d in manufacturing] == [f"{n}" for n in range(13, 44)]
    assert sum(len(d) for _s, d in sections) == 97


def test_lookups_come_from_memory_after_the_first(loaded, django_assert_num_queries):
    selectors.lookup("ethnic_group", "汉")
    with django_assert_num_queries(0):
        for _ in range(1000):
            assert selectors.lookup("ethnic_group", "汉族") == "01"
            assert selectors.choices("ethnic_group")


def test_a_load_in_this_process_clears_the_cache(loaded, data_dir):
    assert selectors.lookup("political_status", "群众") == "13"
    text = (data_dir / "political_status.csv").read_text(encoding="utf-8").replace("13,群众,", "13,人民群众,")
    (data_dir / "political_status.csv").write_text(text, encoding="utf-8")
    reference_load(actor=None, data_dir=data_dir)
    assert selectors.lookup("political_status", "人民群众") == "13"
    assert selectors.lookup("political_status", "群众") is None


def test_a_load_in_another_process_is_seen_after_the_version_check(loaded, monkeypatch):
    # given a warm cache
    assert selectors.lookup("ethnic_group", "汉") == "01"
    # when another process changes the data and records its load (simulated: no cache clearing here)
    EthnicGroup.objects.filter(code="01").update(synonyms="汉|汉人")
    ReferenceLoad.objects.create(summary={})
    # then within the check interval the old answer stands
    assert selectors.lookup("ethnic_group", "汉人") is None
    # and once the interval has passed the new data is read
    clock = [1e9]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    assert selectors.lookup("ethnic_group", "汉人") == "01"
