"""Honours figures: nominations by category against the places given, model workers by level, care delivered.

Every number is a grouped ``COUNT`` over the user's scoped rows and a link to the list naming
exactly those rows (``nomination_list`` by ``category``, ``year`` and ``state``;
``model_worker_list`` by ``level`` or ``care``; ``care_list`` by ``kind`` and ``year``). The
places given (the quotas of the unions the user sees) and the amounts are shown beside the counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures import Figure, list_url
from gonghui.core.tree.scoping import acting_as
from gonghui.honours import selectors
from gonghui.honours.lists import CARE_CHOICES
from gonghui.honours.models import INDIVIDUAL, CareRecord, Category, Level, Nomination, Quota
from gonghui.honours.workflows import LIVE_STATES, NominationState

NOMINATIONS = "honours:nomination_list"
MODEL_WORKERS = "honours:model_worker_list"
CARE = "honours:care_list"


@dataclass
class CategoryLine:
    category: str
    label: str
    nominated: Figure
    commended: Figure
    places: int

    @property
    def over(self) -> bool:
        return self.nominated.value > self.places


@dataclass
class HonoursFigureSet:
    year: int
    categories: list[CategoryLine] = field(default_factory=list)
    frontline: int = 0
    leaders: int = 0
    individuals: int = 0
    levels: list[tuple[str, Figure]] = field(default_factory=list)
    care: list[tuple[str, Figure, Decimal]] = field(default_factory=list)
    gaps: list[tuple[str, Figure]] = field(default_factory=list)

    def all(self) -> list[Figure]:
        found = [f for line in self.categories for f in (line.nominated, line.commended)]
        found += [f for _label, f in self.levels] + [f for _label, f, _a in self.care] + [f for _label, f in self.gaps]
        return found


def honours_figures(user: Any, *, year: int | None = None) -> HonoursFigureSet:
    year = year or timezone.localdate().year
    result = HonoursFigureSet(year=year)
    with acting_as(user):
        nominated = dict(
            Nomination.objects.filter(campaign__year=year, state__in=LIVE_STATES)
            .values_list("category")
            .annotate(n=Count("pk"))
            .order_by()
        )
        commended = dict(
            Nomination.objects.filter(campaign__year=year, state=NominationState.COMMENDED)
            .values_list("category")
            .annotate(n=Count("pk"))
            .order_by()
        )
        places = dict(
            Quota.objects.filter(campaign__year=year).values_list("category").annotate(n=Sum("places")).order_by()
        )
        shares = Nomination.objects.filter(
            campaign__year=year, state__in=LIVE_STATES, category__in=list(INDIVIDUAL)
        ).aggregate(
            individuals=Count("pk"),
            frontline=Count("pk", filter=Q(frontline=True)),
            leaders=Count("pk", filter=Q(leader=True)),
        )
        levels = dict(selectors.model_workers_for_user(user).values_list("level").annotate(n=Count("pk")).order_by())
        care = {
            row["kind"]: row
            for row in CareRecord.objects.filter(on__year=year)
            .values("kind")
            .annotate(n=Count("pk"), amount=Sum("amount"))
            .order_by()
        }
        gaps = {code: selectors.model_workers_for_user(user, care=code).count() for code, _label in CARE_CHOICES}
    for code, label in Category.choices:
        result.categories.append(
            CategoryLine(
                code,
                str(label),
                Figure(
                    nominated.get(code, 0),
                    list_url(NOMINATIONS, category=code, state="live", year=year),
                    f"nominated.{code}",
                    str(label),
                ),
                Figure(
                    commended.get(code, 0),
                    list_url(NOMINATIONS, category=code, state=NominationState.COMMENDED, year=year),
                    f"commended.{code}",
                    str(label),
                ),
                int(places.get(code) or 0),
            )
        )
    result.individuals, result.frontline, result.leaders = (
        shares["individuals"],
        shares["frontline"],
        shares["leaders"],
    )
    for code, label in Level.choices:
        result.levels.append(
            (str(label), Figure(levels.get(code, 0), list_url(MODEL_WORKERS, level=code), f"level.{code}", str(label)))
        )
    for code, label in CareRecord.Kind.choices:
        row = care.get(code, {})
        result.care.append(
            (
                str(label),
                Figure(row.get("n", 0), list_url(CARE, kind=code, year=year), f"care.{code}", str(label)),
                row.get("amount") or Decimal("0"),
            )
        )
    for code, label in CARE_CHOICES:
        result.gaps.append(
            (str(label), Figure(gaps[code], list_url(MODEL_WORKERS, care=code), f"gap.{code}", str(label)))
        )
    return result


class HonoursFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "honours.figures"
    title = _("Honours and model workers")
    permission = "honours.view_nomination"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return honours_figures(user, year=year).all()
