"""Cleaning single cells: headers, text, codes, dates and money."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from gonghui.core.sheets.reading import clean_code, clean_date, clean_decimal, clean_text, normalise_header


def codes(cleaned) -> set[str]:
    return {issue.code for issue in cleaned.issues}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 证件号码 ", "证件号码"),
        ("证件号码（必填）", "证件号码"),
        ("证件号码(必填)", "证件号码"),
        ("*姓名", "姓名"),
        ("姓名*", "姓名"),
        ("姓名＊", "姓名"),
        ("移动\n电话", "移动电话"),
        ("出 生 日 期", "出生日期"),
        ("\u200b工作单位\ufeff", "工作单位"),
        ("工作单位（全称）", "工作单位(全称)"),
        ("ＩＤ号", "ID号"),
        ("\u2f2f作单位", "工作单位"),  # a Kangxi radical that looks like 工
        (None, ""),
        (2026.0, "2026"),
    ],
)
def test_normalise_header(raw, expected):
    assert normalise_header(raw) == expected


class TestCleanText:
    def test_trims_spaces_of_every_kind(self):
        cleaned = clean_text("\u00a0张伟\u3000 ")
        assert cleaned.value == "张伟"
        assert codes(cleaned) == {"spaces_trimmed"}
        assert not cleaned.fatal

    def test_removes_invisible_characters(self):
        cleaned = clean_text("张\u200b伟\u200e")
        assert cleaned.value == "张伟"
        assert codes(cleaned) == {"invisible_removed"}

    def test_changes_full_width_letters_and_digits_but_not_chinese_punctuation(self):
        cleaned = clean_text("海口市１号楼Ａ座，３层")
        assert cleaned.value == "海口市1号楼A座，3层"
        assert codes(cleaned) == {"normalised_fullwidth"}

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (123.0, "123"),
            (12, "12"),
            (1.5, "1.5"),
            (True, "TRUE"),
            (None, ""),
            (datetime.date(2026, 3, 15), "2026-03-15"),
        ],
    )
    def test_gives_plain_text_for_other_values(self, raw, expected):
        assert clean_text(raw).value == expected
        assert clean_text(raw).issues == []

    def test_a_sixteen_digit_number_in_a_text_column_has_lost_digits(self):
        assert clean_text(3.2050519610213e17).fatal


class TestCleanCode:
    def test_an_eighteen_digit_id_stored_as_a_number_is_fatal_with_the_message_of_the_brief(self):
        with translation.override("zh-hans"):
            cleaned = clean_code(3.2050519610213e17, digits=18, column="证件号码")
        assert cleaned.fatal
        assert codes(cleaned) == {"digits_lost"}
        assert cleaned.issues[0].message == (
            "证件号码被Excel存成了数字，后几位已经丢失（显示为 3.2050519610213e+17）："
            "请把该列设置为「文本」格式后重新录入这些号码，不能只改格式。"
        )

    def test_damage_is_fatal_even_when_the_shown_number_passes_the_checksum(self):
        # 320505196102130000 shows in Excel and could pass GB 11643: the cell type decides.
        assert clean_code(320505196102130000.0, digits=18).fatal

    @pytest.mark.parametrize("raw", ["3.20505E+17", "3.2050519610213E+17", "３．２０５０５Ｅ＋１７", " 4.6E+17 "])
    def test_scientific_notation_text_is_fatal(self, raw):
        cleaned = clean_code(raw, digits=18, column="证件号码")
        assert cleaned.fatal
        assert "scientific_notation" in codes(cleaned)

    def test_a_phone_stored_as_a_number_is_recovered(self):
        cleaned = clean_code(13812345678.0, digits=11, column="移动电话")
        assert cleaned.value == "13812345678"
        assert codes(cleaned) == {"stored_as_number"}
        assert not cleaned.fatal

    def test_a_number_shorter_than_the_code_has_lost_leading_zeros(self):
        cleaned = clean_code(89866123456.0, digits=12, column="固定电话")
        assert cleaned.fatal
        assert codes(cleaned) == {"leading_zeros_lost"}

    def test_full_width_digits_and_letters_are_normalised(self):
        cleaned = clean_code("３２０５００１９９００１０１００１Ｘ")
        assert cleaned.value == "32050019900101001X"
        assert codes(cleaned) == {"normalised_fullwidth"}
        assert not cleaned.fatal

    def test_lower_case_x_is_left_to_the_validator(self):
        assert clean_code("32050019900101001x").value == "32050019900101001x"

    def test_a_code_in_capitals_has_its_lower_case_letters_raised_and_reported(self):
        with translation.override("zh-hans"):
            cleaned = clean_code("32050019900101001x", upper=True)
            both = clean_code("９１３３０１００ｍａ２ＣＨＢＬ０Ｘ", upper=True)
        assert cleaned.value == "32050019900101001X"
        assert codes(cleaned) == {"upper_cased"}
        assert cleaned.issues[0].message == "小写 x 已改为大写 X。"
        assert not cleaned.fatal
        assert both.value == "91330100MA2CHBL0X"
        assert codes(both) == {"normalised_fullwidth", "upper_cased"}
        assert both.issues[1].message == "小写 a、m 已改为大写 A、M。"
        assert clean_code("32050019900101001X", upper=True).issues == []

    def test_spaces_and_invisible_characters_are_removed(self):
        cleaned = clean_code("\u200b3205 0019 9001 0100 1X\u00a0")
        assert cleaned.value == "32050019900101001X"
        assert codes(cleaned) == {"invisible_removed", "spaces_removed"}

    @pytest.mark.parametrize("raw", ["'13812345678", '="13812345678"'])
    def test_text_markers_from_csv_files_are_dropped(self, raw):
        assert clean_code(raw).value == "13812345678"

    def test_a_float_text_of_a_phone_is_recovered(self):
        cleaned = clean_code("13812345678.0")
        assert cleaned.value == "13812345678"
        assert codes(cleaned) == {"stored_as_number"}

    @pytest.mark.parametrize("raw", [1.5, True, datetime.date(2026, 1, 1)])
    def test_other_values_are_not_codes(self, raw):
        cleaned = clean_code(raw)
        assert cleaned.fatal
        assert codes(cleaned) == {"not_a_code"}

    def test_blank_is_blank(self):
        assert clean_code(None).value == ""
        assert clean_code("").value == ""


class TestCleanDate:
    @pytest.mark.parametrize(
        "raw",
        [
            datetime.datetime(2026, 3, 15, 0, 0),
            datetime.date(2026, 3, 15),
            46096.0,
            46096,
            20260315.0,
            "2026-03-15",
            "2026/3/15",
            "2026.3.15",
            "2026年3月15日",
            "2026年3月15号",
            "20260315",
            "２０２６－０３－１５",
            "2026-03-15 00:00:00",
            " 2026/03/15 ",
        ],
    )
    def test_accepted_forms(self, raw):
        cleaned = clean_date(raw)
        assert cleaned.value == datetime.date(2026, 3, 15), raw
        assert not cleaned.fatal

    @pytest.mark.parametrize("raw", ["2026-02-30", "15/3/2026", "明年", "2026-13-01", 1.5, "20261340", True])
    def test_anything_else_is_fatal_and_names_the_accepted_forms(self, raw):
        with translation.override("zh-hans"):
            cleaned = clean_date(raw)
        assert cleaned.fatal
        assert codes(cleaned) == {"invalid_date"}
        assert "2026年3月15日" in cleaned.issues[0].message

    @pytest.mark.parametrize(
        ("raw", "shown"), [("2026.3.15", "2026.3.15"), ("20260315", "20260315"), (20260315, "20260315")]
    )
    def test_a_form_excel_keeps_as_text_or_number_is_reported_with_how_it_was_read(self, raw, shown):
        with translation.override("zh-hans"):
            cleaned = clean_date(raw)
        assert cleaned.value == datetime.date(2026, 3, 15)
        assert codes(cleaned) == {"read_as_date"}
        assert cleaned.issues[0].message == f"“{shown}”不是 Excel 能识别的日期，已按 2026-03-15 读取。"

    @pytest.mark.parametrize("raw", [datetime.date(2026, 3, 15), 46096, "2026-03-15", "2026/3/15", "2026年3月15日"])
    def test_a_form_excel_recognises_is_read_without_a_note(self, raw):
        assert clean_date(raw).issues == []

    def test_full_width_digits_in_a_date_are_reported(self):
        assert codes(clean_date("２０２６－０３－１５")) == {"normalised_fullwidth"}

    def test_blank_is_none(self):
        assert clean_date("").value is None
        assert clean_date(None).value is None
        assert clean_date("  ").value is None


class TestCleanDecimal:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (0.1 + 0.2, Decimal("0.30")),
            (1234.5, Decimal("1234.50")),
            (100, Decimal("100")),
            ("¥1,234.50", Decimal("1234.50")),
            ("1,234.5元", Decimal("1234.5")),
            ("￥ 88", Decimal("88")),
            ("１２３．４", Decimal("123.4")),
            ("(1,000.00)", Decimal("-1000.00")),
            ("-5", Decimal("-5")),
        ],
    )
    def test_amounts(self, raw, expected):
        cleaned = clean_decimal(raw)
        assert cleaned.value == expected
        assert isinstance(cleaned.value, Decimal)
        assert not cleaned.fatal

    def test_a_float_with_more_than_cents_is_rounded_and_says_so(self):
        cleaned = clean_decimal(1.005)
        assert cleaned.value == Decimal("1.01")
        assert codes(cleaned) == {"rounded"}

    @pytest.mark.parametrize("raw", ["一千元", "12..5", "abc", True, float("nan")])
    def test_anything_else_is_fatal(self, raw):
        cleaned = clean_decimal(raw)
        assert cleaned.fatal
        assert codes(cleaned) == {"invalid_amount"}

    def test_blank_is_none(self):
        assert clean_decimal(None).value is None
        assert clean_decimal(" ").value is None
