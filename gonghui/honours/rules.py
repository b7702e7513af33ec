"""The rules of a nominating union's list (quota and composition), the notice period, the allowance.

* **Quota**: a union nominates in a category at most the places the campaign gave it; a category
  it was given no places in is closed to it.
* **Composition** (per campaign, configurable): among the union's individual nominees at least
  ``min_frontline_percent`` % frontline workers (一线职工) and at most ``max_leader_percent`` %
  leaders and managers. A share exactly at the limit keeps the rule. The shares are compared as
  exact fractions; the page shows them rounded to a whole percent.
* The nominations counted are the union's live ones (``workflows.LIVE_STATES``): withdrawn and
  refused nominations free their place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.tree.scoping import system_scope
from gonghui.honours.models import INDIVIDUAL, AllowanceRate, AwardCampaign, Category, ModelWorker, Nomination, Quota
from gonghui.honours.workflows import LIVE_STATES, notice_period


@dataclass
class CategoryCount:
    category: str
    label: str
    used: int
    places: int

    @property
    def over(self) -> bool:
        return self.used > self.places


@dataclass
class Share:
    key: str  # "frontline" or "leader"
    count: int
    total: int
    limit: int
    minimum: bool  # True: at least ``limit`` %; False: at most

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return int((Decimal(self.count * 100) / Decimal(self.total)).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def broken(self) -> bool:
        if not self.total:
            return False
        if self.minimum:
            return self.count * 100 < self.limit * self.total
        return self.count * 100 > self.limit * self.total

    @property
    def text(self) -> str:
        values = {"percent": self.percent, "limit": self.limit}
        if self.key == "frontline":
            if self.broken:
                return _("一线职工占比 %(percent)d%%，低于 %(limit)d%%") % values
            return _("一线职工占比 %(percent)d%%，不低于 %(limit)d%%") % values
        if self.broken:
            return _("领导人员占比 %(percent)d%%，高于 %(limit)d%%") % values
        return _("领导人员占比 %(percent)d%%，不高于 %(limit)d%%") % values


@dataclass
class ListStatus:
    """A nominating union's list in a campaign: places used per category and the composition shares."""

    categories: list[CategoryCount] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        found = [
            _("%(category)s: %(used)d nominated, %(places)d places")
            % {
                "category": row.label,
                "used": row.used,
                "places": row.places,
            }
            for row in self.categories
            if row.over
        ]
        return found + [share.text for share in self.shares if share.broken]


def list_status(
    campaign: AwardCampaign, union_id: int, *, candidate: dict[str, Any] | None = None, exclude: int | None = None
) -> ListStatus:
    """The list of ``union_id`` in ``campaign``; ``candidate`` (category, frontline, leader) counted as if added."""
    with system_scope("a union's nominations are counted against its quota, whoever reads it"):
        # unscoped: the whole list of the nominating union, the quota it was given
        rows: list[dict[str, Any]] = [
            dict(row)
            # unscoped: the whole list of the nominating union, the quota it was given
            for row in Nomination.unscoped.filter(campaign=campaign, union_id=union_id, state__in=LIVE_STATES)
            .exclude(pk=exclude or 0)
            .values("category", "frontline", "leader")
        ]
        # unscoped: the quotas the nominating union was given by the campaign's organiser
        places = dict(Quota.unscoped.filter(campaign=campaign, union_id=union_id).values_list("category", "places"))
    if candidate is not None:
        rows.append(candidate)
    used: dict[str, int] = {}
    for row in rows:
        used[row["category"]] = used.get(row["category"], 0) + 1
    codes = [code for code in campaign.categories if code in Category.values]
    codes += [code for code in used if code not in codes]
    status = ListStatus(
        categories=[
            CategoryCount(code, str(Category(code).label), used.get(code, 0), places.get(code, 0))
            for code in codes
            if code in places or code in used
        ]
    )
    individuals = [row for row in rows if row["category"] in INDIVIDUAL]
    if campaign.min_frontline_percent is not None:
        status.shares.append(
            Share(
                "frontline",
                sum(bool(r["frontline"]) for r in individuals),
                len(individuals),
                campaign.min_frontline_percent,
                True,
            )
        )
    if campaign.max_leader_percent is not None:
        status.shares.append(
            Share(
                "leader",
                sum(bool(r["leader"]) for r in individuals),
                len(individuals),
                campaign.max_leader_percent,
                False,
            )
        )
    return status


def submission_problems(campaign: AwardCampaign, union: Any, *, adding: Nomination | None = None) -> list[str]:
    """Why the union's list may not be submitted now (empty: it may)."""
    return list_status(campaign, union.pk).problems


def notice_end(starts_on: date, working_days: int) -> date:
    """The last day of a notice of ``working_days`` working days starting on ``starts_on`` (statutory calendar)."""
    rule, counted_from = notice_period(starts_on, working_days)
    return rule.end(counted_from)


def allowance_rate(model_worker: ModelWorker) -> AllowanceRate | None:
    """The allowance rate for ``model_worker``: the table of its union, else of the nearest union above."""
    from gonghui.core.tree.paths import ancestor_paths

    paths = [model_worker.union.path, *ancestor_paths(model_worker.union.path)]
    with system_scope("the allowance table of the unions above the model worker's applies to them"):
        # unscoped: a union's table applies to the model workers kept below it
        rates = list(
            # unscoped: a union's table applies to the model workers kept below it
            AllowanceRate.unscoped.select_related("union").filter(
                union__path__in=paths, level=model_worker.level, farmer=model_worker.farmer
            )
        )
    if not rates:
        return None
    return max(rates, key=lambda rate: len(rate.union.path))


def monthly_allowance(model_worker: ModelWorker) -> Decimal:
    """The honour allowance of ``model_worker`` a month (a yearly rate spread over twelve), 0 without a rate."""
    rate = allowance_rate(model_worker)
    if rate is None:
        return Decimal("0.00")
    if rate.per == AllowanceRate.Per.MONTH:
        return rate.amount
    return (rate.amount / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)


# The local example table (reference: domain notes §4, local examples, not national rules). The
# county level has no example there: a union adds its own rate. A union replaces the whole table.
GUANGDONG = "地方示例：广东省荣誉津贴（全国劳模200元/月、省劳模150元/月）"
COUNTY_EXAMPLE = "地方示例：某县低收入劳模补助（来源可靠性低，仅供参考）"
EXAMPLE_RATES = (
    ("national", False, Decimal("200.00"), "month", GUANGDONG),
    ("provincial", False, Decimal("150.00"), "month", GUANGDONG),
    ("city", False, Decimal("80.00"), "month", COUNTY_EXAMPLE),
    ("national", True, Decimal("1500.00"), "year", COUNTY_EXAMPLE),
    ("provincial", True, Decimal("1000.00"), "year", COUNTY_EXAMPLE),
    ("city", True, Decimal("800.00"), "year", COUNTY_EXAMPLE),
)


# The first day of the lunar year (春节, 正月初一), for "visited before the Spring Festival".
SPRING_FESTIVAL = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}


def spring_festival(year: int) -> date:
    """The Spring Festival of ``year`` (15 February when the table does not reach it)."""
    return SPRING_FESTIVAL.get(year, date(year, 2, 15))


def festival_season(today: date) -> tuple[date, date]:
    """The Spring Festival visits that count on ``today``: from 1 October before the coming festival up to it."""
    festival = spring_festival(today.year)
    if today > festival:
        festival = spring_festival(today.year + 1)
    return date(festival.year - 1, 10, 1), festival
