"""Validation of resident ID numbers, mobile numbers, bank accounts and credit codes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from gonghui.core.identifiers import (
    BankAccountField,
    IdNumberField,
    MobileField,
    credit_code_check_char,
    normalise_mobile,
    parse_id_number,
    validate_bank_account,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)


def make_id(first17: str) -> str:
    """A real-shaped ID number: the 17 digits plus their GB 11643 check digit."""
    return first17 + ric.calc_check_digit(first17 + "0")


def with_wrong_check_digit(number: str) -> str:
    wrong = next(c for c in "0123456789X" if c != number[-1])
    return number[:-1] + wrong


def code(message_error: ValidationError) -> str:
    return message_error.error_list[0].code


MALE_1990 = make_id("11010119900307123")  # 17th digit 3: odd, male
FEMALE_2001 = make_id("23010220010228002")  # 17th digit 2: even, female


def find_id_ending_in_x() -> str:
    for serial in range(1000):
        candidate = make_id(f"11010119851201{serial:03d}")
        if candidate.endswith("X"):
            return candidate
    raise AssertionError("no X check digit in range")


def test_valid_id_number_gives_birth_date_and_sex():
    # given a real-shaped number of a man born on 7 March 1990 in Dongcheng, Beijing
    # when it is parsed
    result = parse_id_number(MALE_1990)
    # then the birth date and sex come out of it, with no warning
    assert result.value == MALE_1990
    assert result.birth_date == date(1990, 3, 7)
    assert result.sex == "male"
    assert result.area_code == "110101"
    assert result.warnings == ()
    assert parse_id_number(FEMALE_2001).sex == "female"


def test_lower_case_x_and_spaces_are_normalised():
    number = find_id_ending_in_x()
    assert parse_id_number(f" {number[:6]} {number[6:14]} {number[14:].lower()} ").value == number


def test_full_width_digits_are_normalised_to_ascii():
    number = find_id_ending_in_x()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)  # １１０１…Ｘ
    assert parse_id_number(full_width).value == number
    assert IdNumberField().clean(full_width) == number


def test_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_id_number(with_wrong_check_digit(MALE_1990))
    assert code(caught.value) == "checksum"


@pytest.mark.parametrize("first17", ["11010119900230123", "11010119901301123", "11010120230229123"])
def test_impossible_birth_dates_are_refused(first17):
    # 30 February, month 13, 29 February of a non-leap year: all with a correct check digit
    with pytest.raises(ValidationError) as caught:
        validate_id_number(make_id(first17))
    assert code(caught.value) == "birth_date"


def test_future_birth_date_is_refused():
    number = make_id("11010120990101123")
    with pytest.raises(ValidationError) as caught:
        parse_id_number(number, today=date(2026, 11, 24))
    assert code(caught.value) == "birth_date"


def test_unknown_area_code_is_a_warning_not_an_error():
    # given an area code that is in no table (a new county, or a table that aged)
    number = make_id("11019919900307123")
    with pytest.raises(Exception):  # noqa: B017, PT011 - python-stdnum alone refuses it (or fails)
        ric.validate(number)
    # when parsed, then it is accepted with a warning
    result = parse_id_number(number)
    assert result.value == number
    assert len(result.warnings) == 1
    assert "110199" in result.warnings[0]
    validate_id_number(number)  # the validator passes


def test_form_field_keeps_the_warnings_for_the_view():
    field = IdNumberField()
    field.clean(make_id("11019919900307123"))
    assert field.warnings
    field.clean(MALE_1990)
    assert field.warnings == ()


def test_old_fifteen_digit_number_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as caught:
        validate_id_number("110101900307123")
    assert code(caught.value) == "old_format"
    assert "18" in str(caught.value.messages[0])


@pytest.mark.parametrize("value", ["", "1101011990030712", "11010119900307123A", "ABCDEFGHIJKLMNOPQR"])
def test_malformed_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        validate_id_number(value)


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_numbers_are_accepted_and_normalised(value, normalised):
    validate_mobile(value)
    assert normalise_mobile(value) == normalised
    assert MobileField().clean(value) == normalised


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "010-12345678", "138abcd5678"])
def test_invalid_mobile_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


def test_mobile_messages_are_chinese_in_the_default_language():
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_mobile("12812345678")
    assert "手机" in caught.value.messages[0]


def test_bank_accounts():
    validate_bank_account("6222 0212 3456 7890 123")
    assert BankAccountField().clean("6222-0212-3456-7890") == "6222021234567890"
    with pytest.raises(ValidationError):
        validate_bank_account("1234")


@pytest.mark.parametrize(
    "first17", ["91110000100000000", "N2110000MJ0000000", "81339901MA0000001", "Y1110000000000000"]
)
def test_credit_codes_including_those_beginning_with_a_letter(first17):
    valid = first17 + credit_code_check_char(first17)
    validate_credit_code(valid)
    validate_credit_code(valid.lower())
    wrong = next(c for c in "0123456789" if c != valid[-1])
    with pytest.raises(ValidationError):
        validate_credit_code(valid[:-1] + wrong)
