"""The growth arithmetic and its wording: one decimal half up, a base year equal, a zero base, a fall."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from gonghui.reports import growth
from gonghui.reports.sentences import Facts, sentence


def test_a_multiple_is_rounded_half_up_to_one_decimal() -> None:
    assert growth.multiple(10, 4) == Decimal("2.5")
    assert growth.multiple(9, 4) == Decimal("2.3")  # 2.25: half up, not to the even 2.2
    assert growth.multiple(49, 20) == Decimal("2.5")  # 2.45
    assert growth.multiple(Decimal("60.6"), Decimal("24.24")) == Decimal("2.5")
    assert growth.multiple(3, 1) == Decimal("3.0")


def test_a_change_is_rounded_half_up_and_a_fall_is_negative() -> None:
    assert growth.change(18, 16) == Decimal("12.5")
    assert growth.change(17, 16) == Decimal("6.3")  # 6.25
    assert growth.change(15, 16) == Decimal("-6.3")  # -6.25: half away from zero
    assert growth.change(16, 16) == Decimal("0.0")


def test_compound_annual_growth() -> None:
    # the speech: 2.5 times in five years is 20.1 % a year; 17.8 % a year is 2.27 times
    assert growth.annual_growth(4, 10, 5) == Decimal("20.1")
    assert growth.annual_growth(100, 227, 5) == Decimal("17.8")
    assert growth.annual_growth(100, 121, 2) == Decimal("10.0")
    assert growth.annual_growth(121, 100, 2) == Decimal("-9.1")  # a fall
    assert growth.annual_growth(Decimal("100.00"), Decimal("100.00"), 3) == Decimal("0.0")
    assert growth.annual_growth(5, 0, 3) == Decimal("-100.0")


def test_a_zero_base_or_no_years_between_is_not_divided() -> None:
    assert growth.multiple(5, 0) is None
    assert growth.change(5, 0) is None
    assert growth.annual_growth(0, 5, 5) is None
    assert growth.annual_growth(4, 10, 0) is None  # the base year is the year itself
    with pytest.raises(TypeError):
        growth.multiple(2.5, 1)  # type: ignore[arg-type]


def facts(**fields: object) -> Facts:
    values: dict[str, object] = {
        "label": "新发展会员",
        "unit": "people",
        "stock": False,
        "scope": "全县",
        "year": 2025,
        "value": 2156,
        "last": 1916,
        "base_year": 2020,
        "base": 862,
        "start": date(2025, 1, 1),
    }
    values.update(fields)
    return Facts(**values)  # type: ignore[arg-type]


@pytest.fixture
def chinese() -> object:
    with translation.override("zh-hans"):
        yield


@pytest.mark.usefixtures("chinese")
def test_the_speech_sentence() -> None:
    # 2156 / 862 = 2.501 → 2.5 times; (2156 / 862) ** (1 / 5) − 1 = 20.1 %; 2156 / 1916 − 1 = 12.5 %
    assert sentence(facts()) == "全县新发展会员2,156人，比上年增长12.5%，是2020年的2.5倍，年均增长20.1%。"


@pytest.mark.usefixtures("chinese")
def test_a_fall_reads_as_a_fall() -> None:
    text = sentence(facts(value=800, last=1000, base=1000))
    assert text == "全县新发展会员800人，比上年下降20.0%，比2020年下降20.0%，年均下降4.4%。"
    assert "倍" not in text
    assert "增长" not in text


@pytest.mark.usefixtures("chinese")
def test_a_zero_base_is_said_in_words() -> None:
    assert sentence(facts(value=38, last=0, base=0, label="新建工会", unit="count")) == (
        "全县新建工会38个，上年为零，2020年为零。"
    )
    # a label naming its measure word takes no 个
    assert sentence(facts(value=6, last=None, base=None, label="在档困难职工户数", unit="count")) == (
        "全县在档困难职工户数6。"
    )


@pytest.mark.usefixtures("chinese")
def test_the_base_year_equal_to_the_year_or_last_year_says_no_multiple() -> None:
    assert sentence(facts(base_year=2025, base=None)) == "全县新发展会员2,156人，比上年增长12.5%。"
    assert sentence(facts(base_year=2024, base=1916)) == "全县新发展会员2,156人，比上年增长12.5%。"
    assert sentence(facts(value=862, last=862, base=862)) == "全县新发展会员862人，与上年持平，与2020年持平。"


@pytest.mark.usefixtures("chinese")
def test_a_small_rise_is_a_percentage_not_one_point_zero_times() -> None:
    assert sentence(facts(value=104, last=104, base=100)) == (
        "全县新发展会员104人，与上年持平，比2020年增长4.0%，年均增长0.8%。"
    )


@pytest.mark.usefixtures("chinese")
def test_a_stock_a_rate_a_target_and_money() -> None:
    members = facts(
        label="会员",
        stock=True,
        value=850,
        last=800,
        base=500,
        rate=Decimal("0.8500"),
        last_rate=Decimal("0.8000"),
        whole_label="建会单位职工",
        target=Decimal("0.9"),
    )
    assert sentence(members) == (
        "年末全县会员850人，比上年末增长6.3%，是2020年末的1.7倍，年均增长11.2%；"
        "占建会单位职工的85.0%，比上年末提高5.0个百分点，距90.0%的目标还差5.0个百分点。"
    )
    paid = facts(label="发放帮扶资金", unit="yuan", value=Decimal("123456.78"), last=None, base=None, base_year=2025)
    assert sentence(paid) == "全县发放帮扶资金12.35万元。"
    assert sentence(facts(label="发放帮扶资金", unit="yuan", value=Decimal("980.5"), last=None, base=None)) == (
        "全县发放帮扶资金980.50元。"
    )


@pytest.mark.usefixtures("chinese")
def test_a_year_still_running_compares_the_same_days() -> None:
    text = sentence(facts(until=date(2025, 6, 30)))
    assert text.startswith(
        "2025年1月1日至2025年6月30日，全县新发展会员2,156人，比上年同期增长12.5%，是2020年同期的2.5倍"
    )


def test_english_reads_too() -> None:
    with translation.override("en"):
        text = sentence(facts(label="new members", scope="across the county"))
    assert text == (
        "Across the county: new members 2,156 people, up 12.5% on last year, 2.5 times 2020, "
        "an average annual growth of 20.1%."
    )


def test_a_count_is_said_with_its_measure_word_when_the_measure_gives_one() -> None:
    from django.utils import translation

    from gonghui.reports import sentences

    with translation.override("zh-hans"):
        assert sentences.amount(38, "count", "新建工会", "%(n)s家") == "38家"
        assert sentences.amount(2156, "people", "新发展会员") == "2,156人"
        assert sentences.amount(6, "count", "困难职工户数") == "6"
