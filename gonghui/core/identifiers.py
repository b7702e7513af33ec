"""Validation of national identifiers that several modules store.

GB 32100 (unified social credit code) is checked here rather than with python-stdnum's
``cn.uscc``, which rejects valid codes whose first eight characters are not digits (codes of
social organisations and unions begin with letters or with 8).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


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
