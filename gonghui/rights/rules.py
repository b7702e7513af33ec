"""The rules of labour relations, each in one function with its source.

Thresholds of the law (layoffs, dispatch quota, collective disputes), the statutory periods of
mediation (acceptance, the 15-day limit, the one-year arbitration limitation) and the
early-warning level table. Pure functions of numbers and dates: services, workflows, the
periodic job, the demo and the figures all ask these, never a copy.

Counting is integer throughout (per cent as ``a * 100 >= b * p``): no float decides a boundary.
Days are counted on the statutory calendar (``core.calendar.statutory``; docs/calendar.md).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.calendar import statutory
from gonghui.core.workflow.rules import CalendarDays, Due, WorkingDays

# --- Thresholds of the law ---------------------------------------------------------------

LAYOFF_WORKERS = 20
LAYOFF_PERCENT = 10
DISPATCH_QUOTA_PERCENT = 10
COLLECTIVE_WORKERS = 10


def layoff_is_major(laid_off: int, workforce: int) -> bool:
    """A layoff the union must be told of 30 days ahead (经济性裁员), 劳动合同法 第四十一条.

    Twenty workers or more; or fewer than twenty but at least 10 % of the workforce
    (``laid_off * 100 >= workforce * 10``: 15 of 150 is a major layoff, 14 of 150 is not).
    """
    if laid_off <= 0:
        return False
    if laid_off >= LAYOFF_WORKERS:
        return True
    return workforce > 0 and laid_off * 100 >= workforce * LAYOFF_PERCENT


def dispatch_over_quota(dispatched: int, total: int) -> bool:
    """Dispatched workers over 10 % of the total labour use, 劳务派遣暂行规定 第四条.

    ``total`` is the employer's total labour use: its contract workers plus the dispatched
    workers. Exactly 10 % is within the quota (the rule says "不得超过其用工总量的10%"), so
    it is over only when ``dispatched * 100 > total * 10``.
    """
    if total <= 0 or dispatched <= 0:
        return False
    return dispatched * 100 > total * DISPATCH_QUOTA_PERCENT


def share_percent(part: int, total: int) -> int:
    """``part`` of ``total`` in whole per cent, rounded down (integer arithmetic)."""
    return part * 100 // total if total > 0 else 0


def is_collective(workers: int) -> bool:
    """A dispute of ten or more workers with a common claim is collective, 劳动争议调解仲裁法 第七条.

    They elect representatives to take part in mediation for them.
    """
    return workers >= COLLECTIVE_WORKERS


# --- Statutory periods of mediation and arbitration --------------------------------------

ACCEPTANCE = WorkingDays(3, basis=_("企业劳动争议协商调解规定（人社部令第17号）"))
MEDIATION = CalendarDays(15, basis=_("劳动争议调解仲裁法第十四条"))
MEDIATION_DAYS = 15
LIMITATION_WARNING_DAYS = 30
MEDIATOR_TERM_YEARS = 3


def acceptance_due(applied_on: date) -> Due:
    """The last day to accept an application or refuse it in writing: 3 working days.

    企业劳动争议协商调解规定 (人社部令第17号): the committee accepts (受理) within three working
    days of receiving it, or refuses, recording the reason and telling the applicant in writing.
    Counted from the day after the application (the day itself is not counted); holidays and
    rest days are skipped, 调休 working days counted.
    """
    return ACCEPTANCE.due(applied_on)


def mediation_due(applied_on: date, *, extended_until: date | None = None) -> Due:
    """The day mediation must end: 15 days from the application, 劳动争议调解仲裁法 第十四条.

    "自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，当事人可以依法申请仲裁":
    fifteen calendar days counted from the day after the committee received the application;
    a last day that is a statutory holiday or rest day moves to the next working day (民事诉讼法
    第八十五条, as labour dispute practice counts), so it may fall on a 调休 Saturday. When both
    parties agree to extend, the agreed day (rolled the same way) replaces it.
    """
    if extended_until is not None and extended_until > applied_on:
        return CalendarDays((extended_until - applied_on).days, basis=MEDIATION.basis).due(applied_on)
    return MEDIATION.due(applied_on)


def mediation_rule(applied_on: date, extended_until: date | None = None) -> CalendarDays:
    """The workflow's deadline rule for mediation (the same computation as ``mediation_due``)."""
    if extended_until is not None and extended_until > applied_on:
        return CalendarDays((extended_until - applied_on).days, basis=_("双方同意延长调解期限"))
    return MEDIATION


def years_after(day: date, years: int) -> date:
    """The corresponding day ``years`` later; 29 February has none: the month's last day (民法典 第二百零二条)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Limitation:
    """The one-year arbitration limitation: counted from ``runs_from``, ``last_day`` the last day to apply."""

    runs_from: date
    last_day: date
    provisional: bool = False  # a year on the way had no known calendar (Monday–Friday assumed)

    def days_left(self, today: date) -> int:
        return (self.last_day - today).days

    def near(self, today: date) -> bool:
        """Within ``LIMITATION_WARNING_DAYS`` of the last day, and not past it."""
        return 0 <= self.days_left(today) <= LIMITATION_WARNING_DAYS

    def expired(self, today: date) -> bool:
        return today > self.last_day


def arbitration_limitation(
    *, knew_on: date | None, wages_during_employment: bool = False, employment_ended_on: date | None = None
) -> Limitation | None:
    """The one-year limitation for applying to arbitration, 劳动争议调解仲裁法 第二十七条.

    * One year from the day the worker knew or should have known of the infringement (第一款).
    * Unpaid wages (劳动报酬) while employed are not limited during the employment; once it ends,
      one year from the day it ended (第四款). Still employed: ``None`` (no limitation runs yet).
    * Counted as the Civil Code counts periods: the day itself is not counted, the last day is the
      corresponding day a year later (29 February: the 28th), and a last day that is a statutory
      holiday or rest day moves to the next working day (民法典 第二百零一条至第二百零三条).

    The limitation is interrupted and counted afresh when a party claims its rights or asks a
    body for relief (第二款); the caller passes the day it runs from again as ``knew_on``.
    """
    if wages_during_employment:
        if employment_ended_on is None:
            return None
        start = employment_ended_on
    elif knew_on is None:
        return None
    else:
        start = knew_on
    end = years_after(start, 1)
    try:
        last = end if statutory.is_working_day(end) else statutory.next_working_day(end)
        return Limitation(start, last)
    except statutory.CalendarYearUnknown:
        last = (
            end
            if statutory.is_working_day(end, assume_weekdays=True)
            else statutory.next_working_day(end, assume_weekdays=True)
        )
        return Limitation(start, last, provisional=True)


WAGE_CLAIMS = frozenset({"wages", "overtime"})


def claims_limitation(
    kinds: set[str] | frozenset[str], *, knew_on: date | None, employment_ended_on: date | None
) -> Limitation | None:
    """The earliest limitation of a dispute's claims (``arbitration_limitation`` for each group).

    Wage claims (wages, overtime pay: 劳动报酬) run from the end of the employment (art. 27, 4th
    paragraph; none while it lasts); every other claim from the day the worker knew.
    """
    found = []
    if kinds & WAGE_CLAIMS:
        found.append(
            arbitration_limitation(
                knew_on=knew_on, wages_during_employment=True, employment_ended_on=employment_ended_on
            )
        )
    if not kinds or kinds - WAGE_CLAIMS:
        found.append(arbitration_limitation(knew_on=knew_on))
    running = [limitation for limitation in found if limitation is not None]
    return min(running, key=lambda limitation: limitation.last_day) if running else None


def mediator_term_ends(starts_on: date) -> date:
    """A mediator's term of three years (企业劳动争议协商调解规定, 人社部令第17号), to the third anniversary's eve."""
    return years_after(starts_on, MEDIATOR_TERM_YEARS) - timedelta(days=1)


def committee_problems(*, worker_side: int, employer_side: int, chair_is_union_member: bool | None) -> list[str]:
    """What keeps a mediation committee from being properly made up, 劳动争议调解仲裁法 第十条.

    Worker and employer representatives in equal numbers (企业劳动争议协商调解规定, 人社部令第17号), and
    a chair who is a union member (or a person both sides agreed on: recorded as such).
    """
    problems = []
    if worker_side != employer_side:
        problems.append(
            str(
                _("Worker side %(w)d, employer side %(e)d: the two sides must have equal seats.")
                % {"w": worker_side, "e": employer_side}
            )
        )
    if chair_is_union_member is None:
        problems.append(str(_("The committee has no chair.")))
    elif not chair_is_union_member:
        problems.append(str(_("The chair must be a union member.")))
    return problems


# --- The early-warning level table -------------------------------------------------------

LEVELS = ("blue", "yellow", "orange", "red")  # lowest first
RULES_ENV = "GONGHUI_ALERT_RULES"
DEFAULT_RULES = Path(__file__).resolve().parent / "data" / "alert_levels.toml"
MEASURES = frozenset({"workers", "amount", "months", "percent", "statutory", "drop_percent"})
REPORT_TARGETS = frozenset({"county", "township"})


class AlertRulesError(ValueError):
    """The level table cannot be read: names the file and the entry."""


@dataclass(frozen=True)
class LevelPolicy:
    """What one level asks: where to report, by when, and the response timeline."""

    level: str
    report_to: str
    report_same_day: bool
    report_working_days: int
    verify_working_days: int
    involve_working_days: int
    resolve_days: int


@dataclass(frozen=True)
class SignalRule:
    level: str
    thresholds: dict[str, int]


@dataclass(frozen=True)
class AlertTable:
    path: Path
    levels: dict[str, LevelPolicy]
    floors: dict[str, str]
    signals: dict[str, list[SignalRule]]
    drop_min_percent: int
    drop_min_workers: int


def rules_path() -> Path:
    return Path(os.environ.get(RULES_ENV) or DEFAULT_RULES)


@cache
def _load(path: Path) -> AlertTable:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AlertRulesError(f"{path}: {error}") from error
    levels = {}
    for level in LEVELS:
        entry = data.get("levels", {}).get(level)
        if entry is None:
            raise AlertRulesError(f"{path}: [levels.{level}] is missing")
        if entry.get("report_to") not in REPORT_TARGETS:
            raise AlertRulesError(f"{path}: [levels.{level}] report_to must be one of {sorted(REPORT_TARGETS)}")
        same_day = bool(entry.get("report_same_day", False))
        try:
            policy = LevelPolicy(
                level=level,
                report_to=entry["report_to"],
                report_same_day=same_day,
                report_working_days=int(entry.get("report_working_days", 0 if same_day else -1)),
                verify_working_days=int(entry["verify_working_days"]),
                involve_working_days=int(entry["involve_working_days"]),
                resolve_days=int(entry["resolve_days"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise AlertRulesError(f"{path}: [levels.{level}] {error}") from error
        days = [policy.verify_working_days, policy.involve_working_days, policy.resolve_days]
        if not same_day:
            days.append(policy.report_working_days)
        if min(days) < 1:
            raise AlertRulesError(f"{path}: [levels.{level}] every period needs at least one day")
        levels[level] = policy
    floors = dict(data.get("floor", {}))
    signals: dict[str, list[SignalRule]] = {}
    for signal, rules in data.get("signals", {}).items():
        parsed = []
        for i, rule in enumerate(rules):
            if rule.get("level") not in LEVELS:
                raise AlertRulesError(f"{path}: signals.{signal}[{i}] names no known level")
            thresholds = {str(k): int(v) for k, v in rule.get("any", {}).items()}
            unknown = set(thresholds) - MEASURES
            if unknown or not thresholds:
                raise AlertRulesError(f"{path}: signals.{signal}[{i}] has unknown or no measures {sorted(unknown)}")
            parsed.append(SignalRule(rule["level"], thresholds))
        signals[signal] = parsed
    for signal, floor in floors.items():
        if floor not in LEVELS:
            raise AlertRulesError(f"{path}: floor.{signal} names no known level")
    automatic = data.get("automatic", {})
    return AlertTable(
        path=path,
        levels=levels,
        floors=floors,
        signals=signals,
        drop_min_percent=int(automatic.get("drop_min_percent", 20)),
        drop_min_workers=int(automatic.get("drop_min_workers", 10)),
    )


def alert_table() -> AlertTable:
    """The level table in force: ``GONGHUI_ALERT_RULES`` if set, else the shipped default."""
    return _load(rules_path())


def alert_level(signal: str, measures: dict[str, Any], *, table: AlertTable | None = None) -> str:
    """The level of a signal from the level table (docs/rights.md): the first rule reached, else the floor.

    No national indicator table exists (neither the ACFTU nor the labour ministry publishes one;
    企业劳动争议协商调解规定 第七条 asks for a 预防预警机制 without levels), so the table is
    configuration: ``data/alert_levels.toml`` by default. Measures are whole numbers; a rule is
    reached when any of its measures is at least its threshold.
    """
    table = table or alert_table()
    for rule in table.signals.get(signal, []):
        for measure, threshold in rule.thresholds.items():
            value = measures.get(measure)
            if value is not None and int(value) >= threshold:
                return rule.level
    return table.floors.get(signal, "blue")


def level_policy(level: str, *, table: AlertTable | None = None) -> LevelPolicy:
    return (table or alert_table()).levels[level]


def workforce_dropped(previous: int, current: int, *, table: AlertTable | None = None) -> bool:
    """Whether an employer's workers fell enough since last month to raise a signal (the table's ``[automatic]``)."""
    table = table or alert_table()
    drop = previous - current
    return drop >= table.drop_min_workers and drop * 100 >= previous * table.drop_min_percent


def drop_percent(previous: int, current: int) -> int:
    return (previous - current) * 100 // previous if previous > 0 else 0
