"""The leader's dashboard: every module's measures for a period, against the same days a year earlier.

For each measure the user may read: its value for the period and its link, the same days one year
earlier and the change, a trend of the same days over the last ``TREND`` years, the rate when it
is a share of another measure (and its target), and a ranking of the townships. One query per
measure (``measures.count`` with a conditional count per year), whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps

from gonghui.core.figures import base, measures
from gonghui.core.figures.base import percent
from gonghui.core.figures.measures import Counted, Measure
from gonghui.core.figures.periods import Period
from gonghui.core.figures.townships import townships_for_user

TREND = 5  # the trend shows the same days over this many years, the chosen period last


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | int
    url: str
    height: int = 0  # of the sparkline's bar, 0–100


@dataclass(frozen=True)
class Place:
    """A township's line in a measure's ranking."""

    rank: int
    name: str
    value: Decimal | int
    rate: Decimal | None
    url: str

    @property
    def rate_percent(self) -> float | None:
        return percent(self.rate)


@dataclass
class Tile:
    measure: Measure
    period: Period
    value: Decimal | int
    before: Decimal | int  # the same days a year earlier
    url: str
    before_url: str
    trend: list[Point]
    ranking: list[Place]
    rate: Decimal | None = None  # of ``share_of``
    rate_before: Decimal | None = None
    target: Decimal | None = None
    whole_label: str = ""

    @property
    def key(self) -> str:
        return self.measure.key

    @property
    def is_yuan(self) -> bool:
        return self.measure.unit == "yuan"

    @property
    def change(self) -> Decimal | int:
        return self.value - self.before

    @property
    def change_abs(self) -> Decimal | int:
        change = self.change
        return -change if change < 0 else change

    @property
    def change_percent(self) -> float | None:
        """The change as a percentage of last year's value (none over zero)."""
        if not self.before:
            return None
        return round(float(Decimal(self.change) / Decimal(self.before) * 100), 1)

    @property
    def good_news(self) -> bool | None:
        """Whether the change is good news (None: no change)."""
        if not self.change:
            return None
        return (self.change > 0) == self.measure.higher_is_better

    @property
    def rate_percent(self) -> float | None:
        return percent(self.rate)

    @property
    def target_percent(self) -> float | None:
        return percent(self.target)

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.rate is None:
            return None
        return self.rate >= self.target


@dataclass
class Section:
    module: str
    title: Any
    tiles: list[Tile] = field(default_factory=list)


def module_title(module: str) -> Any:
    try:
        return apps.get_app_config(module).verbose_name
    except LookupError:
        return module


def trend_periods(period: Period, years: int = TREND) -> list[Period]:
    """The period and the same days in each of the ``years - 1`` years before, newest first."""
    return [period.years_back(back) for back in range(years)]


def _heights(values: list[Decimal | int]) -> list[int]:
    top = max((value for value in values), default=0)
    if not top or top <= 0:
        return [0 for _ in values]
    return [max(2, int(Decimal(value) * 100 / Decimal(top))) if value > 0 else 0 for value in values]


def build(user: Any, period: Period) -> list[Section]:
    """The dashboard of ``user`` for ``period``: a section per module, its measures in order."""
    readable = measures.measures_for(user)
    periods = trend_periods(period)
    counted: dict[str, Counted] = measures.count_many(readable, user, periods)
    # every township in sight, those without a row too (a ranking shows their zero)
    townships = {union.path: union for union in townships_for_user(user)}
    sections: dict[str, Section] = {}
    for measure in readable:
        result = counted[measure.key]
        whole = counted.get(measure.share_of) if measure.share_of else None
        oldest_first = list(range(len(periods) - 1, -1, -1))
        values = [result.totals[i] for i in oldest_first]
        trend = [
            Point(periods[i].short, result.totals[i], measure.url(periods[i]), height)
            for i, height in zip(oldest_first, _heights(values), strict=True)
        ]
        ranking = _ranking(measure, result, whole, townships, period)
        tile = Tile(
            measure=measure,
            period=period,
            value=result.totals[0],
            before=result.totals[1],
            url=measure.url(period),
            before_url=measure.url(periods[1]),
            trend=trend,
            ranking=ranking,
        )
        if whole is not None:
            tile.rate = base.rate(result.totals[0], whole.totals[0])
            tile.rate_before = base.rate(result.totals[1], whole.totals[1])
            tile.whole_label = str(whole.measure.label)
            tile.target = measure.target() if measure.target is not None else None
        section = sections.setdefault(measure.module, Section(measure.module, module_title(measure.module)))
        section.tiles.append(tile)
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(sections.values(), key=lambda section: (order.get(section.module, len(order)), section.module))


def _ranking(
    measure: Measure, result: Counted, whole: Counted | None, townships: dict[str, Any], period: Period
) -> list[Place]:
    """The townships by value (or by rate for a share), best first; rows kept by the county itself left out."""
    lines = []
    for path, union in townships.items():
        values = result.townships.get(path) or [0]
        rate = None
        if whole is not None:
            whole_values = whole.townships.get(path)
            rate = base.rate(values[0], whole_values[0]) if whole_values else None
        lines.append((union, values[0], rate))

    def sort_key(line: tuple[Any, Decimal | int, Decimal | None]) -> tuple[Any, ...]:
        union, value, rate = line
        primary = rate if whole is not None else value
        primary = Decimal(-1) if primary is None else Decimal(primary)
        return (-primary if measure.higher_is_better else primary, union.path)

    lines.sort(key=sort_key)
    places = []
    rank = 0
    previous: Any = object()
    for position, (union, value, rate) in enumerate(lines, start=1):
        shown = rate if whole is not None else value
        if shown != previous:
            rank = position  # ties share a place (1, 1, 3)
            previous = shown
        places.append(Place(rank, union.name, value, rate, measure.url(period, union.pk)))
    return places


def flat(sections: list[Section]) -> list[Tile]:
    return [tile for section in sections for tile in section.tiles]


READERS_WITHIN = 30  # days: the dashboards of those who signed in within them are counted ahead


def keep_current() -> int:
    """Count ahead of their readers the dashboards (this year so far) of those who read one — once per
    union and role among the accounts used within ``READERS_WITHIN`` days — so that a page finds them
    kept (``kept.py``): after midnight (a new day is a new period), after a restart, after a change
    that counts every township again. A periodic job; what it keeps is exact as any count (the stamps
    say when it no longer holds). Returns the dashboards counted."""
    from datetime import timedelta

    from django.utils import timezone

    from gonghui.core.accounts.models import User
    from gonghui.core.figures.periods import default_period
    from gonghui.core.tree.scoping import acting_as

    since = timezone.now() - timedelta(days=READERS_WITHIN)
    period = default_period(timezone.localdate())
    seen: set[tuple[int, str]] = set()
    counted = 0
    readers = User.unscoped.filter(is_active=True, last_login__gte=since).select_related("union").order_by("pk")
    for user in readers:
        if (user.union_id, user.role) in seen or not measures.measures_for(user):
            continue
        seen.add((user.union_id, user.role))
        with acting_as(user):
            build(user, period)
        counted += 1
    return counted
