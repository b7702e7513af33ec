"""Safety figures: hazards found, fixed on time, overdue and major — in all, by township, industry and month.

Every number is a grouped ``COUNT`` over the user's scoped hazards found in the year (never
rows loaded into Python) and carries the hazard-list link naming exactly its rows: ``year``
(found in), ``month``, ``township`` (a union id), ``industry`` (the employer's GB/T 4754
section), ``level=major`` and ``timeliness`` (``workflows.timeliness_q``: the one definition of
"fixed on time" and "overdue", read by the list too). A line no list filter names (a hazard of
the county federation itself, an employer without an industry, a township outside the user's
sight) has no link. Safety activities of the year (Ankang Cup entries, inspections done) are
counted the same way, by township, each a link to the activity list. Six queries whatever the
number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.figures import Figure, list_url
from gonghui.core.figures.townships import township_path, township_unions
from gonghui.core.figures.years import this_year, trend_years, year_of
from gonghui.core.tree.scoping import acting_as
from gonghui.safety import rules, selectors
from gonghui.safety.models import Hazard, SafetyActivity
from gonghui.safety.workflows import timeliness_q

HAZARD_LIST = "safety:hazard_list"
LIST_PERMISSION = "safety.view_hazard"
MEASURES = ("found", "on_time", "overdue", "major")
MEASURE_FILTERS: dict[str, dict[str, str]] = {
    "found": {},
    "on_time": {"timeliness": rules.ON_TIME},
    "overdue": {"timeliness": rules.OVERDUE},
    "major": {"level": Hazard.Level.MAJOR},
}


def _counts(today: Any) -> dict[str, Any]:
    return {
        "found": Count("pk"),
        "on_time": Count("pk", filter=timeliness_q(rules.ON_TIME, today)),
        "overdue": Count("pk", filter=timeliness_q(rules.OVERDUE, today)),
        "major": Count("pk", filter=Q(level=Hazard.Level.MAJOR)),
    }


@dataclass
class Line:
    """One line of figures: the whole, a township, an industry, a month or a year."""

    breakdown: str
    key: str
    label: str
    counts: dict[str, int]
    filters: dict[str, Any] | None  # None: no list filter names the line
    links: bool = True
    figures: dict[str, Figure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for measure in MEASURES:
            url = ""
            if self.links and self.filters is not None:
                url = list_url(HAZARD_LIST, **self.filters, **MEASURE_FILTERS[measure])
            self.figures[measure] = Figure(
                self.counts.get(measure, 0), url, f"{self.breakdown}.{self.key}.{measure}", f"{self.label}: {measure}"
            )

    @property
    def on_time_rate(self) -> float | None:
        found = self.counts.get("found", 0)
        return round(100 * self.counts.get("on_time", 0) / found, 1) if found else None


ACTIVITY_LIST = "safety:activity_list"
ACTIVITY_KINDS = (SafetyActivity.Kind.ANKANG_CUP, SafetyActivity.Kind.INSPECTION)


@dataclass
class ActivityLine:
    """Safety activities of the year at the employers of one township (or all): Ankang Cup entries, inspections."""

    key: str
    label: str
    counts: dict[str, int]
    filters: dict[str, Any] | None
    links: bool = True
    figures: dict[str, Figure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in ACTIVITY_KINDS:
            url = list_url(ACTIVITY_LIST, kind=kind, **self.filters) if self.links and self.filters is not None else ""
            self.figures[kind] = Figure(
                self.counts.get(kind, 0), url, f"activities.{self.key}.{kind}", f"{self.label}: {kind}"
            )


@dataclass
class SafetyFigureSet:
    year: int
    total: Line
    townships: list[Line]
    industries: list[Line]
    months: list[Line]
    years: list[Line]
    activities: list[ActivityLine] = field(default_factory=list)

    def all(self) -> list[Figure]:
        lines: list[Line | ActivityLine] = [
            self.total,
            *self.townships,
            *self.industries,
            *self.months,
            *self.years,
            *self.activities,
        ]
        return [figure for line in lines for figure in line.figures.values()]


def safety_figures(user: Any, *, year: int | None = None) -> SafetyFigureSet:
    """The figures of hazards found in ``year`` in ``user``'s scope."""
    year = year or this_year()
    today = timezone.localdate()
    links = user.has_perm(LIST_PERMISSION)
    activity_links = user.has_perm("safety.view_safetyactivity")
    counts = _counts(today)
    with acting_as(user):
        found = Hazard.objects.filter(found_on__year=year)
        total = found.aggregate(**counts)
        by_township = list(found.annotate(township=township_path()).values("township").annotate(**counts))
        by_industry = list(
            found.values("employer__industry__section_id", "employer__industry__section__name").annotate(**counts)
        )
        by_month = list(found.annotate(month=ExtractMonth("found_on")).values("month").annotate(**counts))
        span = trend_years(year)
        by_year = list(
            Hazard.objects.filter(found_on__year__gte=span[0], found_on__year__lte=span[-1])
            .annotate(year=year_of("found_on"))
            .values("year")
            .annotate(**counts)
        )
        activity_counts = {str(kind): Count("pk", filter=Q(kind=kind)) for kind in ACTIVITY_KINDS}
        activities_by_township = list(
            SafetyActivity.objects.filter(held_on__year=year)
            .annotate(township=township_path())
            .values("township")
            .annotate(**activity_counts)
        )
        visible_townships = {union.path: union for union in selectors.townships_for_user(user)}
        names = township_unions(
            [*(row["township"] for row in by_township), *(row["township"] for row in activities_by_township)]
        )

    def strip(row: dict[str, Any]) -> dict[str, int]:
        return {measure: row[measure] for measure in MEASURES}

    townships = []
    for row in sorted(by_township, key=lambda r: r["township"] or "~"):
        path = row["township"] or ""
        union = visible_townships.get(path) or names.get(path)
        label = union.name if union is not None else _("kept by the county federation")
        filters = {"year": year, "township": union.pk} if union is not None and path in visible_townships else None
        townships.append(Line("township", path or "-", label, strip(row), filters, links))
    industries = []
    for row in sorted(by_industry, key=lambda r: r["employer__industry__section_id"] or "~"):
        code = row["employer__industry__section_id"]
        label = f"{code} {row['employer__industry__section__name']}" if code else _("industry not recorded")
        filters = {"year": year, "industry": code} if code else None
        industries.append(Line("industry", code or "-", label, strip(row), filters, links))
    month_rows = {row["month"]: row for row in by_month}
    months = [
        Line(
            "month",
            str(month),
            _("%(month)d month") % {"month": month},
            strip(month_rows[month]) if month in month_rows else {},
            {"year": year, "month": month},
            links,
        )
        for month in range(1, 13)
    ]
    year_rows = {row["year"]: row for row in by_year}
    years = [
        Line("year", str(y), str(y), strip(year_rows[y]) if y in year_rows else {}, {"year": y}, links) for y in span
    ]
    activity_lines = [
        ActivityLine(
            "all",
            str(gettext_lazy("All employers")),
            {kind: sum(row[kind] for row in activities_by_township) for kind in ACTIVITY_KINDS},
            {"year": year},
            activity_links,
        )
    ]
    for row in sorted(activities_by_township, key=lambda r: r["township"] or "~"):
        path = row["township"] or ""
        union = visible_townships.get(path) or names.get(path)
        label = union.name if union is not None else _("kept by the county federation")
        filters = {"year": year, "township": union.pk} if union is not None and path in visible_townships else None
        activity_lines.append(
            ActivityLine(path or "-", label, {k: row[k] for k in ACTIVITY_KINDS}, filters, activity_links)
        )
    return SafetyFigureSet(
        activities=activity_lines,
        year=year,
        total=Line("total", "all", str(gettext_lazy("All hazards")), total, {"year": year}, links),
        townships=townships,
        industries=industries,
        months=months,
        years=years,
    )


class SafetyFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "safety.hazards"
    title = gettext_lazy("Workplace safety")
    permission = "safety.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return safety_figures(user, year=year).all()
