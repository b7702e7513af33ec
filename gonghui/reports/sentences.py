"""The sentences of the work report: one measure's figures said as a speech says them.

"全县新发展会员2,156人，比上年增长12.5%，是2021年的2.5倍，年均增长20.1%。" — this year's value,
the change on last year, the multiple of a base year and the compound annual growth since then
(``growth.py``), a rate for a measure that is a share of another and the target it is held against.
A zero base is said in words ("2021年为零"), never divided; a fall reads as a fall ("下降").

Pure: the caller counts (``content.py``); this module only words what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.money import round_fen
from gonghui.reports import growth

WAN = Decimal(10000)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Facts:
    """What one sentence says: a measure's values for the report year, last year and the base year."""

    label: str  # the measure's label, translated
    unit: str  # "count", "people" or "yuan"
    stock: bool  # the state at the period's end (else what happened within it)
    scope: str  # who the figures are of: "全县", "全镇" … (``scope_word``)
    year: int
    value: Decimal | int
    last: Decimal | int | None  # last year's value (the same days when the year still runs)
    base_year: int
    base: Decimal | int | None  # the base year's value; None: not compared
    start: date  # the report year's period (its end is ``until`` when the year still runs)
    until: date | None = None  # the year still runs: counted up to this day, comparisons the same days
    rate: Decimal | None = None  # a share of ``whole_label`` (a fraction, four places)
    last_rate: Decimal | None = None
    whole_label: str = ""
    target: Decimal | None = None  # the rate it is held against (a fraction)
    counter: str = ""  # the measure's way of saying a count ("%(n)s家"), translated


def scope_word(kind: str) -> str:
    """Whose figures they are, as the report's subject: the county, a township, a sector, a union."""
    return {
        "county": _("across the county"),
        "township": _("across the township"),
        "sector": _("across the sector"),
    }.get(kind, _("in this union"))


def _chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")


def number(value: Decimal | int) -> str:
    """``2,156``; a Decimal keeps its places (``12.50``)."""
    return f"{value:,}"


# A label already naming its measure word (户数, 人次, 发放额): its count takes no 个 after it.
COUNTED_LABEL_ENDINGS = ("数", "次", "额", "量")


def amount(value: Decimal | int, unit: str, label: str = "", counter: str = "") -> str:
    """A measure's value with its unit: "2,156人", "38个", "12.35万元" (in Chinese, ten thousands of yuan);
    a count whose label ends in a measure word is the bare number ("户数6")."""
    if unit == "yuan":
        value = round_fen(value)
        if _chinese() and abs(value) >= WAN:
            wan = (value / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return _("%(n)s ten thousand yuan") % {"n": number(wan)}
        return _("%(n)s yuan") % {"n": number(value)}
    if unit == "people":
        return _("%(n)s people") % {"n": number(value)}
    if counter:
        return counter % {"n": number(value)}
    if label.endswith(COUNTED_LABEL_ENDINGS):
        return number(value)
    return pgettext("a count in a sentence", "%(n)s") % {"n": number(value)}


def percent(value: Decimal) -> str:
    """A growth already rounded to one decimal, without its sign: ``12.5``."""
    return str(abs(value))


def rate_percent(rate: Decimal) -> Decimal:
    """A rate (a fraction) as a percentage to one decimal, half up: 0.8523 → 85.2."""
    return growth.one_decimal(rate * HUNDRED)


def long_day(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _head(facts: Facts) -> str:
    values = {
        "scope": facts.scope,
        "label": facts.label,
        "value": amount(facts.value, facts.unit, facts.label, facts.counter),
    }
    if facts.until is not None:
        if facts.stock:
            return _("On %(day)s, %(scope)s: %(label)s %(value)s") % {**values, "day": long_day(facts.until)}
        return _("From %(start)s to %(day)s, %(scope)s: %(label)s %(value)s") % {
            **values,
            "start": long_day(facts.start),
            "day": long_day(facts.until),
        }
    if facts.stock:
        return _("At the end of the year, %(scope)s: %(label)s %(value)s") % values
    return _("%(scope)s: %(label)s %(value)s") % values


def _last_year_word(facts: Facts) -> str:
    if facts.until is not None:
        return _("the same day last year") if facts.stock else _("the same period last year")
    return _("the end of last year") if facts.stock else _("last year")


def _base_year_word(facts: Facts) -> str:
    values = {"year": facts.base_year}
    if facts.until is not None:
        return (_("the same day of %(year)s") if facts.stock else _("the same period of %(year)s")) % values
    return (_("the end of %(year)s") if facts.stock else pgettext("a base year", "%(year)s")) % values


def _against(value: Decimal | int, previous: Decimal | int, then: str) -> str | None:
    """Up, down or the same as ``then``; ``then`` had none: said so, not divided."""
    if previous == 0:
        return None if value == 0 else _("%(then)s had none") % {"then": then}
    if value == previous:
        return _("the same as %(then)s") % {"then": then}
    change = growth.change(value, previous)
    if change is None:
        return None
    if value > previous:
        return _("up %(pct)s%% on %(then)s") % {"pct": percent(change), "then": then}
    return _("down %(pct)s%% on %(then)s") % {"pct": percent(change), "then": then}


def _against_base(facts: Facts) -> list[str]:
    """The multiple of the base year and the compound annual growth since then (two years apart or more)."""
    years = facts.year - facts.base_year
    if facts.base is None or years < 2:
        return []  # the base year is this year or last year: the change on last year said it
    then = _base_year_word(facts)
    value, base = facts.value, facts.base
    if base == 0 or value == base:
        clause = _against(value, base, then)
        return [clause] if clause else []
    annual = growth.annual_growth(base, value, years)
    times = growth.multiple(value, base)
    clauses: list[str] = []
    if value > base and times is not None and times > 1:
        clauses.append(_("%(multiple)s times %(then)s") % {"multiple": times, "then": then})
    else:
        clause = _against(value, base, then)  # a fall, or a rise too small for a multiple above 1.0
        if clause:
            clauses.append(clause)
    if annual is not None:
        if annual >= 0:
            clauses.append(_("an average annual growth of %(pct)s%%") % {"pct": percent(annual)})
        else:
            clauses.append(_("an average annual fall of %(pct)s%%") % {"pct": percent(annual)})
    return clauses


def _rate(facts: Facts) -> list[str]:
    if facts.rate is None:
        return []
    now = rate_percent(facts.rate)
    clauses = [_("%(rate)s%% of %(whole)s") % {"rate": now, "whole": facts.whole_label}]
    if facts.last_rate is not None:
        points = now - rate_percent(facts.last_rate)
        then = _last_year_word(facts)
        if points > 0:
            clauses.append(_("%(points)s points up on %(then)s") % {"points": points, "then": then})
        elif points < 0:
            clauses.append(_("%(points)s points down on %(then)s") % {"points": abs(points), "then": then})
    if facts.target is not None:
        target = rate_percent(facts.target)
        if now >= target:
            clauses.append(_("meeting the target of %(target)s%%") % {"target": target})
        else:
            clauses.append(
                _("%(gap)s points short of the target of %(target)s%%") % {"gap": target - now, "target": target}
            )
    return clauses


def sentence(facts: Facts) -> str:
    """The whole sentence, ending with a full stop."""
    comma = pgettext("between clauses", ", ")
    clauses = [_head(facts)]
    if facts.last is not None:
        clause = _against(facts.value, facts.last, _last_year_word(facts))
        if clause:
            clauses.append(clause)
    clauses += _against_base(facts)
    text = comma.join(clauses)
    rate = _rate(facts)
    if rate:
        text += pgettext("before a rate", "; ") + comma.join(rate)
    text += pgettext("end of a sentence", ".")
    return text[:1].upper() + text[1:]
