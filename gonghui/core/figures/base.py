"""A figure is a count with the list of the rows behind it; a rate is two of them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Figure:
    """A number of rows, and ``url``: the list page showing exactly those rows ("" when none does).

    ``key`` names the figure within its source (``township.339901101000.eligible``) so that a
    dashboard, a report and the figure/drill-down test can find it again; ``label`` says what it
    counts. A page shows it with ``{% figure f %}``.
    """

    value: int
    url: str = ""
    key: str = ""
    label: str = ""

    def __int__(self) -> int:
        return self.value

    def __str__(self) -> str:
        return str(self.value)

    @property
    def linked(self) -> bool:
        return bool(self.url)

    def unlinked(self) -> Figure:
        """The same number without its list, for a user who may not open the list (a leader)."""
        return replace(self, url="")


def list_url(url_name: str, **filters: Any) -> str:
    """The list page ``url_name`` showing exactly ``filters`` (empty values left out), in the order given."""
    base = reverse(url_name)
    query = urlencode({k: v for k, v in filters.items() if v not in ("", None)})
    return f"{base}?{query}" if query else base


def rate(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """``numerator / denominator`` to four places; ``None`` when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def percent(value: Decimal | None) -> float | None:
    """A rate as a percentage for a chart or ``floatformat`` (``None`` stays ``None``)."""
    return None if value is None else float(value * 100)


@dataclass(frozen=True)
class Rate:
    """``numerator / denominator``, e.g. covered employers over eligible ones."""

    numerator: Decimal | int
    denominator: Decimal | int

    @property
    def value(self) -> Decimal | None:
        return rate(self.numerator, self.denominator)

    @property
    def percent(self) -> float | None:
        return percent(self.value)

    def meets(self, target: Decimal) -> bool:
        value = self.value
        return value is not None and value >= target
