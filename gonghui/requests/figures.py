"""Request figures: received, answered in time, overdue, satisfaction — in all, by category and township.

Every number is a grouped ``COUNT`` over the user's scoped requests received in the year and
carries the request-list link naming exactly its rows: ``year`` (received in), ``category``,
``township`` (a union id), ``timeliness`` (``rules.timeliness_q``, the one definition the list
reads too) and ``satisfaction``. A township outside the user's sight has no link. Three queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.figures import Figure, list_url
from gonghui.core.figures.townships import township_path, township_unions
from gonghui.core.figures.years import this_year
from gonghui.core.tree.scoping import acting_as
from gonghui.requests import rules, selectors
from gonghui.requests.models import Request
from gonghui.requests.workflows import OPEN_STATES

LIST = "requests:list"
LIST_PERMISSION = "requests.view_request"
MEASURES = ("received", "on_time", "overdue", "rated", "satisfied")
MEASURE_FILTERS: dict[str, dict[str, str]] = {
    "received": {},
    "on_time": {"timeliness": rules.ON_TIME},
    "overdue": {"timeliness": rules.OVERDUE},
    "rated": {},
    "satisfied": {"satisfaction": Request.Satisfaction.SATISFIED},
}
# No list filter names "rated at all": that count links to nothing; the satisfaction rate is shown beside it.
UNLINKED = frozenset({"rated"})


def _counts(today: Any) -> dict[str, Any]:
    return {
        "received": Count("pk"),
        "on_time": Count("pk", filter=rules.timeliness_q(rules.ON_TIME, today, open_states=OPEN_STATES)),
        "overdue": Count("pk", filter=rules.timeliness_q(rules.OVERDUE, today, open_states=OPEN_STATES)),
        "rated": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count("pk", filter=Q(satisfaction=Request.Satisfaction.SATISFIED)),
    }


@dataclass
class Line:
    """One line of figures: the whole, a category or a township."""

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
            if self.links and self.filters is not None and measure not in UNLINKED:
                url = list_url(LIST, **self.filters, **MEASURE_FILTERS[measure])
            self.figures[measure] = Figure(
                self.counts.get(measure, 0), url, f"{self.breakdown}.{self.key}.{measure}", f"{self.label}: {measure}"
            )

    @property
    def on_time_rate(self) -> float | None:
        received = self.counts.get("received", 0)
        return round(100 * self.counts.get("on_time", 0) / received, 1) if received else None

    @property
    def satisfaction_rate(self) -> float | None:
        rated = self.counts.get("rated", 0)
        return round(100 * self.counts.get("satisfied", 0) / rated, 1) if rated else None


@dataclass
class RequestFigureSet:
    year: int
    total: Line
    categories: list[Line]
    townships: list[Line]

    def all(self) -> list[Figure]:
        return [figure for line in (self.total, *self.categories, *self.townships) for figure in line.figures.values()]


def request_figures(user: Any, *, year: int | None = None) -> RequestFigureSet:
    """The figures of requests received in ``year`` in ``user``'s scope."""
    year = year or this_year()
    today = timezone.localdate()
    links = user.has_perm(LIST_PERMISSION)
    counts = _counts(today)
    with acting_as(user):
        received = Request.objects.filter(received_on__year=year)
        total = received.aggregate(**counts)
        by_category = {row["category"]: row for row in received.values("category").annotate(**counts)}
        by_township = list(received.annotate(township=township_path()).values("township").annotate(**counts))
        visible = {union.path: union for union in selectors.townships_for_user(user)}
        names = township_unions([row["township"] for row in by_township])

    def strip(row: dict[str, Any] | None) -> dict[str, int]:
        return {measure: row[measure] for measure in MEASURES} if row else {}

    categories = [
        Line("category", value, str(label), strip(by_category.get(value)), {"year": year, "category": value}, links)
        for value, label in Request.Category.choices
    ]
    townships = []
    for row in sorted(by_township, key=lambda r: r["township"] or "~"):
        path = row["township"] or ""
        union = visible.get(path) or names.get(path)
        label = union.name if union is not None else _("kept by the county federation")
        filters = {"year": year, "township": union.pk} if union is not None and path in visible else None
        townships.append(Line("township", path or "-", label, strip(row), filters, links))
    return RequestFigureSet(
        year=year,
        total=Line("total", "all", str(gettext_lazy("All requests")), strip(total), {"year": year}, links),
        categories=categories,
        townships=townships,
    )


class RequestFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "requests.figures"
    title = gettext_lazy("Worker requests")
    permission = "requests.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return request_figures(user, year=year).all()
