"""Deadline rules attached to workflow states: N calendar days, or N working days.

Both count as Chinese law counts (see ``core.calendar.statutory``): the day the state is
entered is not counted; a calendar-day period ending on a holiday or rest day ends on the
next working day; a working-day period skips holidays and counts made-up working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext, ngettext

from gonghui.core.calendar import statutory

CALENDAR = "calendar"
WORKING = "working"


@dataclass(frozen=True)
class Due:
    """A computed due date. ``provisional``: a year on the way was unknown, Monday–Friday assumed."""

    date: date
    provisional: bool = False


@dataclass(frozen=True)
class Rule:
    """``days`` days after the start; ``basis`` names the provision it comes from (shown to users)."""

    days: int
    basis: Any = ""
    kind = ""

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError("a deadline needs at least one day")

    def end(self, start: date, *, assume_weekdays: bool = False) -> date:
        raise NotImplementedError

    def due(self, start: date) -> Due:
        """The due date counted from ``start``; provisional if the calendar of a year is unknown."""
        try:
            return Due(self.end(start))
        except statutory.CalendarYearUnknown:
            return Due(self.end(start, assume_weekdays=True), provisional=True)

    def text(self) -> str:
        return rule_text(self.kind, self.days)


@dataclass(frozen=True)
class CalendarDays(Rule):
    """N calendar days; if the last day is a holiday or rest day, the next working day."""

    kind = CALENDAR

    def end(self, start: date, *, assume_weekdays: bool = False) -> date:
        return statutory.calendar_period_end(start, self.days, assume_weekdays=assume_weekdays)


@dataclass(frozen=True)
class WorkingDays(Rule):
    """N working days on the statutory calendar (holidays skipped, 调休 working days counted)."""

    kind = WORKING

    def end(self, start: date, *, assume_weekdays: bool = False) -> date:
        return statutory.add_working_days(start, self.days, assume_weekdays=assume_weekdays)


RULES: dict[str, type[Rule]] = {CALENDAR: CalendarDays, WORKING: WorkingDays}


def rule_text(kind: str, days: int) -> str:
    """How the rule reads to users, e.g. "3个工作日（法定节假日和休息日不计入）"."""
    if kind == WORKING:
        return ngettext(
            "%(days)d working day (statutory holidays and rest days not counted)",
            "%(days)d working days (statutory holidays and rest days not counted)",
            days,
        ) % {"days": days}
    if kind == CALENDAR:
        return ngettext(
            "%(days)d day (if the last day is a holiday or rest day, the next working day)",
            "%(days)d days (if the last day is a holiday or rest day, the next working day)",
            days,
        ) % {"days": days}
    return gettext("unknown rule")
