"""Coverage figures (组建率, 入会率): who is organised, by township, industry, ownership, size and year.

Every figure comes from aggregate queries over the user's scoped employers (``GROUP BY`` on
indexed columns, conditional ``COUNT``/``SUM``): employers are never loaded into Python. Each
count is a ``core.figures.Figure`` carrying the employer-list filter that lists exactly its rows
(the eligible ones: ``union_status=eligible``, not-eligible employers left out as in the rate).

**Townships.** The township lines group employers by where they are (``division``). A township
federation's scope is the employers its subtree keeps: an employer of its township kept by a
county sector union (教育、卫生 …) or by the county federation itself is in the county's line for
the township but not on the township's own page. The page says so, with the number.

The rules (issue 4, "coverage figures"):

* The **denominator** is the operating, eligible employers: closed employers and employers
  marked not eligible are left out.
* **founding rate** = employers of the denominator with their own union OR covered by a joint
  union ÷ the denominator. ``union_status`` holds one value per employer, so an employer counts
  once whatever links it has (an own union and a joint union's link together count once).
* **membership rate** = members ÷ workers of the same set. An employer with its own union
  contributes that union's member count. The joint unions covering the scope contribute their
  members once each: a line (a township, an industry …) gets them in proportion to its
  joint-covered workers, at the scope's ratio of joint members to joint-covered workers, so the
  lines add up to the whole and the whole is exact.

Speed (bench/coverage.py): five queries whatever the number of employers; all the employers
are read twice (see ``coverage_for_user``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures import Figure, Rate, list_url, percent
from gonghui.core.figures.charts import Axis, Chart, Series
from gonghui.core.figures.townships import TOWNSHIP_DEPTH, township_path, township_unions
from gonghui.core.figures.years import trend_years, year_of
from gonghui.core.reference.selectors import choices as reference_choices
from gonghui.core.reference.selectors import name_of
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as
from gonghui.organisations.models import Employer, SizeBand, UnionProfile
from gonghui.organisations.selectors import ELIGIBLE as ELIGIBLE_FILTER

Status = Employer.Status
UnionStatus = Employer.UnionStatus

TODO_LIMIT = 20
COVERED = (UnionStatus.OWN, UnionStatus.JOINT)
LIST = "organisations:employer_list"

# The breakdowns: key, title, the grouped column, the employer list's filter parameter.
BREAKDOWNS: tuple[tuple[str, Any, str, str], ...] = (
    ("township", _("By township"), "division_id", "township"),
    ("industry", _("By industry section"), "industry__section_id", "industry"),
    ("ownership", _("By economic type"), "ownership_id", "ownership"),
    ("size_band", _("By size"), "size_band", "size_band"),
)
# Each line's counts and the employer-list filters that list exactly the rows of each.
COUNTS: dict[str, dict[str, str]] = {
    "eligible": {"status": Status.OPERATING, "union_status": ELIGIBLE_FILTER},
    "own": {"status": Status.OPERATING, "union_status": UnionStatus.OWN},
    "joint": {"status": Status.OPERATING, "union_status": UnionStatus.JOINT},
    "uncovered": {"status": Status.OPERATING, "union_status": UnionStatus.NONE},
}


def founding_target() -> Decimal:
    """The configured founding-rate target (``ORGANISATIONS_FOUNDING_TARGET``), a fraction."""
    return Decimal(str(getattr(settings, "ORGANISATIONS_FOUNDING_TARGET", "0.80")))


def employer_url(employer_id: int) -> str:
    return reverse("organisations:employer_detail", kwargs={"employer_id": employer_id})


@dataclass
class CoverageLine:
    """One line of figures: a whole scope, a township, an industry section …"""

    key: str
    label: str
    eligible: int = 0  # operating, eligible employers: the denominator
    own: int = 0
    joint: int = 0
    workers: int = 0
    members: int = 0
    # The employer-list filter naming this line's rows; None: no filter names them (not recorded).
    filters: dict[str, str] | None = field(default_factory=dict)
    # Of ``eligible``, those kept by a sector union or by the county federation itself: counted in a
    # township's line by where they are, but not by the township federation, which does not keep them.
    outside: int = 0
    breakdown: str = "total"

    @property
    def covered(self) -> int:
        return self.own + self.joint

    @property
    def uncovered(self) -> int:
        return self.eligible - self.covered

    @property
    def founding(self) -> Rate:
        return Rate(self.covered, self.eligible)

    @property
    def membership(self) -> Rate:
        return Rate(self.members, self.workers)

    @property
    def founding_rate(self) -> Decimal | None:
        return self.founding.value

    @property
    def membership_rate(self) -> Decimal | None:
        return self.membership.value

    @property
    def founding_percent(self) -> float | None:
        return self.founding.percent

    @property
    def membership_percent(self) -> float | None:
        return self.membership.percent

    def meets(self, target: Decimal) -> bool:
        return self.founding.meets(target)

    @property
    def counts(self) -> dict[str, Figure]:
        """The line's counts, each with the employer list naming its rows."""
        prefix = f"{self.breakdown}.{self.key}." if self.breakdown != "total" else "total."
        return {
            name: Figure(
                value=getattr(self, name),
                url="" if self.filters is None else list_url(LIST, **self.filters, **filters),
                key=prefix + name,
                label=f"{self.label}: {name}",
            )
            for name, filters in COUNTS.items()
        }

    @property
    def eligible_url(self) -> str:
        return self.counts["eligible"].url

    @property
    def own_url(self) -> str:
        return self.counts["own"].url

    @property
    def joint_url(self) -> str:
        return self.counts["joint"].url

    @property
    def uncovered_url(self) -> str:
        return self.counts["uncovered"].url


@dataclass
class YearLine:
    """Employers that became covered in one year, and the founding rate reached by its end."""

    year: int
    own: int
    joint: int
    cumulative: int
    rate: Decimal | None

    @property
    def covered(self) -> int:
        return self.own + self.joint

    @property
    def percent(self) -> float | None:
        return percent(self.rate)


@dataclass
class Breakdown:
    key: str
    title: Any
    rows: list[CoverageLine]

    @property
    def outside(self) -> int:
        """Employers of the lines kept outside the township federations (the township breakdown only)."""
        return sum(row.outside for row in self.rows)


@dataclass
class Coverage:
    """Everything the coverage page shows, for one user's scope."""

    target: Decimal
    total: CoverageLine
    breakdowns: list[Breakdown]
    years: list[YearLine]
    todo: list[dict[str, Any]]
    closed: int
    not_eligible: int
    # The user's scope spans several townships: the township lines count employers by where they are.
    spans_townships: bool = False

    @property
    def target_percent(self) -> float:
        return float(self.target * 100)

    @property
    def left_out(self) -> dict[str, Figure]:
        """The employers the rates leave out, with their lists."""
        return {
            "closed": Figure(self.closed, list_url(LIST, status=Status.CLOSED), "total.closed", str(_("closed"))),
            "not_eligible": Figure(
                self.not_eligible,
                list_url(LIST, status=Status.OPERATING, union_status=UnionStatus.NOT_ELIGIBLE),
                "total.not_eligible",
                str(_("not eligible")),
            ),
        }

    @property
    def closed_url(self) -> str:
        return self.left_out["closed"].url

    @property
    def not_eligible_url(self) -> str:
        return self.left_out["not_eligible"].url

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)

    def published(self) -> list[Figure]:
        """Every count on the page, for the figures protocol (``CoverageFigures``)."""
        figures = [*self.total.counts.values(), *self.left_out.values()]
        for breakdown in self.breakdowns:
            for row in breakdown.rows:
                figures.extend(row.counts.values())
        return figures

    def township_chart(self) -> Chart:
        """Founding rate by township against the target; a bar opens its employers without a union."""
        rows = self.breakdown("township").rows
        rates = [row.founding_percent for row in rows]
        return Chart(
            categories=[row.label for row in rows],
            series=[
                Series(
                    name=str(_("Founding rate (%)")),
                    data=rates,
                    colors=["#198754" if v is not None and v >= self.target_percent else "#fd7e14" for v in rates],
                    urls=[row.uncovered_url for row in rows],
                ),
                Series(
                    name=str(_("Membership rate (%)")),
                    data=[row.membership_percent for row in rows],
                    type="line",
                    color="#0d6efd",
                ),
            ],
            axes=[Axis(unit="percent", max=100)],
            target=self.target_percent,
            target_label=str(_("Target")),
        )

    def year_chart(self) -> Chart:
        """Employers covered per year (own, joint) and the founding rate reached by each year's end."""
        return Chart(
            categories=[str(y.year) for y in self.years],
            series=[
                Series(str(_("Own union")), [y.own for y in self.years], color="#198754", stack="founded"),
                Series(str(_("Joint coverage")), [y.joint for y in self.years], color="#20c997", stack="founded"),
                Series(str(_("Founding rate (%)")), [y.percent for y in self.years], type="line", axis=1),
            ],
            axes=[Axis(), Axis(unit="percent", max=100)],
            target=self.target_percent,
            target_label=str(_("Target")),
            target_series=2,
        )


# --- the queries --------------------------------------------------------------------------------

# The denominator, as a condition inside the aggregates rather than a WHERE clause: the only WHERE
# left is the scope's range on the union path, which the database can then drive the query from
# (a township's employers through the keeping union's index) instead of scanning every operating
# employer of the province.
ELIGIBLE = Q(status=Status.OPERATING) & ~Q(union_status=UnionStatus.NOT_ELIGIBLE)
OWN = Q(status=Status.OPERATING, union_status=UnionStatus.OWN)
JOINT = Q(status=Status.OPERATING, union_status=UnionStatus.JOINT)


def _figures() -> dict[str, Any]:
    return {
        "eligible": Count("pk", filter=ELIGIBLE),
        "own": Count("pk", filter=OWN),
        "joint": Count("pk", filter=JOINT),
        "workers": Coalesce(Sum("headcount", filter=ELIGIBLE), 0),
        # A join, not a correlated subquery: PostgreSQL hashes it, where a subquery per row would cost
        # enough in its estimate to switch on JIT compilation (which took two thirds of the time).
        "own_members": Coalesce(
            Sum(
                Case(
                    When(OWN, then=Coalesce(F("own_union__profile__member_count"), 0)),
                    default=0,
                    output_field=IntegerField(),
                )
            ),
            0,
        ),
        "joint_workers": Coalesce(Sum("headcount", filter=JOINT), 0),
    }


def _joint_ratio(employers: QuerySet[Employer]) -> float:
    """Members per covered worker of the joint unions covering ``employers``: one small query.

    Each joint union is counted once (its members over the workers of every operating employer
    it covers, read across scopes: the ratio needs the whole denominator, only sums leave the
    database). A line's joint members are its joint-covered workers times this ratio, so the
    whole scope's figure is exact and a breakdown gets its share by workers.
    """
    joint_unions = employers.filter(JOINT).values("joint_union_id")
    covered = (
        # unscoped: a joint union's ratio needs every employer it covers, only sums leave
        Employer.unscoped.filter(joint_union=OuterRef("pk"), status=Status.OPERATING, union_status=UnionStatus.JOINT)
        .order_by()
        .values("joint_union")
        .annotate(total=Sum("headcount"))
        .values("total")
    )
    # unscoped: the joint unions covering employers in scope, only sums leave
    row = UnionProfile.unscoped.filter(pk__in=joint_unions).aggregate(
        members=Sum("member_count"), workers=Sum(Subquery(covered, output_field=IntegerField()))
    )
    return (row["members"] or 0) / row["workers"] if row["workers"] else 0.0


def _year_rows(employers: QuerySet[Employer], this_year: int) -> dict[int, tuple[int, int]]:
    """Employers covered in each of the trend's years: own, joint (one query over the covered)."""
    first = date(trend_years(this_year)[0], 1, 1)
    rows = (
        employers.filter(OWN | JOINT, founded_on__gte=first)
        .annotate(year=year_of("founded_on"))
        .values("year")
        .annotate(own=Count("pk", filter=OWN), joint=Count("pk", filter=JOINT))
        .order_by()
    )
    return {int(row["year"]): (row["own"], row["joint"]) for row in rows}


def _figure(
    key: str, label: str, row: dict[str, Any], filters: dict[str, str] | None, ratio: float, breakdown: str = "total"
) -> CoverageLine:
    return CoverageLine(
        key=key,
        label=label,
        eligible=row["eligible"] or 0,
        own=row["own"] or 0,
        joint=row["joint"] or 0,
        workers=int(row["workers"] or 0),
        members=round((row["own_members"] or 0) + ratio * (row["joint_workers"] or 0)),
        filters=filters,
        breakdown=breakdown,
    )


def _label(key: str, code: Any) -> str:
    if code in (None, ""):
        return str(_("not recorded"))
    if key == "township":
        return name_of("division", code) or str(code)
    if key == "industry":
        name = name_of("industry", code)
        return f"{code} {name}" if name else str(code)
    if key == "ownership":
        return name_of("ownership", code) or str(code)
    if key == "size_band":
        return str(SizeBand(code).label) if code in SizeBand.values else str(code)
    return str(code)


_SIZE_ORDER = {code: i for i, code in enumerate(SizeBand.values)}


def _breakdown_rows(key: str, column: str, param: str, rows: list[dict[str, Any]], ratio: float) -> list[CoverageLine]:
    # A line whose value is not recorded has no list filter naming it alone: its figures are not linked.
    figures = [
        _figure(
            str(row[column] or ""),
            _label(key, row[column]),
            row,
            {param: row[column]} if row[column] else None,
            ratio,
            breakdown=key,
        )
        for row in rows
        if row["eligible"]
    ]
    if key == "size_band":
        figures.sort(key=lambda f: _SIZE_ORDER.get(f.key, 99))
    elif key == "township":
        figures.sort(key=lambda f: (f.key == "", f.key))
    else:
        figures.sort(key=lambda f: (-f.eligible, f.key))
    return figures


def _breakdown(employers: QuerySet[Employer], ratio: float, key: str, title: Any, column: str, param: str) -> Breakdown:
    rows = list(employers.values(column).annotate(**_figures()).filter(eligible__gt=0).order_by())
    return Breakdown(key, title, _breakdown_rows(key, column, param, rows, ratio))


def _years(found: dict[int, tuple[int, int]], total: CoverageLine, this_year: int) -> list[YearLine]:
    years = trend_years(this_year)
    # Covered before the trend's first year, or without a recorded date: the starting level.
    cumulative = total.covered - sum(own + joint for year, (own, joint) in found.items() if year in years)
    trend = []
    for year in years:
        own, joint = found.get(year, (0, 0))
        cumulative += own + joint
        trend.append(YearLine(year, own, joint, cumulative, Rate(cumulative, total.eligible).value))
    return trend


def _todo(employers: QuerySet[Employer], limit: int) -> list[dict[str, Any]]:
    rows = (
        employers.filter(status=Status.OPERATING, union_status=UnionStatus.NONE)
        .order_by("-headcount", "name")
        .values("pk", "name", "headcount", "division_id", "industry_id", "size_band")[:limit]
    )
    return [
        {
            **row,
            "url": employer_url(row["pk"]),
            "township": _label("township", row["division_id"]) if row["division_id"] else "",
            "industry": name_of("industry", row["industry_id"]) or "",
        }
        for row in rows
    ]


def _sections() -> dict[str, str]:
    """Industry division code → its section letter, from the reference lookups' cache (no query)."""
    return {
        code: section
        for section, _name in reference_choices("industry", parent="")
        for code, _division in reference_choices("industry", parent=section)
    }


def _rollup(rows: list[dict[str, Any]], column: str, names: list[str]) -> list[dict[str, Any]]:
    """Lines of a two-column grouping summed over the other column (a few hundred lines at most)."""
    summed: dict[Any, dict[str, Any]] = {}
    for row in rows:
        line = summed.setdefault(row[column], {column: row[column], **dict.fromkeys(names, 0)})
        for name in names:
            line[name] += row[name] or 0
    return list(summed.values())


def _kept_outside_townships(employers: QuerySet[Employer]) -> dict[str, int]:
    """Eligible employers per division kept by a union that is not under a township federation.

    A sector union (教育、卫生 …), a grassroots union directly under the county or the county
    federation itself keeps employers wherever they are: the township line counts them by where
    they are, the township federation's own page does not (they are not in its subtree). Two
    queries: the eligible employers grouped by (division, keeping township prefix), a few dozen
    lines, and the kinds of those prefixes' unions.
    """
    rows = list(
        employers.filter(ELIGIBLE)
        .values("division_id", keeper=township_path("union__path"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    federations = {
        path for path, union in township_unions(r["keeper"] for r in rows).items() if union.kind == Union.Kind.TOWNSHIP
    }
    outside: dict[str, int] = {}
    for row in rows:
        if row["keeper"] not in federations and row["division_id"]:
            outside[row["division_id"]] = outside.get(row["division_id"], 0) + row["n"]
    return outside


def _spans_townships(user: Any) -> bool:
    union = getattr(user, "union", None)
    return union is None or union.depth < TOWNSHIP_DEPTH


def coverage_for_user(user: Any, *, todo_limit: int = TODO_LIMIT, year: int | None = None) -> Coverage:
    """The coverage figures of every employer ``user`` may see (their union's subtree).

    Five queries whatever the number of employers. The employers are read twice, grouped by
    (township, industry section) and by (economic type, size band): each breakdown is the sum of
    its grouping's lines over the other column (at most a few hundred lines, never the employers),
    and the totals are the sum of them all (every employer is on one line, an unrecorded township
    included). The first grouping also counts the employers left out. Then the joint unions'
    membership ratio, the year trend (over the covered employers only) and the to-do list. A
    county-level user's page adds two: the employers of each township kept outside the township
    federations (``_kept_outside_townships``).
    """
    this_year = year or timezone.localdate().year
    spec = {b[0]: b for b in BREAKDOWNS}
    with acting_as(user):
        employers = Employer.objects.all()
        extra = {
            "closed": Count("pk", filter=Q(status=Status.CLOSED)),
            "not_eligible": Count("pk", filter=Q(status=Status.OPERATING, union_status=UnionStatus.NOT_ELIGIBLE)),
        }
        names = [*_figures(), *extra]
        township, industry = spec["township"][2], spec["industry"][2]
        # Grouped by the employer's own industry column (no join to the industry table); the
        # divisions are summed into their sections from the cached reference data.
        places = list(employers.values(township, "industry_id").annotate(**_figures(), **extra).order_by())
        sections = _sections()
        for row in places:
            row[industry] = sections.get(row["industry_id"], row["industry_id"])
        ownership, size = spec["ownership"][2], spec["size_band"][2]
        kinds = list(employers.values(ownership, size).annotate(**_figures()).order_by())
        sums = {name: sum(row[name] or 0 for row in places) for name in names}
        ratio = _joint_ratio(employers) if sums["joint"] else 0.0
        total = _figure("", str(_("All")), sums, {}, ratio)
        grouped = {
            "township": _rollup(places, township, names),
            "industry": _rollup(places, industry, names),
            "ownership": _rollup(kinds, ownership, list(_figures())),
            "size_band": _rollup(kinds, size, list(_figures())),
        }
        breakdowns = [
            Breakdown(key, title, _breakdown_rows(key, column, param, grouped[key], ratio))
            for key, title, column, param in BREAKDOWNS
        ]
        years = _years(_year_rows(employers, this_year), total, this_year) if total.covered else []
        spans = _spans_townships(user)
        if spans and total.eligible:
            outside = _kept_outside_townships(employers)
            for row in breakdowns[0].rows:
                row.outside = outside.get(row.key, 0)
        return Coverage(
            target=founding_target(),
            total=total,
            breakdowns=breakdowns,
            years=years,
            todo=_todo(employers, todo_limit),
            closed=sums["closed"],
            not_eligible=sums["not_eligible"],
            spans_townships=spans,
        )


def founding_rate_for_user(user: Any) -> CoverageLine:
    """The overall figures alone (one query), for a home page tile or a report."""
    with acting_as(user):
        employers = Employer.objects.all()
        row = employers.aggregate(**_figures())
        ratio = _joint_ratio(employers) if row["joint"] else 0.0
    return _figure("", str(_("All")), row, {}, ratio)


def figures_by(user: Any, key: str) -> list[CoverageLine]:
    """One breakdown alone: ``key`` is township, industry, ownership or size_band."""
    spec = next(b for b in BREAKDOWNS if b[0] == key)
    with acting_as(user):
        employers = Employer.objects.all()
        return _breakdown(employers, _joint_ratio(employers), *spec).rows


class CoverageFigures:
    """The coverage counts, published to dashboards and reports (``core.figures.register``)."""

    name = "organisations.coverage"
    title = _("Coverage")
    permission = "organisations.view_employer"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return coverage_for_user(user, year=year).published()
