"""Dates of the demo's history: random days in a span, and working days on the statutory calendar.

Working days are those of ``core.calendar.statutory`` (Monday–Friday in a year it does not
know: the demo dates history, it never refuses it), looked up once per day and run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from gonghui.core.calendar import statutory


class Calendar:
    """Working-day arithmetic for one demo run (the statutory calendar reads its overrides on every call)."""

    def __init__(self) -> None:
        self._working: dict[date, bool] = {}

    def is_working(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = statutory.is_working_day(day, assume_weekdays=True)
        return known

    def on_or_after(self, day: date) -> date:
        while not self.is_working(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while not self.is_working(day):
            day -= timedelta(days=1)
        return day


def between(rng: random.Random, start: date, end: date) -> date:
    """A day from ``start`` to ``end`` (``start`` if the span is empty)."""
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))
