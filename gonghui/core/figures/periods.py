"""Periods a figure is counted over: a calendar year, the statistics year, a range of days.

The national statistics form (基层工会调查表) counts a **statistics year** from 1 October to
30 September: the statistics year 2026 runs from 2025-10-01 to 2026-09-30, so a member who joined
on 2026-09-30 counts in 2026 and one who joined on 2026-10-01 in 2027.

A ``Period`` is two dates, both days included. It travels in a list's address as one token
(``2025-10-01..2026-09-30``) so that a figure's drill-down names the period it counted, and
``last_year()`` is the same days a year earlier: "against the same date last year".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.figures.years import FIRST_YEAR, this_year

STATISTICS_YEAR_STARTS = (10, 1)  # month, day: the statistics year 2026 starts on 2025-10-01
TOKEN = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

YEAR = "year"
STATISTICS = "statistics"
RANGE = "range"


def _shift(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included. ``kind`` says how it was chosen (for its name)."""

    start: date
    end: date
    kind: str = RANGE

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @property
    def token(self) -> str:
        """The period in a list's address: ``2025-10-01..2026-09-30``."""
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """A period from its token; ``None`` for anything else (a list then ignores it)."""
        match = TOKEN.match((text or "").strip())
        if match is None:
            return None
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError:
            return None
        if start > end or start.year < FIRST_YEAR or end.year > this_year() + 1:
            return None
        return cls(start, end)

    def last_year(self) -> Period:
        """The same days one year earlier."""
        return Period(_shift(self.start, -1), _shift(self.end, -1), self.kind)

    def years_back(self, years: int) -> Period:
        return Period(_shift(self.start, -years), _shift(self.end, -years), self.kind)

    def until(self, day: date) -> Period:
        """This period cut at ``day`` (a year still running counts to today); unchanged if it ends before."""
        if self.end <= day or day < self.start:
            return self
        return Period(self.start, day, self.kind)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return _("%(start)s to %(end)s") % {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @property
    def short(self) -> str:
        """A trend's category under a bar: the year it ends in (the page says which days)."""
        return str(self.end.year)


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), YEAR)


def statistics_year(year: int) -> Period:
    """The statistics year ``year``: from 1 October of the year before to 30 September of ``year``."""
    month, day = STATISTICS_YEAR_STARTS
    start = date(year - 1, month, day)
    return Period(start, date(year, month, day) - timedelta(days=1), STATISTICS)


def statistics_year_of(day: date) -> int:
    """The statistics year ``day`` falls in (1 October starts the next one)."""
    return day.year + 1 if (day.month, day.day) >= STATISTICS_YEAR_STARTS else day.year


def default_period(today: date) -> Period:
    """This calendar year up to ``today``: what a dashboard shows first."""
    return calendar_year(today.year).until(today)


@dataclass(frozen=True)
class PeriodChoice:
    """What a figure page was asked for (``?span=year|statistics|range&year=&start=&end=``), cleaned."""

    span: str
    year: int
    period: Period
    error: str = ""

    def query(self) -> dict[str, Any]:
        if self.span == RANGE:
            return {"span": RANGE, "start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        return {"span": self.span, "year": self.year}


def choose(data: Any, today: date) -> PeriodChoice:
    """The period a page's query string asks for; a range that does not read falls back to this year.

    A year still running is counted up to ``today`` (its comparison: the same days a year earlier).
    """
    from gonghui.core.figures.years import figure_year

    span = str(data.get("span", "") or YEAR)
    if span == RANGE:
        try:
            start = date.fromisoformat(str(data.get("start", ""))[:10])
            end = date.fromisoformat(str(data.get("end", ""))[:10])
            if start.year < FIRST_YEAR or end.year > today.year + 1:
                raise ValueError
            return PeriodChoice(RANGE, end.year, Period(start, end, RANGE))
        except ValueError:
            error = _("The range was not understood (both dates, the first not after the second); this year is shown.")
            return PeriodChoice(YEAR, today.year, default_period(today), error)
    if span == STATISTICS:
        year = figure_year(str(data.get("year", "")) or str(statistics_year_of(today)))
        return PeriodChoice(STATISTICS, year, statistics_year(year).until(today))
    year = figure_year(str(data.get("year", "")))
    return PeriodChoice(YEAR, year, calendar_year(year).until(today))
