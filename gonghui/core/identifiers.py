"""Validation of national identifiers that several modules store.

Resident ID numbers (GB 11643), unified social credit codes (GB 32100), mainland mobile
numbers and bank account numbers: normalisers, Django validators and form fields.

GB 32100 (unified social credit code) is checked here rather than with python-stdnum's
``cn.uscc``, which rejects valid codes whose first eight characters are not digits (codes of
social organisations and unions begin with letters or with 8).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Character -> value, so checking a code costs dictionary look-ups (imports check 100,000s).
_CREDIT_CODE_VALUES = {ch: value for value, ch in enumerate(CREDIT_CODE_ALPHABET)}


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters (which must be in the alphabet)."""
    values = _CREDIT_CODE_VALUES
    total = sum(values[ch] * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


# GB 11714 organisation code: eight characters and a check character, the 9th to 17th of a credit code.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def make_credit_code(prefix: str, division: str, serial: int) -> str:
    """A valid GB 32100 code from its parts (for generated data: the demo county, tests).

    ``prefix``: the registration authority and kind (``"91"`` a company registered by market
    regulation, ``"81"`` a union); ``division``: the six-digit administrative division; ``serial``:
    the eight digits of the GB 11714 organisation code, whose check character is computed here.
    """
    body = f"{serial:08d}"
    check = 11 - sum(int(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    org_code = body + ("X" if check == 10 else "0" if check == 11 else str(check))
    first17 = prefix + division + org_code
    return first17 + credit_code_check_char(first17)


def normalise_credit_code(value: str) -> str:
    return value.strip().upper()


def validate_credit_code(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid 18-character GB 32100 code."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="length")
    bad = sorted({ch for ch in code if ch not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            _("The credit code contains characters that are not allowed: %(chars)s"),
            code="alphabet",
            params={"chars": " ".join(bad)},
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(_("The credit code's check character is wrong."), code="checksum")


# --- Resident identity card numbers (GB 11643) ---------------------------------------------
#
# python-stdnum's ``cn.ric`` computes the check digit and parses the birth date, but its
# ``validate`` also demands that the area code be in its bundled GB 2260 table, which stops
# at 2014 revisions: newer codes would be refused. Here an unknown area is a warning only.
#
# Old 15-digit numbers (issued before 1999, no check digit) are refused with a message
# asking for the 18-digit number: converting them guesses the century, and every card in
# use today carries 18 digits.


@dataclass(frozen=True)
class IdNumber:
    """A checked resident ID number and what it says about its holder."""

    value: str
    birth_date: date
    sex: str  # "male" or "female" (the 17th digit: odd male, even female)
    area_code: str
    warnings: tuple[str, ...] = ()


ID_NUMBER_RE = re.compile(r"^\d{17}[\dX]$")


def normalise_id_number(value: str) -> str:
    """ASCII (full-width digits and Ｘ converted), upper-case X, no spaces."""
    if value.isascii() and value.isalnum():
        return value.upper()  # already ASCII letters and digits: NFKC and the spaces change nothing
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def parse_id_number(value: str, *, today: date | None = None) -> IdNumber:
    """Check ``value`` as an 18-character resident ID number; raise ``ValidationError`` if invalid."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError as StdnumError

    number = normalise_id_number(value)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("This is an old 15-digit ID number. Please enter the 18-character number on the current card."),
            code="old_format",
        )
    if len(number) != 18:
        raise ValidationError(_("A resident ID number has 18 characters."), code="length")
    if not ID_NUMBER_RE.match(number):
        raise ValidationError(
            _("A resident ID number is 17 digits followed by a digit or X."),
            code="format",
        )
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(_("The ID number's check digit is wrong: please check every digit."), code="checksum")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("The ID number contains an impossible birth date."), code="birth_date") from None
    today = today or timezone.localdate()
    if birth > today or birth.year < 1900:
        raise ValidationError(_("The ID number's birth date is in the future or too long ago."), code="birth_date")
    warnings: list[str] = []
    try:
        ric.get_birth_place(number)
    except (StdnumError, KeyError, ValueError):
        # Code tables age: areas are created and renamed every year.
        warnings.append(str(_("The area code %(code)s is not in the known table.") % {"code": number[:6]}))
    sex = "male" if int(number[16]) % 2 else "female"
    return IdNumber(value=number, birth_date=birth, sex=sex, area_code=number[:6], warnings=tuple(warnings))


def validate_id_number(value: str) -> None:
    """Django validator: a valid 18-character resident ID number (an unknown area code passes)."""
    parse_id_number(value)


# --- Mainland mobile numbers ----------------------------------------------------------------

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_mobile(value: str) -> str:
    """Digits only, without the +86 / 0086 / 86 country prefix."""
    if len(value) == 11 and value.isascii() and value.isdigit():
        return value  # the common case, already canonical
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value))
    for prefix in ("0086", "86"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


def validate_mobile(value: str) -> None:
    """Django validator: an 11-digit mainland mobile number 1[3-9]xxxxxxxxx."""
    text = unicodedata.normalize("NFKC", value).strip()
    if re.search(r"[^\d\s+()-]", text):
        raise ValidationError(_("A mobile number contains only digits."), code="format")
    if not MOBILE_RE.match(normalise_mobile(text)):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number beginning 13-19, e.g. 13812345678."), code="format"
        )


# --- Bank accounts ---------------------------------------------------------------------------


def normalise_bank_account(value: str) -> str:
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value))


def validate_bank_account(value: str) -> None:
    """Django validator: 8 to 32 digits (cards and corporate accounts; no Luhn: many accounts fail it)."""
    account = normalise_bank_account(value)
    if not re.fullmatch(r"\d{8,32}", account):
        raise ValidationError(_("A bank account number has 8 to 32 digits."), code="format")


# --- Form fields -------------------------------------------------------------------------------


class IdNumberField(forms.CharField):
    """An 18-character resident ID number, normalised; an unknown area code is a warning.

    The warnings of the last clean are kept on ``field.warnings`` for the view to show.
    """

    default_validators = [validate_id_number]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")
        self.warnings: tuple[str, ...] = ()

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return normalise_id_number(text) if text else text

    def validate(self, value: Any) -> None:
        super().validate(value)
        self.warnings = ()

    def run_validators(self, value: Any) -> None:
        super().run_validators(value)
        if value not in self.empty_values:
            self.warnings = parse_id_number(value).warnings


class MobileField(forms.CharField):
    """A mainland mobile number; +86, spaces and dashes are accepted and removed."""

    default_validators = [validate_mobile]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        return normalise_mobile(cleaned) if cleaned else cleaned


class BankAccountField(forms.CharField):
    default_validators = [validate_bank_account]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        return normalise_bank_account(cleaned) if cleaned else cleaned


class CreditCodeField(forms.CharField):
    default_validators = [validate_credit_code]

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return normalise_credit_code(text) if text else text
