"""Honours's measures (``core/figures/measures.py``): the model-worker register, the care it received,
the honours approved — each counted over any period and opening its list."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.honours import lists
from gonghui.honours.models import CareRecord
from gonghui.honours.workflows import NominationState

# The care a model worker "received" for the dashboard: a visit, a health check or a rest stay
# (an allowance paid is money owed, not care given).
CARE_KINDS = (CareRecord.Kind.VISIT, CareRecord.Kind.HEALTH_CHECK, CareRecord.Kind.REST_STAY)


def on_register(period: Period) -> Q:
    """Model workers on the register at the period's end: honoured in or before the end's year.

    The register keeps the year of the honour, not a day, and no day a model worker left it.
    """
    return Q(honoured_year__lte=period.end.year)


def cared_for(period: Period) -> Q:
    """Model workers on the register at the period's end who received care within it (once each)."""
    care = CareRecord.unscoped.filter(  # unscoped: the model worker (the row) is already scoped
        model_worker=OuterRef("pk"), kind__in=CARE_KINDS, on__range=(period.start, period.end)
    )
    return on_register(period) & Q(Exists(care))


def commended(period: Period) -> Q:
    return Q(state=NominationState.COMMENDED, commended_on__range=(period.start, period.end))


MODEL_WORKERS = Measure(
    key="honours.model_workers",
    label=_("Model workers"),
    list=lists.MODEL_WORKERS,
    url_name="honours:model_worker_list",
    permission="honours.view_modelworker",
    within=on_register,
    stock=True,
    unit="people",
    order=10,
    note=_(
        "on the register at the end of the period: honoured in or before its last year "
        "(the register keeps the year of the honour and no day of leaving it)"
    ),
)
MODEL_WORKERS_CARED = Measure(
    key="honours.model_workers_cared",
    label=_("Model workers cared for"),
    list=lists.MODEL_WORKERS,
    url_name="honours:model_worker_list",
    permission="honours.view_modelworker",
    within=cared_for,
    follows=(CareRecord.model_worker,),
    unit="people",
    share_of=MODEL_WORKERS.key,
    order=20,
    note=_("model workers visited, given a health check or sent on a rest stay in the period, each counted once"),
)
AWARDS = Measure(
    key="honours.awards",
    counter=_("%(n)s honours"),
    label=_("Honours approved"),
    list=lists.NOMINATIONS,
    url_name="honours:nomination_list",
    permission="honours.view_nomination",
    within=commended,
    order=30,
    note=_("nominations approved and commended in the period (by the day of approval)"),
)

MEASURES = (MODEL_WORKERS, MODEL_WORKERS_CARED, AWARDS)
