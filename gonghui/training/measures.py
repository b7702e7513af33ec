"""Skills training's measures (``core/figures/measures.py``): the trainees who completed a course,
counted over any period and opening the trainee list."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.training import lists
from gonghui.training.models import Enrolment


def completed(period: Period) -> Q:
    """Enrolments completed within the period (by the day the course was finished for the trainee)."""
    return Q(state=Enrolment.State.COMPLETED, completed_on__range=(period.start, period.end))


TRAINED = Measure(
    key="training.trained",
    counter=_("%(n)s completions"),
    label=_("Workers trained"),
    list=lists.ENROLMENTS,
    url_name="training:enrolment_list",
    permission="training.view_enrolment",
    within=completed,
    order=10,
    note=_("course enrolments completed in the period: a worker who completed two courses counts twice"),
)

MEASURES = (TRAINED,)
