"""One figure alone (a home page tile, a report), and the unreached households' list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, Q, QuerySet

from gonghui.assistance.classification import months_between
from gonghui.assistance.figures.common import DEEP, FILED, reached_grants
from gonghui.assistance.figures.lines import CaseLine, Reach, YearLine
from gonghui.assistance.figures.queries import _caseload, _caseload_rows, _years
from gonghui.assistance.models import HardshipFile
from gonghui.core.figures.years import this_year
from gonghui.core.tree.scoping import acting_as

# --- One figure alone (a home page tile, a report) -------------------------------------------------


def files_by_category(user: Any) -> list[CaseLine]:
    """Filed files by hardship category."""
    with acting_as(user):
        return _caseload(_caseload_rows(this_year()))[1]


def files_by_cause(user: Any) -> list[CaseLine]:
    """Filed files by main cause of hardship, the most frequent first."""
    with acting_as(user):
        return _caseload(_caseload_rows(this_year()))[2]


def files_by_township(user: Any, year: int | None = None) -> list[CaseLine]:
    """Filed files by township, with each township's deep-hardship files reached in ``year``."""
    with acting_as(user):
        return _caseload(_caseload_rows(year or this_year()))[3]


def files_by_year(user: Any, year: int | None = None) -> list[YearLine]:
    """Files opened, filed and exited per year up to ``year``, and those still filed."""
    year = year or this_year()
    with acting_as(user):
        filed = HardshipFile.objects.filter(state=FILED).count()
        return _years(year, filed)


def reach_for_user(user: Any, year: int | None = None) -> Reach:
    """The speech's test: deep-hardship households reached in ``year`` (one query)."""
    year = year or this_year()
    with acting_as(user):
        row = HardshipFile.objects.filter(state=FILED, category=DEEP).aggregate(
            deep=Count("pk"), reached=Count("pk", filter=Q(Exists(reached_grants(year))))
        )
    return Reach(year=year, deep=row["deep"] or 0, reached=row["reached"] or 0)


def unreached_files(user: Any, year: int | None = None) -> QuerySet[HardshipFile]:
    """The deep-hardship households not reached in ``year``: filed, deep, no counted grant that year.

    Scoped to ``user``'s subtree, longest filed first (then by id, so pages are stable).
    """
    year = year or this_year()
    with acting_as(user):
        return (
            HardshipFile.objects.filter(state=FILED, category=DEEP)
            .filter(~Exists(reached_grants(year)))
            .select_related("worker", "union")
            .order_by("filed_on", "id")
        )


def filed_months(filed_on: date | None, today: date) -> int | None:
    """Whole months from filing to ``today``."""
    return None if filed_on is None else months_between(filed_on, today)
