"""Template filters of competitions and innovation: money as ``¥12,345.00``."""

from __future__ import annotations

from decimal import Decimal

from django import template

from gonghui.core.money import yuan as format_yuan

register = template.Library()


@register.filter(name="yuan")
def yuan(value: Decimal | int | None) -> str:
    return "—" if value is None else format_yuan(value)
