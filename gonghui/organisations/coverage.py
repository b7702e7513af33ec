"""Coverage figures (组建率, 入会率): who is organised, by township, industry, ownership, size and year.

Every figure comes from aggregate queries over the user's scoped employers (``GROUP BY`` on
indexed columns, conditional ``COUNT``/``SUM``): employers are never loaded into Python. Each
figure carries the employer-list filter that lists the rows behind it.

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
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Cast, Coalesce, ExtractYear, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.reference.selectors import choices as reference_choices
from gonghui.core.reference.selectors import name_of
from gonghui.core.tree.scoping import acting_as
from gonghui.organisations.models import Employer, SizeBand, UnionProfile

Status = Employer.Status
UnionStatus = Employer.UnionStatus

TODO_LIMIT = 20
COVERED = (UnionStatus.OWN, UnionStatus.JOINT)
_RATE_PLACES = Decimal("0.0001")

# The breakdowns: key, title, the grouped column, the employer list's filter parameter.
BREAKDOWNS: tuple[tuple[str, Any, str, str], ...] = (
    ("township", _("By township"), "division_id", "township"),
    ("industry", _("By industry section"), "industry__section_id", "industry"),
    ("ownership", _("By economic type"), "ownership_id", "ownership"),
    ("size_band", _("By size"), "size_band", "size_band"),
)


def founding_target() -> Decimal:
    """The configured founding-rate target (``ORGANISATIONS_FOUNDING_TARGET``), a fraction."""
    return Decimal(str(getattr(settings, "ORGANISATIONS_FOUNDING_TARGET", "0.80")))


def employer_list_url(**filters: str) -> str:
    """The employer list showing exactly ``filters`` (empty values left out)."""
    try:
        base = reverse("organisations:employer_list")
    except NoReverseMatch:  # the list page not installed: the figures still render
        base = "/organisations/employers/"
    query = urlencode({k: v for k, v in filters.items() if v not in ("", None)})
    return f"{base}?{query}" if query else base


def employer_url(employer_id: int) -> str:
    try:
        return reverse("organisations:employer_detail", kwargs={"employer_id": employer_id})
    except NoReverseMatch:
        return f"/organisations/employers/{employer_id}/"


def rate(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` to four places; ``None`` when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class Figure:
    """One line of figures: a whole scope, a township, an industry section …"""

    key: str
    label: str
    eligible: int = 0  # operating, eligible employers: the denominator
    own: int = 0
    joint: int = 0
    workers: int = 0
    members: int = 0
    filters: dict[str, str] = field(default_factory=dict)  # the list filter naming this line's rows

    @property
    def covered(self) -> int:
        return self.own + self.joint

    @property
    def uncovered(self) -> int:
        return self.eligible - self.covered

    @property
    def founding_rate(self) -> Decimal | None:
        return rate(self.covered, self.eligible)

    @property
    def membership_rate(self) -> Decimal | None:
        return rate(self.members, self.workers)

    @property
    def founding_percent(self) -> float | None:
        value = self.founding_rate
        return None if value is None else float(value * 100)

    @property
    def membership_percent(self) -> float | None:
        value = self.membership_rate
        return None if value is None else float(value * 100)

    def meets(self, target: Decimal) -> bool:
        value = self.founding_rate
        return value is not None and value >= target

    # Links to the rows behind each figure.
    def url(self, **extra: str) -> str:
        return employer_list_url(**{**self.filters, **extra})

    @property
    def eligible_url(self) -> str:
        return self.url(status=Status.OPERATING)

    @property
    def own_url(self) -> str:
        return self.url(status=Status.OPERATING, union_status=UnionStatus.OWN)

    @property
    def joint_url(self) -> str:
        return self.url(status=Status.OPERATING, union_status=UnionStatus.JOINT)

    @property
    def uncovered_url(self) -> str:
        return self.url(status=Status.OPERATING, union_status=UnionStatus.NONE)


@dataclass
class YearFigure:
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
        return None if self.rate is None else float(self.rate * 100)


@dataclass
class Breakdown:
    key: str
    title: Any
    rows: list[Figure]


@dataclass
class Coverage:
    """Everything the coverage page shows, for one user's scope."""

    target: Decimal
    total: Figure
    breakdowns: list[Breakdown]
    years: list[YearFigure]
    todo: list[dict[str, Any]]
    closed: int
    not_eligible: int

    @property
    def target_percent(self) -> float:
        return float(self.target * 100)

    @property
    def closed_url(self) -> str:
        return employer_list_url(status=Status.CLOSED)

    @property
    def not_eligible_url(self) -> str:
        return employer_list_url(union_status=UnionStatus.NOT_ELIGIBLE)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)

    def chart_data(self) -> dict[str, Any]:
        """What coverage.js draws (embedded with ``json_script``)."""
        townships = self.breakdown("township").rows
        return {
            "target": self.target_percent,
            "townships": {
                "labels": [row.label for row in townships],
                "rates": [row.founding_percent for row in townships],
                "membership": [row.membership_percent for row in townships],
                "urls": [row.uncovered_url for row in townships],
            },
            "years": {
                "labels": [str(y.year) for y in self.years],
                "own": [y.own for y in self.years],
                "joint": [y.joint for y in self.years],
                "rates": [y.percent for y in self.years],
            },
            "labels": {
                "rate": str(_("Founding rate (%)")),
                "membership": str(_("Membership rate (%)")),
                "target": str(_("Target")),
                "own": str(_("Own union")),
                "joint": str(_("Joint coverage")),
            },
        }


# --- the queries --------------------------------------------------------------------------------

# The denominator, as a condition inside the aggregates rather than a WHERE clause: the only WHERE
# left is the scope's range on the union path, which the database can then drive the query from
# (a township's employers through the keeping union's index) instead of scanning every operating
# employer of the province.
ELIGIBLE = Q(status=Status.OPERATING) & ~Q(union_status=UnionStatus.NOT_ELIGIBLE)
OWN = Q(status=Status.OPERATING, union_status=UnionStatus.OWN)
JOINT = Q(status=Status.OPERATING, union_status=UnionStatus.JOINT)
# The founding trend covers this many years up to the current one; earlier ones are summed.
TREND_YEARS = 10


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
        Employer.unscoped.filter(joint_union=OuterRef("pk"), status=Status.OPERATING, union_status=UnionStatus.JOINT)
        .order_by()
        .values("joint_union")
        .annotate(total=Sum("headcount"))
        .values("total")
    )
    row = UnionProfile.unscoped.filter(pk__in=joint_unions).aggregate(
        members=Sum("member_count"), workers=Sum(Subquery(covered, output_field=IntegerField()))
    )
    return (row["members"] or 0) / row["workers"] if row["workers"] else 0.0


def _year_of(column: str) -> Any:
    """The year of a date column, without a function call per row on SQLite.

    SQLite keeps dates as ISO text and Django's ``ExtractYear`` there calls back into Python for
    every row; its first four characters are the year. PostgreSQL extracts it natively.
    """
    if connection.vendor == "sqlite":
        return Cast(Substr(column, 1, 4), IntegerField())
    return ExtractYear(column)


def _year_rows(employers: QuerySet[Employer], this_year: int) -> dict[int, tuple[int, int]]:
    """Employers covered in each of the trend's years: own, joint (one query over the covered)."""
    first = date(this_year - TREND_YEARS + 1, 1, 1)
    rows = (
        employers.filter(OWN | JOINT, founded_on__gte=first)
        .annotate(year=_year_of("founded_on"))
        .values("year")
        .annotate(own=Count("pk", filter=OWN), joint=Count("pk", filter=JOINT))
        .order_by()
    )
    return {int(row["year"]): (row["own"], row["joint"]) for row in rows}


def _figure(key: str, label: str, row: dict[str, Any], filters: dict[str, str], ratio: float) -> Figure:
    return Figure(
        key=key,
        label=label,
        eligible=row["eligible"] or 0,
        own=row["own"] or 0,
        joint=row["joint"] or 0,
        workers=int(row["workers"] or 0),
        members=round((row["own_members"] or 0) + ratio * (row["joint_workers"] or 0)),
        filters=filters,
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


def _breakdown_rows(key: str, column: str, param: str, rows: list[dict[str, Any]], ratio: float) -> list[Figure]:
    figures = [
        _figure(
            str(row[column] or ""), _label(key, row[column]), row, {param: row[column]} if row[column] else {}, ratio
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


def _years(found: dict[int, tuple[int, int]], total: Figure, this_year: int) -> list[YearFigure]:
    years = range(this_year - TREND_YEARS + 1, this_year + 1)
    # Covered before the trend's first year, or without a recorded date: the starting level.
    cumulative = total.covered - sum(own + joint for year, (own, joint) in found.items() if year in years)
    trend = []
    for year in years:
        own, joint = found.get(year, (0, 0))
        cumulative += own + joint
        trend.append(YearFigure(year, own, joint, cumulative, rate(cumulative, total.eligible)))
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


def coverage_for_user(user: Any, *, todo_limit: int = TODO_LIMIT, year: int | None = None) -> Coverage:
    """The coverage figures of every employer ``user`` may see (their union's subtree).

    Five queries whatever the number of employers. The employers are read twice, grouped by
    (township, industry section) and by (economic type, size band): each breakdown is the sum of
    its grouping's lines over the other column (at most a few hundred lines, never the employers),
    and the totals are the sum of them all (every employer is on one line, an unrecorded township
    included). The first grouping also counts the employers left out. Then the joint unions'
    membership ratio, the year trend (over the covered employers only) and the to-do list.
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
        return Coverage(
            target=founding_target(),
            total=total,
            breakdowns=breakdowns,
            years=years,
            todo=_todo(employers, todo_limit),
            closed=sums["closed"],
            not_eligible=sums["not_eligible"],
        )


def founding_rate_for_user(user: Any) -> Figure:
    """The overall figures alone (one query), for a home page tile or a report."""
    with acting_as(user):
        employers = Employer.objects.all()
        row = employers.aggregate(**_figures())
        ratio = _joint_ratio(employers) if row["joint"] else 0.0
    return _figure("", str(_("All")), row, {}, ratio)


def figures_by(user: Any, key: str) -> list[Figure]:
    """One breakdown alone: ``key`` is township, industry, ownership or size_band."""
    spec = next(b for b in BREAKDOWNS if b[0] == key)
    with acting_as(user):
        employers = Employer.objects.all()
        return _breakdown(employers, _joint_ratio(employers), *spec).rows
