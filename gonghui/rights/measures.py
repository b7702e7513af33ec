"""Labour relations' measures (``core/figures/measures.py``): disputes settled by mediation, the money
recovered for workers, and the early warnings raised.

Each is counted over any period on one of the module's lists and opens that list narrowed to the
same rows. A dispute keeps no day of payment: the money recovered is dated by the day the
agreement was recorded as fulfilled, read from the dispute's workflow timeline (the ``fulfil``
step; an imported register or the demo writes it back-dated to the day of performance).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.core.workflow.models import TimelineEntry
from gonghui.rights import lists
from gonghui.rights.models import Dispute
from gonghui.rights.workflows import AlertState, DisputeState

# The step that records the agreement performed (``workflows.DisputeFlow``), and the payment with it.
FULFIL = "fulfil"


def agreed(period: Period) -> Q:
    """Disputes whose mediation agreement (调解协议) was signed on a day of the period."""
    return Q(agreed_on__range=(period.start, period.end))


def fulfilled(period: Period) -> Q:
    """Disputes whose agreement was recorded as fulfilled on a day of the period (then the money was paid)."""
    steps = TimelineEntry.unscoped.filter(  # unscoped: the dispute (the outer row) is already scoped
        content_type=ContentType.objects.get_for_model(Dispute),
        object_id=OuterRef("pk"),
        transition=FULFIL,
        to_state=DisputeState.FULFILLED,
        at__date__range=(period.start, period.end),
    )
    return Q(state=DisputeState.FULFILLED) & Q(Exists(steps))


def raised(period: Period) -> Q:
    """Warnings observed on a day of the period, but those dismissed as unfounded."""
    return Q(observed_on__range=(period.start, period.end)) & ~Q(state=AlertState.DISMISSED)


DISPUTES_MEDIATED = Measure(
    key="rights.disputes_mediated",
    counter=_("%(n)s disputes"),
    label=_("Disputes settled by mediation"),
    list=lists.DISPUTES,
    url_name="rights:dispute_list",
    permission="rights.view_dispute",
    within=agreed,
    order=10,
    note=_(
        "labour disputes whose mediation agreement was signed in the period, whether or not it "
        "was fulfilled later (mediations ended without agreement are not counted)"
    ),
)
RECOVERED = Measure(
    key="rights.recovered",
    label=_("Money recovered for workers"),
    list=lists.DISPUTES,
    url_name="rights:dispute_list",
    permission="rights.view_dispute",
    within=fulfilled,
    total="amount_recovered",
    unit="yuan",
    order=20,
    note=_(
        "the amounts paid under mediation agreements recorded as fulfilled in the period (the day "
        "the fulfilment was recorded: the disputes keep no separate day of payment)"
    ),
)
WARNINGS = Measure(
    key="rights.warnings",
    counter=_("%(n)s warnings"),
    label=_("Early warnings raised"),
    list=lists.ALERTS,
    url_name="rights:alert_list",
    permission="rights.view_alert",
    within=raised,
    higher_is_better=False,
    order=30,
    note=_(
        "labour-relations early warnings observed in the period, of every level, including "
        "signals raised automatically; those dismissed as unfounded are left out"
    ),
)

MEASURES = (DISPUTES_MEDIATED, RECOVERED, WARNINGS)
