"""Worker requests' measures (core/figures/measures.py): received, answered, answered in time — over any period.

* **Received**: requests that arrived within the period (``received_on``). A request handed to
  another union (transfer) arrives there as a new request; that successor is not counted again,
  so each worker's request counts once, at the union that first received it.
* **Answered**: requests answered within the period (``answered_on``), at the union that answered.
* **Answered in time**: of those, answered by their answer deadline — ``rules.timeliness_q``, the
  one definition the request list's "timeliness" filter and the figures page read too.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.requests import lists, rules
from gonghui.requests.workflows import OPEN_STATES

LIST = "requests:list"
PERMISSION = "requests.view_request"


def received_within(period: Period) -> Q:
    """Requests that arrived within the period, a transfer's successor not counted again."""
    return Q(received_on__range=(period.start, period.end), transferred_from__isnull=True)


def answered_within(period: Period) -> Q:
    return Q(answered_on__range=(period.start, period.end))


def answered_on_time_within(period: Period) -> Q:
    on_time = rules.timeliness_q(rules.ON_TIME, period.end, open_states=OPEN_STATES)
    if on_time is None:  # pragma: no cover - ON_TIME is one of the rule's timeliness values
        raise LookupError(rules.ON_TIME)
    return answered_within(period) & on_time


RECEIVED = Measure(
    key="requests.received",
    counter=_("%(n)s requests"),
    label=_("Requests received"),
    list=lists.REQUESTS,
    url_name=LIST,
    permission=PERMISSION,
    within=received_within,
    order=10,
    note=_("Received within the period; a request transferred to another union counts once."),
)
ANSWERED = Measure(
    key="requests.answered",
    counter=_("%(n)s requests"),
    label=_("Requests answered"),
    list=lists.REQUESTS,
    url_name=LIST,
    permission=PERMISSION,
    within=answered_within,
    order=20,
    note=_("Answered within the period, whenever received."),
)
ANSWERED_ON_TIME = Measure(
    key="requests.answered_on_time",
    counter=_("%(n)s requests"),
    label=_("Requests answered in time"),
    list=lists.REQUESTS,
    url_name=LIST,
    permission=PERMISSION,
    within=answered_on_time_within,
    share_of="requests.answered",
    order=30,
    note=_("Of those answered within the period, answered by the category's answer deadline."),
)

MEASURES = (RECEIVED, ANSWERED, ANSWERED_ON_TIME)
