"""Member welfare's measure (core/figures/measures.py): the welfare paid to members over any period.

A payout is what a union gave one member (会员普惠, 节日慰问, 慰问金), recorded on its date
(``paid_on``) once it passed the caps; a festival batch writes its payouts when it is approved, so
a batch not approved has paid nothing. Townships group by the paying union.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.welfare import lists


def paid_within(period: Period) -> Q:
    return Q(paid_on__range=(period.start, period.end))


PAYOUTS = Measure(
    key="welfare.payouts",
    label=_("Welfare paid to members"),
    list=lists.PAYOUTS,
    url_name="welfare:payout_list",
    permission="welfare.view_welfarepayout",
    within=paid_within,
    total="amount",
    unit="yuan",
    order=10,
    note=_("Welfare payouts dated within the period, by the paying union."),
)

MEASURES = (PAYOUTS,)
