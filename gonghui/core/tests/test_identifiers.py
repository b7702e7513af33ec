"""Unified social credit codes (GB 32100), including the union codes python-stdnum refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.identifiers import CREDIT_CODE_ALPHABET, credit_code_check_char, validate_credit_code


def with_check_char(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


# Codes printed on business licences: they check the algorithm against the outside world.
PUBLISHED_CODES = [
    "914403001922038216",
    "91440300708461136T",
    "91330100716105852F",
    "91110000802100433B",
    "91310000132149237G",
]
# Codes whose first characters are not digits, or that belong to unions (authority code 8).
COMPUTED_CODES = [
    with_check_char("81339901MA0000001"),  # a grassroots union (81)
    with_check_char("81110000500012345"),
    with_check_char("N2330100MA1234567"),  # rural collective economic organisation
    with_check_char("A1110000MB0000001"),
    with_check_char("Y1330100MA0000009"),
    with_check_char("51330100MJ0000004"),  # social organisation
]


@pytest.mark.parametrize("code", PUBLISHED_CODES + COMPUTED_CODES)
def test_valid_codes_pass(code):
    validate_credit_code(code)


def test_check_char_of_published_codes():
    for code in PUBLISHED_CODES:
        assert credit_code_check_char(code[:17]) == code[17]


def test_the_world_county_code_is_valid():
    assert credit_code_check_char("81339901MA0000001") == "P"


@pytest.mark.parametrize(
    "code", ["91440300708461136t", " 91440300708461136T ", with_check_char("N2330100MA1234567").lower()]
)
def test_lower_case_and_surrounding_spaces_are_normalised(code):
    validate_credit_code(code)


@pytest.mark.parametrize("code", ["", "9144030070846113", "91440300708461136", "91440300708461136T0"])
def test_wrong_length_is_refused(code):
    with pytest.raises(ValidationError) as raised:
        validate_credit_code(code)
    assert raised.value.code == "length"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_outside_the_alphabet_are_refused(letter):
    assert letter not in CREDIT_CODE_ALPHABET
    code = "9144030070846113" + letter + "T"
    with pytest.raises(ValidationError) as raised:
        validate_credit_code(code)
    assert raised.value.code == "alphabet"
    assert letter in raised.value.params["chars"]


def test_punctuation_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_credit_code("91440300-08461136T")
    assert raised.value.code == "alphabet"


@pytest.mark.parametrize("code", PUBLISHED_CODES + COMPUTED_CODES)
def test_every_wrong_check_char_is_refused(code):
    for wrong in CREDIT_CODE_ALPHABET.replace(code[17], ""):
        with pytest.raises(ValidationError) as raised:
            validate_credit_code(code[:17] + wrong)
        assert raised.value.code == "checksum"


def test_a_changed_character_is_caught_by_the_check_char():
    code = PUBLISHED_CODES[1]
    tampered = code[:5] + ("1" if code[5] != "1" else "2") + code[6:]
    with pytest.raises(ValidationError):
        validate_credit_code(tampered)


def test_a_made_credit_code_carries_both_check_characters() -> None:
    from stdnum.cn import uscc

    from gonghui.core.identifiers import make_credit_code

    # the published example code: organisation code 60003734-1, check character L
    assert make_credit_code("91", "110000", 60003734) == "91110000600037341L"
    code = make_credit_code("81", "339901", 10_000_000)
    validate_credit_code(code)
    assert uscc.calc_check_digit(code[:17]) == code[17]
    assert code[8:17] == "100000008"  # GB 11714: 1 × 3 = 3, its check character 11 - 3 = 8
