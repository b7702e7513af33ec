"""Money in yuan (元), once for every module: always ``Decimal``, rounded to the fen (分).

* ``round_fen(value)``: a ``Decimal`` rounded half up to the fen (0.01 yuan). Floats are refused.
* ``parse_yuan(text)``: what a user typed (``¥1,234.5``, ``１２３４元``, ``1 234.50``) as a
  ``Decimal``; ``ValidationError`` in words for anything else.
* ``yuan(value)``: ``¥1,234.00``, for pages, messages and documents.
* ``amount_in_capitals(value)``: Chinese capital numerals (大写金额) as on vouchers and cheques.
* ``YuanField``: a form field that reads amounts with ``parse_yuan``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FEN = Decimal("0.01")
# Money columns hold 12 digits, 2 of them after the point.
MAX_YUAN = Decimal("9999999999.99")


def round_fen(value: Decimal | int | str) -> Decimal:
    """``value`` in yuan rounded half up to the fen. A float is refused: money is never binary."""
    if isinstance(value, float) or not isinstance(value, Decimal | int | str):
        raise TypeError("money is a Decimal, an int or a numeric string, never a float")
    return Decimal(value).quantize(FEN, ROUND_HALF_UP)


def yuan(value: Decimal | int) -> str:
    """``¥1,234.00``: the sign, thousands separators and two decimals (rounded half up)."""
    return f"¥{round_fen(value):,}"


# What may surround or separate the digits of an amount typed by a user.
_DECORATION = re.compile(r"^(?:RMB|CNY|[¥￥])|(?:元整|元|圆整|圆)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,\s，、']")


def parse_yuan(text: str | Decimal | int, *, allow_negative: bool = False) -> Decimal:
    """An amount of yuan typed by a user, as a ``Decimal`` of at most two decimals.

    Full-width digits and signs, ``¥``/``￥``/``RMB`` before, ``元`` after, thousands separators
    and spaces are accepted: ``"￥1,234.5"``, ``"１２３４元"``, ``"1 234.50"`` all read 1234.50.
    Refused with a ``ValidationError`` in words: no number, more than two decimals (the fen is
    the smallest unit), a negative amount (unless ``allow_negative``), more than a money
    column holds.
    """
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        raw = str(text)
    else:
        raw = unicodedata.normalize("NFKC", str(text or "")).strip()
        raw = _SEPARATORS.sub("", raw)
        raw = _DECORATION.sub("", raw).strip()
        raw = _DECORATION.sub("", raw).strip()  # a sign before and 元 after
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
        raise ValidationError(_("Enter an amount in yuan, such as 1234.50."), code="invalid")
    try:
        value = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
        raise ValidationError(_("Enter an amount in yuan, such as 1234.50."), code="invalid") from None
    if value != value.quantize(FEN, ROUND_HALF_UP):
        raise ValidationError(_("An amount has at most two decimal places (fen)."), code="max_decimal_places")
    if value < 0 and not allow_negative:
        raise ValidationError(_("An amount cannot be negative."), code="min_value")
    if abs(value) > MAX_YUAN:
        raise ValidationError(_("The amount is too large."), code="max_value")
    return value.quantize(FEN)


class YuanField(forms.DecimalField):
    """An amount of yuan, read with ``parse_yuan``: never negative, two decimals, ``¥`` and ``元`` allowed."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.setdefault("inputmode", "decimal")
        return attrs

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        return parse_yuan(value)


# --- Chinese capital numerals (大写金额) ----------------------------------------------------------

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("仟", "佰", "拾", "")
SECTIONS = ("", "万", "亿")  # groups of four digits: up to 9999,9999,9999.99 yuan
CAPITALS_LIMIT = Decimal("1000000000000")


def _four_digits(group: int) -> str:
    """1 … 9999 in capitals, a 零 for each run of zeros between digits (1001 → 壹仟零壹)."""
    out = ""
    zero = False
    for power, place in zip(range(3, -1, -1), PLACES, strict=True):
        digit = group // 10**power % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + place
    return out


def _yuan_in_capitals(amount: int) -> str:
    groups: list[int] = []
    while amount:
        groups.append(amount % 10000)
        amount //= 10000
    out = ""
    gap = False  # a zero group or leading zeros lie between what is written and what follows
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        gap = False
        out += _four_digits(group) + SECTIONS[index]
    return out


def amount_in_capitals(amount: Decimal | int) -> str:
    """An amount in yuan written in Chinese capital numerals, as on cheques and vouchers.

    The rules of the People's Bank (正确填写票据和结算凭证的基本规定): 壹拾 not 拾, one 零 for
    a run of zeros, 整 after 元 when there are no 角 or 分, 零 after 元 when 角 is zero and 分
    is not, nothing before 角 or 分 for less than one yuan::

        1001 → 壹仟零壹元整    10000.01 → 壹万元零壹分    0.5 → 伍角    120000 → 壹拾贰万元整

    Cents are rounded half up. Floats are refused (money is ``Decimal``).
    """
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise TypeError("amount_in_capitals takes a Decimal or an int, never a float")
    value = round_fen(amount)
    if value < 0:
        raise ValueError("amount_in_capitals takes no negative amounts")
    if value >= CAPITALS_LIMIT:
        raise ValueError("amount_in_capitals takes amounts below one trillion yuan")
    cents = int(value * 100)
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if jiao == 0 and fen == 0:
        return (_yuan_in_capitals(whole) or "零") + "元整"
    out = _yuan_in_capitals(whole) + "元" if whole else ""
    if jiao:
        out += DIGITS[jiao] + "角"
    elif whole:
        out += "零"  # ¥325.04: 叁佰贰拾伍元零肆分
    if fen:
        out += DIGITS[fen] + "分"
    return out
