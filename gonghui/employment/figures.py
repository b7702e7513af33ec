"""Employment figures: job seekers registered, seekers helped (referred) and placements — by category and township.

Every number is a grouped ``COUNT`` over the user's scoped rows of the year and carries the link
to the list naming exactly its rows: the job seeker list with ``registered`` or ``helped`` (a
year in which the seeker was referred), the placement list with ``year``; ``category`` and
``township`` (the township union of the union that registered the seeker) narrow both. A
township outside the user's sight (the county federation's own seekers) has no link. Seven
queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.figures import Figure, list_url
from gonghui.core.figures.townships import township_path, township_unions
from gonghui.core.figures.years import this_year
from gonghui.core.tree.scoping import acting_as
from gonghui.employment import selectors
from gonghui.employment.models import JobSeeker, Placement, Referral

MEASURES = ("registered", "helped", "placed")


@dataclass
class Line:
    """One line of figures: all, a category or a township."""

    breakdown: str
    key: str
    label: str
    counts: dict[str, int]
    filters: dict[str, Any] | None  # None: no list filter names the line
    year: int
    seeker_links: bool = True
    placement_links: bool = True
    figures: dict[str, Figure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for measure in MEASURES:
            url = ""
            if self.filters is not None:
                if measure == "placed" and self.placement_links:
                    url = list_url("employment:placement_list", year=self.year, **self.filters)
                elif measure != "placed" and self.seeker_links:
                    url = list_url("employment:seeker_list", **{measure: self.year}, **self.filters)
            self.figures[measure] = Figure(
                self.counts.get(measure, 0), url, f"{self.breakdown}.{self.key}.{measure}", f"{self.label}: {measure}"
            )


@dataclass
class EmploymentFigureSet:
    year: int
    total: Line
    categories: list[Line]
    townships: list[Line]

    def all(self) -> list[Figure]:
        return [figure for line in (self.total, *self.categories, *self.townships) for figure in line.figures.values()]


def _merge(*groups: tuple[str, list[dict[str, Any]]], key: str) -> dict[Any, dict[str, int]]:
    merged: dict[Any, dict[str, int]] = {}
    for measure, rows in groups:
        for row in rows:
            merged.setdefault(row[key] or "", {})[measure] = row["n"]
    return merged


def employment_figures(user: Any, *, year: int | None = None) -> EmploymentFigureSet:
    """The figures of ``year`` in ``user``'s scope."""
    year = year or this_year()
    seeker_links = user.has_perm("employment.view_jobseeker")
    placement_links = user.has_perm("employment.view_placement")
    with acting_as(user):
        registered = JobSeeker.objects.filter(registered_on__year=year)
        helped = JobSeeker.objects.filter(
            Exists(Referral.objects.filter(seeker=OuterRef("pk"), referred_on__year=year))
        )
        placed = Placement.objects.filter(placed_on__year=year)
        by_category = _merge(
            ("registered", list(registered.values("category").annotate(n=Count("pk")))),
            ("helped", list(helped.values("category").annotate(n=Count("pk")))),
            ("placed", list(placed.values(category=_seeker_category()).annotate(n=Count("pk")))),
            key="category",
        )
        by_township = _merge(
            (
                "registered",
                list(registered.annotate(township=township_path()).values("township").annotate(n=Count("pk"))),
            ),
            ("helped", list(helped.annotate(township=township_path()).values("township").annotate(n=Count("pk")))),
            ("placed", list(placed.annotate(township=township_path()).values("township").annotate(n=Count("pk")))),
            key="township",
        )
        visible = {union.path: union for union in selectors.townships_for_user(user)}
        names = township_unions(by_township)
    links = {"seeker_links": seeker_links, "placement_links": placement_links}
    totals = {measure: sum(counts.get(measure, 0) for counts in by_category.values()) for measure in MEASURES}
    categories = [
        Line("category", code, str(label), by_category.get(code, {}), {"category": code}, year, **links)
        for code, label in JobSeeker.Category.choices
        if code in by_category
    ]
    townships = []
    for path in sorted(by_township, key=lambda p: p or "~"):
        union = visible.get(path) or names.get(path)
        label = union.name if union is not None else _("kept by the county federation")
        filters = {"township": union.pk} if union is not None and path in visible else None
        townships.append(Line("township", path or "-", label, by_township[path], filters, year, **links))
    return EmploymentFigureSet(
        year=year,
        total=Line("total", "all", str(gettext_lazy("All job seekers")), totals, {}, year, **links),
        categories=categories,
        townships=townships,
    )


def _seeker_category() -> Any:
    from django.db.models import F

    return F("seeker__category")


class EmploymentFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "employment.figures"
    title = gettext_lazy("Employment services")
    permission = "employment.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return employment_figures(user, year=year).all()
