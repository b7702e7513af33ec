"""Masking of personal data: one way for pages, exports, the API and the audit log."""

from __future__ import annotations

import pytest

from gonghui.core.privacy.fields import PersonalCharField, personal_kind
from gonghui.core.privacy.masking import (
    MASK_KINDS,
    mask,
    mask_bank_account,
    mask_id_number,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("230102199001011234", "230102********1234"),
        ("23010219900101123X", "230102********123X"),
        (" 230102199001011234 ", "230102********1234"),
        ("230102900101123", "230102*****1123"),  # the old 15-digit number
        ("1234567890", "**********"),  # too short to show anything
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        (" 13812345678 ", "138****5678"),
        ("0451-81234567", "045******4567"),
        ("08123456", "********"),  # a local number: too short to show part of it
        ("8123456", "*******"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("6222021234567890123", "6222 **** **** 0123"),
        ("6222 0212 3456 7890", "6222 **** **** 7890"),
        ("12345678", "********"),
    ],
)
def test_mask_bank_account(value, masked):
    assert mask_bank_account(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("王", "王*"), (" 李四 ", "李*"), ("", "")],
)
def test_mask_name(value, masked):
    assert mask_name(value) == masked


def test_mask_dispatches_by_kind():
    assert mask("id_number", "230102199001011234") == "230102********1234"
    assert mask("phone", "13812345678") == "138****5678"
    assert mask("phone", 13812345678) == "138****5678"
    assert mask("bank_account", "6222021234567890123") == "6222 **** **** 0123"
    assert mask("name", "张三") == "张*"
    assert mask("secret", "Gonghui#2026") == "******"


@pytest.mark.parametrize("kind", MASK_KINDS)
@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_stay_empty(kind, empty):
    assert mask(kind, empty) == empty


def test_masked_value_never_contains_the_clear_value():
    for kind, value in [
        ("id_number", "230102199001011234"),
        ("phone", "13812345678"),
        ("phone", "81234567"),
        ("phone", "8123456"),
        ("bank_account", "6222021234567890123"),
        ("name", "欧阳娜娜"),
        ("secret", "Gonghui#2026"),
    ]:
        assert value not in mask(kind, value)


def test_unknown_kind_raises():
    with pytest.raises(ValueError, match="unknown personal data kind"):
        mask("passport", "E12345678")


def test_personal_field_declares_a_known_kind():
    field = PersonalCharField(max_length=20, kind="phone")
    assert personal_kind(field) == "phone"
    assert field.deconstruct()[3]["kind"] == "phone"
    with pytest.raises(ValueError, match="unknown personal data kind"):
        PersonalCharField(max_length=20, kind="passport")
