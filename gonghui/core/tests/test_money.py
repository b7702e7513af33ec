"""Money in yuan: rounding to the fen, reading what users type, ¥ formatting, 大写 (core/money.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from gonghui.core.money import YuanField, amount_in_capitals, parse_yuan, round_fen, yuan

# --- Rounding and formatting ----------------------------------------------------------------------


def test_round_fen_rounds_half_up_and_refuses_floats() -> None:
    assert round_fen(Decimal("2.005")) == Decimal("2.01")
    assert round_fen(Decimal("2.004")) == Decimal("2.00")
    assert round_fen(Decimal("-2.005")) == Decimal("-2.01")
    assert round_fen(7) == Decimal("7.00")
    assert round_fen("12.3") == Decimal("12.30")
    with pytest.raises(TypeError):
        round_fen(0.1)  # type: ignore[arg-type]


def test_yuan_formats_with_sign_separators_and_two_decimals() -> None:
    assert yuan(Decimal("1234")) == "¥1,234.00"
    assert yuan(Decimal("1234567.895")) == "¥1,234,567.90"
    assert yuan(0) == "¥0.00"


# --- Reading what users type ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234.5", "1234.50"),
        ("¥1,234.50", "1234.50"),
        ("￥1，234.5", "1234.50"),
        ("１２３４．５元", "1234.50"),  # full-width digits and point
        ("1 234元整", "1234.00"),
        ("RMB 800", "800.00"),
        (" 0.5 ", "0.50"),
        (".5", "0.50"),
        ("12.", "12.00"),
        (Decimal("3.1"), "3.10"),
        (42, "42.00"),
    ],
)
def test_parse_yuan_reads_what_users_type(text: str | Decimal | int, value: str) -> None:
    assert parse_yuan(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid"),
        ("abc", "invalid"),
        ("1.2.3", "invalid"),
        ("1e3", "invalid"),
        ("NaN", "invalid"),
        ("12.345", "max_decimal_places"),
        ("-5", "min_value"),
        ("10000000000", "max_value"),
    ],
)
def test_parse_yuan_refuses_in_words(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_yuan(text)
    assert refused.value.code == code
    assert refused.value.messages[0]


def test_parse_yuan_takes_a_negative_amount_when_asked() -> None:
    assert parse_yuan("-12.5", allow_negative=True) == Decimal("-12.50")


def test_yuan_field_reads_with_parse_yuan_and_allows_empty() -> None:
    class AmountForm(forms.Form):
        amount = YuanField(required=False)

    form = AmountForm({"amount": "￥2,000.5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("2000.50")
    assert AmountForm({"amount": ""}).is_valid()
    refused = AmountForm({"amount": "-1"})
    assert not refused.is_valid()
    assert "amount" in refused.errors
    assert 'inputmode="decimal"' in str(AmountForm()["amount"])


# --- Chinese capital numerals (大写) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.5", "伍角"),
        ("10", "壹拾元整"),
        ("100", "壹佰元整"),
        ("1001", "壹仟零壹元整"),
        ("10000.01", "壹万元零壹分"),
        ("120000", "壹拾贰万元整"),
        ("1000000", "壹佰万元整"),
        # The People's Bank's examples (正确填写票据和结算凭证的基本规定) and other edges.
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("1010", "壹仟零壹拾元整"),
        ("30500", "叁万零伍佰元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100000001", "壹亿零壹元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("2.005", "贰元零壹分"),  # cents rounded half up
    ],
)
def test_amount_in_capitals(amount: str, words: str) -> None:
    assert amount_in_capitals(Decimal(amount)) == words


def test_amount_in_capitals_takes_ints_and_refuses_floats_negatives_and_huge_amounts() -> None:
    assert amount_in_capitals(1000) == "壹仟元整"
    with pytest.raises(TypeError):
        amount_in_capitals(0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        amount_in_capitals(Decimal("-1"))
    with pytest.raises(ValueError, match="trillion"):
        amount_in_capitals(Decimal("1000000000000"))
