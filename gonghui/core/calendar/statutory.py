"""The Chinese statutory calendar: working days, holidays, made-up working days (调休).

Periods are counted as Chinese law counts them (民事诉讼法 art. 85, which labour dispute
practice follows):

* the day an event happens is not counted: a period starts the next day;
* a period in calendar days whose last day is a statutory holiday or a rest day ends on
  the first working day after it (``calendar_period_end``);
* a period in working days skips holidays and rest days and counts weekend days made
  working days (``add_working_days``).

Where the days come from
------------------------
1. ``data/overrides.toml`` (or the file named by ``GONGHUI_CALENDAR_OVERRIDES``): the State
   Council's notice for a year the package does not know yet, or a correction of one day.
   It wins over the package.
2. The ``chinesecalendar`` package (import name ``chinese_calendar``), which carries every
   year from 2004 to the year of its release.

A year known to neither is *unknown*: every function here raises ``CalendarYearUnknown``
for a date in it rather than silently treating it as plain Monday-to-Friday weeks. Callers
that must go on anyway (a deadline must be shown even in January of a year whose notice
is late) pass ``assume_weekdays=True`` and must flag the result as provisional; the
workflow does exactly that and recomputes such deadlines once the year becomes known.
``coverage()`` says which years are known and from where. See docs/calendar.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar

DEFAULT_OVERRIDES = Path(__file__).resolve().parent / "data" / "overrides.toml"

HOLIDAY = "holiday"
WORKDAY = "workday"
PACKAGE = "package"
OVERRIDES = "overrides"

# Years the installed package carries (from its own tables, so an upgrade widens it).
PACKAGE_YEARS: frozenset[int] = frozenset(d.year for d in chinese_calendar.holidays)

# Chinese names of the package's holidays, for display (the package names them in English).
PACKAGE_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# Guards against a runaway loop over an unknown far future (``assume_weekdays`` aside).
MAX_PERIOD_DAYS = 3660


class CalendarYearUnknown(LookupError):
    """A date lies in a year whose holidays nobody has told us (neither package nor overrides)."""

    def __init__(self, year: int) -> None:
        self.year = year
        known = sorted(coverage())
        span = f"{known[0]}–{known[-1]}" if known else "none"
        super().__init__(
            f"The statutory calendar of {year} is not known (known years: {span}). Upgrade the "
            f"chinesecalendar package or add the State Council's notice for {year} to "
            f"{overrides_path()} (see docs/calendar.md)."
        )


class CalendarOverridesError(ValueError):
    """The overrides file cannot be read or contradicts itself."""


@dataclass(frozen=True)
class Day:
    """One special day of a year: a holiday or a weekend day made a working day."""

    date: date
    kind: str  # HOLIDAY or WORKDAY
    name: str
    source: str  # PACKAGE or OVERRIDES
    notice: str = ""


@dataclass(frozen=True)
class Overrides:
    """The parsed overrides file: the notice of every year it covers, and its days."""

    path: Path
    notices: dict[int, str] = field(default_factory=dict)
    days: dict[date, Day] = field(default_factory=dict)


# --- The overrides file -----------------------------------------------------------------

_cache: dict[tuple[str, float], Overrides] = {}


def overrides_path() -> Path:
    from django.conf import settings

    configured = getattr(settings, "GONGHUI_CALENDAR_OVERRIDES", None)
    return Path(configured) if configured else DEFAULT_OVERRIDES


def load_overrides(path: Path | None = None) -> Overrides:
    """The overrides in ``path`` (the configured file by default), re-read when it changes."""
    path = path or overrides_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return Overrides(path=path)
    key = (str(path), mtime)
    if key not in _cache:
        _cache.clear()
        _cache[key] = _parse(path)
    return _cache[key]


def _parse(path: Path) -> Overrides:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CalendarOverridesError(f"{path}: {exc}") from exc
    notices: dict[int, str] = {}
    days: dict[date, Day] = {}
    years = document.get("years", {})
    if not isinstance(years, dict):
        raise CalendarOverridesError(f"{path}: [years] must be a table")
    for key, table in years.items():
        where = f"{path}: [years.{key}]"
        try:
            year = int(key)
        except ValueError:
            raise CalendarOverridesError(f"{where}: the key must be a year") from None
        notice = str(table.get("notice", "")).strip()
        if not notice:
            raise CalendarOverridesError(f"{where}: `notice` (the State Council notice and its number) is required")
        notices[year] = notice
        for entry in table.get("holidays", []):
            start, end = _date(entry.get("from"), where), _date(entry.get("to", entry.get("from")), where)
            if end < start or (end - start).days > 31:
                raise CalendarOverridesError(f"{where}: holiday {start}..{end} is not a sensible range")
            current = start
            while current <= end:
                _add(days, Day(current, HOLIDAY, _name(entry, where), OVERRIDES, notice), year, where)
                current += timedelta(days=1)
        for entry in table.get("workdays", []):
            day = _date(entry.get("date"), where)
            _add(days, Day(day, WORKDAY, _name(entry, where), OVERRIDES, notice), year, where)
    return Overrides(path=path, notices=notices, days=days)


def _date(value: Any, where: str) -> date:
    if not isinstance(value, date):
        raise CalendarOverridesError(f"{where}: {value!r} is not a TOML date (write 2027-01-01, without quotes)")
    return value


def _name(entry: dict[str, Any], where: str) -> str:
    name = str(entry.get("name", "")).strip()
    if not name:
        raise CalendarOverridesError(f"{where}: every entry needs a `name`")
    return name


def _add(days: dict[date, Day], day: Day, year: int, where: str) -> None:
    if day.date.year != year:
        raise CalendarOverridesError(f"{where}: {day.date} is not in {year}")
    if day.date in days:
        raise CalendarOverridesError(f"{where}: {day.date} is listed twice")
    days[day.date] = day


# --- Questions about days -----------------------------------------------------------------


def coverage() -> dict[int, str]:
    """Every known year and where it comes from: "package", "overrides" or "package+overrides"."""
    override_years = set(load_overrides().notices)
    known: dict[int, str] = {}
    for year in sorted(PACKAGE_YEARS | override_years):
        sources = [s for s, years in ((PACKAGE, PACKAGE_YEARS), (OVERRIDES, override_years)) if year in years]
        known[year] = "+".join(sources)
    return known


def is_known_year(year: int) -> bool:
    return year in PACKAGE_YEARS or year in load_overrides().notices


def is_working_day(day: date, *, assume_weekdays: bool = False) -> bool:
    """Whether ``day`` is a working day. Raises ``CalendarYearUnknown`` for an unknown year.

    ``assume_weekdays=True`` answers Monday-to-Friday for an unknown year instead; the
    caller must then say the answer is provisional.
    """
    special = load_overrides().days.get(day)
    if special is not None:
        return special.kind == WORKDAY
    if day.year in PACKAGE_YEARS:
        return bool(chinese_calendar.is_workday(day))
    if day.year in load_overrides().notices or assume_weekdays:
        return day.weekday() < 5
    raise CalendarYearUnknown(day.year)


def next_working_day(day: date, *, assume_weekdays: bool = False) -> date:
    """The first working day strictly after ``day``."""
    current = day
    for _ in range(MAX_PERIOD_DAYS):
        current += timedelta(days=1)
        if is_working_day(current, assume_weekdays=assume_weekdays):
            return current
    raise CalendarYearUnknown(current.year)  # pragma: no cover - a year with no working day


def add_working_days(start: date, days: int, *, assume_weekdays: bool = False) -> date:
    """The last day of a period of ``days`` working days after ``start`` (``start`` not counted).

    Holidays and rest days are skipped; weekend days made working days (调休) count.
    ``add_working_days(d, 0)`` is ``d`` itself.
    """
    if days < 0:
        raise ValueError("a period cannot be negative")
    current = start
    for _ in range(days):
        current = next_working_day(current, assume_weekdays=assume_weekdays)
    return current


def calendar_period_end(start: date, days: int, *, assume_weekdays: bool = False) -> date:
    """The last day of a period of ``days`` calendar days after ``start`` (民事诉讼法 art. 85).

    ``start`` is not counted. If the last day is a statutory holiday or a rest day, the
    period ends on the first working day after it; a made-up working day (调休) is a
    working day, so a period may end on a Saturday.
    """
    if days < 0:
        raise ValueError("a period cannot be negative")
    end = start + timedelta(days=days)
    if days and not is_working_day(end, assume_weekdays=assume_weekdays):
        end = next_working_day(end, assume_weekdays=assume_weekdays)
    return end


def working_days_between(start: date, end: date, *, assume_weekdays: bool = False) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 if end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, assume_weekdays=assume_weekdays):
            count += 1
    return count


def year_days(year: int) -> list[Day]:
    """The holidays and made-up working days of ``year``, with their source, by date.

    Raises ``CalendarYearUnknown`` if nobody knows the year.
    """
    if not is_known_year(year):
        raise CalendarYearUnknown(year)
    days: dict[date, Day] = {}
    if year in PACKAGE_YEARS:
        for day, name in chinese_calendar.holidays.items():
            if day.year == year:
                days[day] = Day(day, HOLIDAY, PACKAGE_HOLIDAY_NAMES.get(name, name), PACKAGE)
        for day, name in chinese_calendar.workdays.items():
            if day.year == year:
                label = PACKAGE_HOLIDAY_NAMES.get(name, name)
                days[day] = Day(day, WORKDAY, f"{label}调休", PACKAGE)
    for day, entry in load_overrides().days.items():
        if day.year == year:
            days[day] = entry
    return [days[d] for d in sorted(days)]
