"""Years of a figure page: the year asked for, the years offered, a trend's years, a date column's year."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import IntegerField
from django.db.models.functions import Cast, ExtractYear, Substr
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core.web.converters import parse_year

FIRST_YEAR = 2000  # the earliest year a figure page answers for
YEARS_OFFERED = 10  # a page's year choice: next year and the nine before this one
TREND_YEARS = 10  # a trend covers this many years up to the chosen one; earlier ones are summed


def this_year() -> int:
    """The current year in the configured time zone (Asia/Shanghai)."""
    return timezone.localdate().year


def figure_year(value: str | None) -> int:
    """A year from ``FIRST_YEAR`` to next year, else this year (a figure page never refuses a year)."""
    current = this_year()
    year = parse_year(value or "")
    if year is not None and FIRST_YEAR <= year <= current + 1:
        return year
    return current


def year_from_request(request: HttpRequest) -> int:
    """``?year=`` of a figure page (see ``figure_year``)."""
    return figure_year(request.GET.get("year", ""))


def years_offered(selected: int, count: int = YEARS_OFFERED) -> list[int]:
    """The years a figure page offers, newest first: next year, this year and those before, and ``selected``."""
    current = this_year()
    return sorted(set(range(current + 1, current + 1 - count, -1)) | {selected}, reverse=True)


def trend_years(last: int, count: int = TREND_YEARS) -> range:
    """The years of a trend ending with ``last``, oldest first."""
    return range(last - count + 1, last + 1)


def year_of(column: str) -> Any:
    """The year of a date column, without a Python callback per row on SQLite.

    SQLite keeps dates as ISO text and Django's ``ExtractYear`` there calls back into Python for
    every row; its first four characters are the year. PostgreSQL extracts it natively.
    """
    if connection.vendor == "sqlite":
        return Cast(Substr(column, 1, 4), IntegerField())
    return ExtractYear(column)
