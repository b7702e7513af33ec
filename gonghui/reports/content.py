"""What the work report says, counted for one user: its sections, sentences, footnotes and chart series.

Every figure comes from a registered measure (``core/figures/measures.py``), counted for the user
who asked (``measures_for(user)``, ``measures.count``): the report of a township's staff covers
their township, the leader's the county. A measure that is not registered, or that the user may
not read, is not mentioned. One section per module (its label from ``core.modules``), in the
order the modules stand on each other; in it one sentence per measure (``sentences.py``) and
one chart of the measures over the last five years (``charts.py``).

Each sentence is footnoted with the lists behind its figures: the measure's drill-down for the
report year, last year and the base year (``measure.url(period)``), as an address of the site
when ``GONGHUI_SITE_URL`` is set, else as a path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core import modules
from gonghui.core.figures import base as figure_base
from gonghui.core.figures import measures
from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period, calendar_year
from gonghui.core.figures.years import FIRST_YEAR
from gonghui.reports import sentences

CHART_YEARS = 5  # a section's chart: the report year and the four before it
DEFAULT_BASE_YEARS = 5  # the base year of the multiples: five years back, unless asked otherwise
Progress = Callable[[int, int, str], None]
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Source:
    """One list behind a figure: what it counts (a year, or the whole of a rate) and its address."""

    caption: str
    url: str


@dataclass
class Note:
    """A footnote: the measure and the lists its figures came from."""

    number: int
    label: str
    sources: list[Source]

    @property
    def text(self) -> str:
        listed = pgettext("between sources", "; ").join(
            _("%(caption)s %(url)s") % {"caption": source.caption, "url": source.url} for source in self.sources
        )
        return _("%(label)s — the lists behind the figures: %(sources)s") % {"label": self.label, "sources": listed}


@dataclass
class Statement:
    """One measure in the report: its sentence, its footnote, its values over the chart's years."""

    key: str
    label: str
    unit: str
    text: str
    note: Note
    series: list[tuple[int, Decimal | int]]
    facts: sentences.Facts


@dataclass
class Section:
    module: str
    number: int
    title: str
    statements: list[Statement] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return pgettext("a section heading", "%(number)s. %(title)s") % {
            "number": numeral(self.number),
            "title": self.title,
        }


@dataclass
class Report:
    """The whole report for one user, year and base year."""

    title: str
    union_name: str
    scope: str
    year: int
    base_year: int
    period: Period
    until: date | None
    made_on: date
    sections: list[Section]

    @property
    def subtitle(self) -> str:
        if self.until is not None:
            return _("%(union)s · figures from %(start)s to %(end)s") % {
                "union": self.union_name,
                "start": sentences.long_day(self.period.start),
                "end": sentences.long_day(self.until),
            }
        return _("%(union)s · figures of %(year)s") % {"union": self.union_name, "year": self.year}

    @property
    def introduction(self) -> str:
        return _(
            "The figures below are counted from the records kept in the system for %(union)s, "
            "compared with last year and with %(base)s; each figure's footnote names the list it came from, "
            "which can be opened to see the rows behind it."
        ) % {"union": self.union_name, "base": self.base_year}

    @property
    def statements(self) -> list[Statement]:
        return [statement for section in self.sections for statement in section.statements]


def numeral(number: int) -> str:
    """A section's number: 一, 二 … in Chinese (up to 十), 1, 2 … otherwise."""
    if (translation.get_language() or "").startswith("zh") and 1 <= number <= len(CHINESE_NUMERALS):
        return CHINESE_NUMERALS[number - 1]
    return str(number)


def default_base_year(year: int) -> int:
    return max(FIRST_YEAR, year - DEFAULT_BASE_YEARS)


def site_address(path: str) -> str:
    """``path`` on the site's address when the settings name one (``GONGHUI_SITE_URL``), else the path."""
    site = str(getattr(settings, "GONGHUI_SITE_URL", "") or "").rstrip("/")
    return f"{site}{path}" if site else path


def report_period(year: int, today: date) -> Period:
    """The calendar year ``year``, counted up to ``today`` while it still runs."""
    if year > today.year:
        raise ValueError(f"the year {year} has not begun")
    return calendar_year(year).until(today)


def _module_order() -> dict[str, int]:
    return {module.name: index for index, module in enumerate(modules.discover())}


def _module_label(name: str) -> str:
    try:
        return str(modules.get(name).label)
    except LookupError:
        return name


def _year_caption(year: int) -> str:
    return pgettext("a year", "%(year)s") % {"year": year}


def build(
    user: Any,
    *,
    year: int,
    base_year: int,
    today: date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Count every measure ``user`` may read for ``year`` (compared with last year and ``base_year``)."""
    today = today or timezone.localdate()
    period = report_period(year, today)
    if base_year > year or base_year < FIRST_YEAR:
        raise ValueError(f"the base year {base_year} is not between {FIRST_YEAR} and {year}")
    until = period.end if period.end < calendar_year(year).end else None
    chart_years = [y for y in range(year - CHART_YEARS + 1, year + 1) if y >= FIRST_YEAR]
    years = sorted(y for y in {*chart_years, year - 1, base_year} if y >= FIRST_YEAR)
    periods = [period.years_back(year - y) for y in years]
    index = {y: i for i, y in enumerate(years)}

    readable = measures.measures_for(user)
    counted: dict[str, list[Decimal | int]] = {}
    for done, measure in enumerate(readable, 1):
        counted[measure.key] = list(measures.count(measure, user, periods).totals)
        if progress is not None:
            progress(done, len(readable), _("Counting: %(label)s") % {"label": measure.label})

    union = user.union
    scope = sentences.scope_word(union.kind)
    order = _module_order()
    sections: dict[str, Section] = {}
    notes = 0
    for measure in sorted(readable, key=lambda m: (order.get(m.module, len(order)), m.order, m.key)):
        values = counted[measure.key]
        if not any(values):
            continue  # nothing of it in these years: not worth a sentence
        notes += 1
        statement = _statement(measure, values, counted, index, periods, year, base_year, scope, until, notes)
        if measure.module not in sections:
            sections[measure.module] = Section(measure.module, len(sections) + 1, _module_label(measure.module))
        sections[measure.module].statements.append(statement)
    return Report(
        title=_("Work report %(year)s") % {"year": year},
        union_name=union.name,
        scope=scope,
        year=year,
        base_year=base_year,
        period=period,
        until=until,
        made_on=today,
        sections=list(sections.values()),
    )


def _statement(
    measure: Measure,
    values: list[Decimal | int],
    counted: dict[str, list[Decimal | int]],
    index: dict[int, int],
    periods: list[Period],
    year: int,
    base_year: int,
    scope: str,
    until: date | None,
    number: int,
) -> Statement:
    value = values[index[year]]
    last = values[index[year - 1]] if year - 1 in index else None
    base = values[index[base_year]] if base_year != year else None
    rate = last_rate = target = None
    whole_label = ""
    whole = measures.get(measure.share_of) if measure.share_of else None
    if whole is not None and whole.key in counted:
        whole_values = counted[whole.key]
        whole_label = str(whole.label)
        rate = figure_base.rate(value, whole_values[index[year]])
        if last is not None:
            last_rate = figure_base.rate(last, whole_values[index[year - 1]])
        target = measure.target() if measure.target is not None else None
    facts = sentences.Facts(
        label=str(measure.label),
        unit=measure.unit,
        counter=str(measure.counter) if measure.counter else "",
        stock=measure.stock,
        scope=scope,
        year=year,
        value=value,
        last=last,
        base_year=base_year,
        base=base,
        start=periods[index[year]].start,
        until=until,
        rate=rate,
        last_rate=last_rate,
        whole_label=whole_label,
        target=target,
    )
    sources = [
        Source(_year_caption(y), site_address(measure.url(periods[index[y]])))
        for y in dict.fromkeys((year, year - 1, base_year))
        if y in index
    ]
    if whole is not None and rate is not None:
        sources.append(Source(whole_label, site_address(whole.url(periods[index[year]]))))
    return Statement(
        key=measure.key,
        label=str(measure.label),
        unit=facts.unit,
        text=sentences.sentence(facts),
        note=Note(number, str(measure.label), sources),
        series=[(y, values[index[y]]) for y in sorted(index) if y > year - CHART_YEARS],
        facts=facts,
    )
