"""Skills training figures: workers trained, completed and certified — in all, by subject and by township.

Every number is a grouped ``COUNT`` over the user's scoped trainees of the courses that started
in the year (never rows loaded into Python), and carries the trainee-list link naming exactly its
rows: ``year`` (the course started in it), ``status`` (``selectors.status_q``: trained = not
withdrawn, completed, certified = a certificate issued and not revoked), ``category`` and
``township`` (a union id). A township line no filter names (courses of the county federation
itself) has no link. Four queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.figures import Figure, list_url
from gonghui.core.figures.townships import township_path
from gonghui.core.figures.years import this_year, trend_years, year_of
from gonghui.core.tree.scoping import acting_as
from gonghui.training import selectors
from gonghui.training.models import Course, Enrolment

TRAINEE_LIST = "training:enrolment_list"
LIST_PERMISSION = "training.view_enrolment"
MEASURES = (selectors.TRAINED, selectors.COMPLETED, selectors.CERTIFIED)


def _counts() -> dict[str, Any]:
    return {measure: Count("pk", filter=selectors.status_q(measure)) for measure in MEASURES}


@dataclass
class Line:
    """One line of figures: the whole, a subject, a township or a year."""

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
                url = list_url(TRAINEE_LIST, **self.filters, status=measure)
            self.figures[measure] = Figure(
                self.counts.get(measure, 0), url, f"{self.breakdown}.{self.key}.{measure}", f"{self.label}: {measure}"
            )

    @property
    def completion_rate(self) -> float | None:
        trained = self.counts.get(selectors.TRAINED, 0)
        return round(100 * self.counts.get(selectors.COMPLETED, 0) / trained, 1) if trained else None


@dataclass
class TrainingFigureSet:
    year: int
    total: Line
    categories: list[Line]
    townships: list[Line]
    years: list[Line]

    def all(self) -> list[Figure]:
        lines = [self.total, *self.categories, *self.townships, *self.years]
        return [figure for line in lines for figure in line.figures.values()]


def training_figures(user: Any, *, year: int | None = None) -> TrainingFigureSet:
    """The figures of the trainees of courses that started in ``year``, in ``user``'s scope."""
    year = year or this_year()
    links = user.has_perm(LIST_PERMISSION)
    counts = _counts()
    with acting_as(user):
        trainees = Enrolment.objects.filter(course__starts_on__year=year)
        total = trainees.aggregate(**counts)
        by_category = list(trainees.values("course__category").annotate(**counts))
        by_township = list(trainees.annotate(township=township_path()).values("township").annotate(**counts))
        span = trend_years(year)
        by_year = list(
            Enrolment.objects.filter(course__starts_on__year__gte=span[0], course__starts_on__year__lte=span[-1])
            .annotate(year=year_of("course__starts_on"))
            .values("year")
            .annotate(**counts)
        )
        visible = {union.path: union for union in selectors.townships_for_user(user)}

    def strip(row: dict[str, Any]) -> dict[str, int]:
        return {measure: row[measure] for measure in MEASURES}

    labels = dict(Course.Category.choices)
    category_rows = {row["course__category"]: row for row in by_category}
    categories = [
        Line("category", code, str(labels[code]), strip(category_rows[code]), {"year": year, "category": code}, links)
        for code in Course.Category.values
        if code in category_rows
    ]
    townships = []
    for row in sorted(by_township, key=lambda r: r["township"] or "~"):
        path = row["township"] or ""
        union = visible.get(path)
        label = union.name if union is not None else _("courses of the county federation")
        filters = {"year": year, "township": union.pk} if union is not None else None
        townships.append(Line("township", path or "-", label, strip(row), filters, links))
    year_rows = {row["year"]: row for row in by_year}
    years = [
        Line("year", str(y), str(y), strip(year_rows[y]) if y in year_rows else {}, {"year": y}, links) for y in span
    ]
    return TrainingFigureSet(
        year=year,
        total=Line("total", "all", str(gettext_lazy("All trainees")), total, {"year": year}, links),
        categories=categories,
        townships=townships,
        years=years,
    )


class TrainingFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "training.trainees"
    title = gettext_lazy("Skills training")
    permission = "training.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return training_figures(user, year=year).all()
