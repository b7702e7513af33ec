"""Template filters of the assistance pages: money as ``¥12,345.00``, a programme's amount per household."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext

from gonghui.assistance.models import Program
from gonghui.core.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    """Decimal yuan with the sign and thousands separators; empty stays empty."""
    if value is None or value == "":
        return "—"
    try:
        return _yuan(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def program_amount(program: Program) -> str:
    """The amount a programme gives a household: its default amount, or for 金秋助学 its amounts by level.

    The education levels' range comes from ``selectors.with_level_amounts`` (``level_amounts``).
    """
    if program.kind != Program.Kind.EDUCATION:
        return yuan(program.default_amount)
    amounts = getattr(program, "level_amounts", None)
    if not amounts:
        return gettext("by education level (no rates set yet)")
    low, high = amounts
    if low == high:
        return gettext("by education level: %(amount)s") % {"amount": yuan(low)}
    return gettext("by education level: %(low)s–%(high)s") % {"low": yuan(low), "high": yuan(high)}
