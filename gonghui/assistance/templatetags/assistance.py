"""Template filters of the assistance pages: money as ``¥12,345.00``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from gonghui.assistance.classification import yuan as _yuan

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
