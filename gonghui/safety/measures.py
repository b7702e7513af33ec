"""Workplace safety's measures (``core/figures/measures.py``): hazards found, fixed, fixed on time, and
overdue at the period's end.

Each is counted over any period on the hazard list and opens it narrowed to the same rows. "On
time" is the module's own rule (``workflows.timeliness_q``: the employer reported the hazard fixed
by the notice's due day); "overdue" is the same rule as ``timeliness_q`` read on the period's last
day from the dates: a due day before it and no report of the hazard fixed by then.
"""

from __future__ import annotations

from typing import cast

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.safety import lists, rules
from gonghui.safety.workflows import HazardState, timeliness_q

HAZARD_LIST = "safety:hazard_list"
PERMISSION = "safety.view_hazard"


def found(period: Period) -> Q:
    """Hazards found on a day of the period."""
    return Q(found_on__range=(period.start, period.end))


def fixed(period: Period) -> Q:
    """Hazards closed on a day of the period: the re-inspection found them fixed (复查合格, 销号)."""
    return Q(state=HazardState.CLOSED, closed_on__range=(period.start, period.end))


def fixed_on_time(period: Period) -> Q:
    """Of the hazards closed in the period, those the employer reported fixed by the notice's due day."""
    # "on time" compares the report with the due day: the day it is read on does not matter
    return fixed(period) & cast(Q, timeliness_q(rules.ON_TIME, period.end))


def overdue(period: Period) -> Q:
    """Hazards past their due day on the period's last day and not yet reported fixed on that day.

    On today this is ``timeliness_q(OVERDUE)`` (being rectified, the due day passed); on a past
    day a hazard reported fixed since then still counts for the days it was overdue.
    """
    day = period.end
    return Q(due_on__lt=day) & (Q(rectified_on__isnull=True) | Q(rectified_on__gt=day))


HAZARDS_FOUND = Measure(
    key="safety.hazards_found",
    counter=_("%(n)s hazards"),
    label=_("Hazards found"),
    list=lists.HAZARDS,
    url_name=HAZARD_LIST,
    permission=PERMISSION,
    within=found,
    order=10,
    note=_("hazards found at employers in the period (by union inspectors, reported by workers or imported)"),
)
HAZARDS_FIXED = Measure(
    key="safety.hazards_fixed",
    counter=_("%(n)s hazards"),
    label=_("Hazards fixed"),
    list=lists.HAZARDS,
    url_name=HAZARD_LIST,
    permission=PERMISSION,
    within=fixed,
    order=20,
    note=_("hazards closed in the period: the re-inspection found the rectification done (复查合格)"),
)
HAZARDS_FIXED_ON_TIME = Measure(
    key="safety.hazards_fixed_on_time",
    counter=_("%(n)s hazards"),
    label=_("Hazards fixed on time"),
    list=lists.HAZARDS,
    url_name=HAZARD_LIST,
    permission=PERMISSION,
    within=fixed_on_time,
    share_of="safety.hazards_fixed",
    order=30,
    note=_(
        "of the hazards closed in the period, those the employer reported fixed by the due day of "
        "the rectification notice"
    ),
)
HAZARDS_OVERDUE = Measure(
    key="safety.hazards_overdue",
    counter=_("%(n)s hazards"),
    label=_("Hazards overdue"),
    list=lists.HAZARDS,
    url_name=HAZARD_LIST,
    permission=PERMISSION,
    within=overdue,
    stock=True,
    higher_is_better=False,
    order=40,
    note=_(
        "hazards past the due day of their rectification notice on the period's last day and not "
        "reported fixed by then; a hazard sent back to rectification is read on its latest notice only"
    ),
)

MEASURES = (HAZARDS_FOUND, HAZARDS_FIXED, HAZARDS_FIXED_ON_TIME, HAZARDS_OVERDUE)
