"""Employment services' measures (``core/figures/measures.py``): the job seekers placed in work and the
job fairs held, each counted over any period and opening its list."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.employment import lists


def placed(period: Period) -> Q:
    return Q(placed_on__range=(period.start, period.end))


def held(period: Period) -> Q:
    return Q(held_on__range=(period.start, period.end))


PLACED = Measure(
    key="employment.placed",
    counter=_("%(n)s placements"),
    label=_("Job seekers placed"),
    list=lists.PLACEMENTS,
    url_name="employment:placement_list",
    permission="employment.view_placement",
    within=placed,
    order=10,
    note=_("placements in work recorded with a start day in the period (a seeker placed twice counts twice)"),
)
JOB_FAIRS = Measure(
    key="employment.job_fairs",
    counter=_("%(n)s job fairs"),
    label=_("Job fairs held"),
    list=lists.FAIRS,
    url_name="employment:fair_list",
    permission="employment.view_jobfair",
    within=held,
    order=20,
    note=_("job fairs held in the period"),
)

MEASURES = (PLACED, JOB_FAIRS)
