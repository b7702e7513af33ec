"""The rules of democratic management and collective bargaining, each in one function.

Every number the law gives lives here, with its source; services, pages, figures and the demo
ask these functions and never repeat a number. Fractions are compared in integers (``3 *
present >= 2 * total``), never as floats. Periods that end on a deadline are workflow
``Rule``s (``core/workflow/rules.py``), counted on the statutory calendar as the law counts
them: the start day not counted, a period whose last day is a holiday or rest day ends on the
next working day, a 调休 Saturday is a working day.

Sources (see the module's documentation for the full list):

* 企业民主管理规定 (总工发〔2012〕12号): congress form by workforce, delegates, quorum, votes;
* 上海市职工代表大会条例 (2017) and 山东省厂务公开条例 (2014): materials 7 days before, report to
  the higher union within 7 working days, resolutions posted within 3 days for at least 15;
* 浙江省企业民主管理条例 (2010): workers' questions on disclosure answered within 30 days;
* 集体合同规定 (劳动和社会保障部令第22号, 2004): representatives, the reply to a bargaining
  request, the vote on the draft, term, renewal, filing and the objection window;
* 劳动合同法 arts 51–55 and 工资集体协商试行办法 (2000): the 15-day objection window, the 7-day
  filing of a wage agreement, no contract wage below the local minimum wage.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.workflow.rules import CalendarDays, Due, Rule, WorkingDays

K = TypeVar("K")

# --- Congress: its form and its delegates -------------------------------------------------

# 企业民主管理规定 / 上海条例: from 100 workers a congress of delegates, below it a general assembly.
DELEGATE_CONGRESS_FROM = 100
# 企业民主管理规定 art. 25: delegates at least 5 % of the workforce and at least 30.
DELEGATE_FLOOR = 30
DELEGATE_PERCENT = 5
# 企业民主管理规定 art. 25: middle managers and leaders at most 20 % of the delegates.
MANAGER_PERCENT = 20
# 企业民主管理规定: a term of 3 to 5 years.
TERM_YEARS = (3, 5)


def delegate_minimum(workforce: int) -> int | None:
    """The fewest delegates a congress of ``workforce`` workers may have; None: a general assembly.

    企业民主管理规定 (2012) (art. 25 for the numbers): under 100 workers the employer holds a general
    assembly of all workers (职工大会), which has no delegates; from 100 a congress of delegates
    (职工代表大会) of at least 5 % of the workforce and at least 30. 5 % is rounded up: a
    delegate cannot be split, and fewer would be under 5 %.
    """
    if workforce < 0:
        raise ValueError("a workforce cannot be negative")
    if workforce < DELEGATE_CONGRESS_FROM:
        return None
    five_percent = -(-workforce * DELEGATE_PERCENT // 100)  # ceiling in integers
    return max(DELEGATE_FLOOR, five_percent)


def management_share_ok(managers: int, delegates: int) -> bool:
    """Whether middle managers and leaders are at most 20 % of the delegates (企业民主管理规定 art. 25).

    ``5 * managers <= delegates``: 20 % exactly is allowed, one more is not. No delegates: no share.
    """
    return managers * 100 <= delegates * MANAGER_PERCENT


def term_years_ok(start: date, end: date) -> bool:
    """A congress term of 3 to 5 years (企业民主管理规定): ``end`` is the term's last day.

    A three-year term from 2025-01-01 ends on 2027-12-31; a five-year one on 2029-12-31.
    """
    low, high = TERM_YEARS
    return _last_day(start, low) <= end <= _last_day(start, high)


def _last_day(start: date, years: int) -> date:
    """The last day of a term of ``years`` years starting on ``start``."""
    return date.fromordinal(add_months(start, 12 * years).toordinal() - 1)


@dataclass(frozen=True)
class Check:
    """One rule applied to one congress, for the page: met or not, with the numbers."""

    key: str
    label: str
    met: bool
    detail: str


# --- Sittings: quorum and votes ------------------------------------------------------------


def quorum_met(present: int, total: int) -> bool:
    """Whether a sitting may vote: at least two thirds of ALL delegates present (企业民主管理规定; 上海、浙江条例).

    Integer arithmetic, no float: ``3 * present >= 2 * total``. Exactly two thirds is a
    quorum; one fewer is not. A congress without delegates never has one.
    """
    return total > 0 and 3 * present >= 2 * total


def item_passes(yes: int, total: int) -> bool:
    """Whether an item passes: more than half of ALL delegates vote yes (企业民主管理规定 art. 20).

    Whatever the attendance: ``2 * yes > total``. Exactly half fails. The same rule elects the
    presidium and employee directors and supervisors, and approves a collective contract's
    draft (集体合同规定 art. 36).
    """
    return total > 0 and 2 * yes > total


def votes_needed(total: int) -> int:
    """The fewest yes votes that carry an item among ``total`` delegates (half of them, plus one)."""
    return total // 2 + 1


def seats_filled(votes: Sequence[tuple[K, int]], seats: int, total: int) -> list[K]:
    """The candidates elected to ``seats`` seats among ``total`` delegates, in order of votes.

    A candidate is elected only with more than half of ALL delegates (``item_passes``, the rule of
    every item); the seats go to those candidates by their votes, most first. Candidates tied for
    the last seat left are none of them elected: that seat stays open for a further vote.
    """
    eligible = sorted(((key, n) for key, n in votes if item_passes(n, total)), key=lambda pair: -pair[1])
    if len(eligible) <= seats:
        return [key for key, _n in eligible]
    if seats < 1:
        return []
    cutoff = eligible[seats - 1][1]
    if eligible[seats][1] == cutoff:
        return [key for key, n in eligible if n > cutoff]  # the tie at the last seat: none of them elected
    return [key for key, _n in eligible[:seats]]


def quorum_needed(total: int) -> int:
    """The fewest delegates present for a quorum among ``total`` (two thirds, rounded up)."""
    return -(-2 * total // 3)


# 上海市职工代表大会条例: materials reach the delegates at least 7 days before the sitting.
MATERIALS_DAYS_BEFORE = 7
REPORT_RULE = WorkingDays(
    7, basis=gettext_lazy("report to the higher union after the sitting (上海市职工代表大会条例)")
)
# 山东省厂务公开条例: resolutions posted within 3 days of the sitting and kept up at least 15 days.
RESOLUTION_PUBLISH_RULE = CalendarDays(3, basis=gettext_lazy("resolution posted (山东省厂务公开条例)"))
RESOLUTION_POSTED_DAYS = 15


def materials_due(held_on: date) -> date:
    """The last day the sitting's materials may reach the delegates: 7 full days before the sitting.

    A latest date, not a period running from an event: the rest-day roll-over of periods does
    not apply (it would move the day towards the sitting, shortening the delegates' time).
    """
    return date.fromordinal(held_on.toordinal() - MATERIALS_DAYS_BEFORE)


def materials_in_time(sent_on: date, held_on: date) -> bool:
    """Whether materials sent on ``sent_on`` reached the delegates at least 7 days before ``held_on``."""
    return sent_on <= materials_due(held_on)


def materials_days_before(sent_on: date, held_on: date) -> int:
    """How many calendar days before the sitting the materials went out (the sending day counts as 0)."""
    return held_on.toordinal() - sent_on.toordinal()


def materials_problem(sent_on: date | None, held_on: date) -> str | None:
    """Why a sitting on ``held_on`` may not vote for want of its materials, with the numbers; None when lawful.

    企业民主管理规定 and 上海市职工代表大会条例: the materials reach the delegates at least 7 days
    before the sitting. Missing materials or materials sent later than ``materials_due`` keep the
    sitting from voting until the date is set, or the sitting moved to a lawful day.
    """
    due = materials_due(held_on)
    if sent_on is None:
        return _(
            "The materials have not been sent to the delegates: they are due by %(due)s, %(days)d days "
            "before the sitting on %(held)s. Record the day they were sent before the sitting votes."
        ) % {"due": f"{due:%Y-%m-%d}", "days": MATERIALS_DAYS_BEFORE, "held": f"{held_on:%Y-%m-%d}"}
    if materials_in_time(sent_on, held_on):
        return None
    earliest = date.fromordinal(sent_on.toordinal() + MATERIALS_DAYS_BEFORE)
    return _(
        "The materials went out on %(sent)s, %(given)d days before the sitting on %(held)s; at least "
        "%(days)d are required (due by %(due)s). The sitting cannot vote: move it to %(earliest)s or later."
    ) % {
        "sent": f"{sent_on:%Y-%m-%d}",
        "given": materials_days_before(sent_on, held_on),
        "held": f"{held_on:%Y-%m-%d}",
        "days": MATERIALS_DAYS_BEFORE,
        "due": f"{due:%Y-%m-%d}",
        "earliest": f"{earliest:%Y-%m-%d}",
    }


def report_due(held_on: date) -> Due:
    """When the union must report the sitting to the higher union: 7 working days after it."""
    return REPORT_RULE.due(held_on)


def resolution_posted_until(published_on: date) -> date:
    """The earliest day a resolution posted on ``published_on`` may come down (posted 15 days, 山东条例)."""
    return date.fromordinal(published_on.toordinal() + RESOLUTION_POSTED_DAYS)


# --- Disclosure -----------------------------------------------------------------------------

# 浙江省企业民主管理条例 (2010): a worker's question on disclosure is answered within 30 days.
QUESTION_RULE = CalendarDays(30, basis=gettext_lazy("浙江省企业民主管理条例: answer within 30 days"))


# --- Collective contracts -------------------------------------------------------------------

# 集体合同规定 art. 32: the other side answers a bargaining request in writing within 20 days.
REPLY_RULE = CalendarDays(20, basis=gettext_lazy("集体合同规定第三十二条"))
# 集体合同规定 art. 42: the contract is filed with the labour department within 10 days of signing.
FILING_RULE = CalendarDays(10, basis=gettext_lazy("集体合同规定第四十二条"))
# 工资集体协商试行办法 (2000): a wage agreement within 7 days.
WAGE_FILING_RULE = CalendarDays(7, basis=gettext_lazy("工资集体协商试行办法"))
# 劳动合同法 art. 54, 集体合同规定 art. 47: in force unless the labour department objects within 15 days of receipt.
OBJECTION_RULE = CalendarDays(15, basis=gettext_lazy("劳动合同法第五十四条, 集体合同规定第四十七条"))
# 集体合同规定 art. 38: a term of 1 to 3 years; renewal may be requested in the last 3 months.
CONTRACT_TERM_YEARS = (1, 3)
RENEWAL_MONTHS = 3
# 集体合同规定 art. 8: 3 to 10 representatives a side, in equal numbers.
REPRESENTATIVES = (3, 10)


def filing_rule(is_wage_agreement: bool) -> Rule:
    """The filing period after signing: 7 days for a wage agreement, 10 for any other contract."""
    return WAGE_FILING_RULE if is_wage_agreement else FILING_RULE


def filing_due(signed_on: date, *, is_wage_agreement: bool) -> Due:
    """The last day to file a contract signed on ``signed_on`` (the signing day not counted)."""
    return filing_rule(is_wage_agreement).due(signed_on)


def objection_window_end(received_on: date) -> Due:
    """The last day of the labour department's 15-day objection window, from its receipt."""
    return OBJECTION_RULE.due(received_on)


def reply_due(requested_on: date) -> Due:
    """The last day for the other side's written reply to a bargaining request made on ``requested_on``."""
    return REPLY_RULE.due(requested_on)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months; a day the target month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def contract_term_ok(start: date, end: date) -> bool:
    """A contract term of 1 to 3 years (集体合同规定 art. 38): ``end`` is the term's last day.

    A year's term from 2025-01-01 ends on 2025-12-31; three years' on 2027-12-31.
    """
    low, high = CONTRACT_TERM_YEARS
    return _last_day(start, low) <= end <= _last_day(start, high)


def term_bounds(start: date, years: tuple[int, int]) -> tuple[date, date]:
    """The earliest and latest last day of a term of ``years`` (low, high) starting on ``start``."""
    return _last_day(start, years[0]), _last_day(start, years[1])


def renewal_prompt_from(ends_on: date) -> date:
    """The first day of the renewal prompt: 3 months before the term's last day (集体合同规定 art. 38)."""
    return add_months(ends_on, -RENEWAL_MONTHS)


def renewal_due(ends_on: date, today: date) -> bool:
    """Whether a contract ending on ``ends_on`` is in its last 3 months on ``today`` (and not yet over)."""
    return renewal_prompt_from(ends_on) <= today <= ends_on


def representatives_problem(union_side: int, employer_side: int) -> str | None:
    """Why the two sides' representatives are not lawful (集体合同规定 art. 8), or None: 3–10 each, equal."""
    low, high = REPRESENTATIVES
    if union_side != employer_side:
        return _("The two sides must have equal numbers of representatives (workers %(a)d, employer %(b)d).") % {
            "a": union_side,
            "b": employer_side,
        }
    if not low <= union_side <= high:
        return _("Each side needs %(low)d to %(high)d representatives; it has %(n)d.") % {
            "low": low,
            "high": high,
            "n": union_side,
        }
    return None


def minimum_wage_problem(contract_wage: Decimal | None, local_minimum: Decimal) -> str | None:
    """Why a contract's minimum wage is unlawful (劳动合同法 art. 55, 劳动法 art. 48), or None.

    A contract may not set a minimum wage below the local minimum wage; equal is allowed.
    """
    if contract_wage is None:
        return None
    if contract_wage < local_minimum:
        return _(
            "The contract's minimum wage ¥%(wage)s a month is below the local minimum wage ¥%(minimum)s; "
            "a collective contract may not set a lower wage."
        ) % {"wage": f"{contract_wage:,.2f}", "minimum": f"{local_minimum:,.2f}"}
    return None
