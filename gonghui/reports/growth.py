"""Growth between two years' figures, as a work report says it: a change, a multiple, compound annual growth.

Pure Decimal arithmetic, no database. Every answer is rounded to one decimal, half up (2.25 → 2.3);
``None`` means "nothing to divide by" (a zero or negative base), which the report says in words:

* ``change(this, last)`` — the year-on-year change in percent: 18 against 16 is 12.5;
* ``multiple(value, base)`` — "是2021年的2.5倍": 10 against 4 is 2.5;
* ``annual_growth(first, last, years)`` — compound annual growth in percent,
  ``((last / first) ** (1 / years) − 1) × 100``: 4 → 10 over 5 years is 20.1.

A fall is negative (the report then says 下降 with the absolute value).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)
PRECISION = 34  # digits carried before the final rounding


def one_decimal(value: Decimal) -> Decimal:
    """``value`` to one decimal, half up (``-0.0`` reads ``0.0``)."""
    rounded = value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return rounded + Decimal("0.0") if rounded.is_zero() else rounded


def _decimal(value: Decimal | int) -> Decimal:
    if isinstance(value, float) or not isinstance(value, Decimal | int):
        raise TypeError("growth is computed on Decimal or int figures, never on floats")
    return Decimal(value)


def change(value: Decimal | int, previous: Decimal | int) -> Decimal | None:
    """The change from ``previous`` to ``value`` in percent (one decimal); ``None`` over a zero base."""
    value, previous = _decimal(value), _decimal(previous)
    if previous <= 0:
        return None
    with localcontext() as context:
        context.prec = PRECISION
        return one_decimal((value - previous) / previous * HUNDRED)


def multiple(value: Decimal | int, base: Decimal | int) -> Decimal | None:
    """How many times ``base`` ``value`` is (one decimal); ``None`` over a zero base."""
    value, base = _decimal(value), _decimal(base)
    if base <= 0:
        return None
    with localcontext() as context:
        context.prec = PRECISION
        return one_decimal(value / base)


def annual_growth(first: Decimal | int, last: Decimal | int, years: int) -> Decimal | None:
    """Compound annual growth from ``first`` to ``last`` over ``years`` years, in percent (one decimal).

    ``None`` when it cannot be said: no years between them, a zero base, a negative figure.
    Falling to zero is a fall of 100 per cent a year.
    """
    first, last = _decimal(first), _decimal(last)
    if years <= 0 or first <= 0 or last < 0:
        return None
    if last == 0:
        return Decimal("-100.0")
    with localcontext() as context:
        context.prec = PRECISION
        factor = (last / first) ** (Decimal(1) / Decimal(years))
        return one_decimal((factor - 1) * HUNDRED)
