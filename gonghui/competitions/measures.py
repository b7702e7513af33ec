"""Competitions and innovation's measures (``core/figures/measures.py``): the labour competitions
running and the innovations recorded, each counted over any period and opening its list."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.competitions import lists
from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period


def running(period: Period) -> Q:
    """Competitions whose days overlap the period: started by its last day, not ended before its first."""
    return Q(starts_on__lte=period.end, ends_on__gte=period.start)


def recorded(period: Period) -> Q:
    return Q(submitted_on__range=(period.start, period.end))


CONTESTS = Measure(
    key="competitions.contests",
    counter=_("%(n)s competitions"),
    label=_("Labour competitions running"),
    list=lists.COMPETITIONS,
    url_name="competitions:list",
    permission="competitions.view_competition",
    within=running,
    order=10,
    note=_("labour competitions running on at least one day of the period"),
)
INNOVATIONS = Measure(
    key="competitions.innovations",
    counter=_("%(n)s innovations"),
    label=_("Innovations and proposals"),
    list=lists.INNOVATIONS,
    url_name="competitions:innovation_list",
    permission="competitions.view_innovation",
    within=recorded,
    order=20,
    note=_("technical innovations, rationalisation proposals and inventions submitted in the period"),
)

MEASURES = (CONTESTS, INNOVATIONS)
