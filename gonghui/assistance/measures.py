"""Hardship assistance's measures (core/figures/measures.py): the households on the register, the
deep-hardship ones and whether each was reached, and the money paid — over any period.

A household is **on the register** on a day when its file was filed (建档) on or before that day and
had not exited (解困脱困) by it: ``filed_on <= day < exited_on``. The dates are the file's own, so a
past period reads the past register, with two limits the file keeps no history of: a file reopened
(返困) has its earlier filing and exit dates cleared (it counts again from its new filing), and the
hardship category is the one stored now (a household's category at a past date is not kept).

**Paid** is a grant of a batch marked paid (``paid_on``) in the period; **reached** a deep-hardship
household on the register at the period's end that received such a grant within the period, from
whichever union's batch. The figures page's yearly test (``figures.reach_for_user``) counts a grant
once its batch is approved; the measure waits for the payment.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.assistance import lists
from gonghui.assistance.classification import Category
from gonghui.assistance.models import Grant
from gonghui.assistance.workflows import BatchState
from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period

FILE_LIST = "assistance:file_list"
FILE_PERMISSION = "assistance.view_hardshipfile"


def on_register(period: Period) -> Q:
    """Files on the register at the period's end: filed on or before it, not exited by it."""
    return Q(filed_on__lte=period.end) & (Q(exited_on__isnull=True) | Q(exited_on__gt=period.end))


def paid_within(period: Period) -> Q:
    """Grants of a batch paid within the period (a paid batch was approved: its grants are counted)."""
    return Q(disbursement__state=BatchState.PAID, disbursement__paid_on__range=(period.start, period.end))


def deep_on_register(period: Period) -> Q:
    return on_register(period) & Q(category=Category.DEEP)


def deep_reached(period: Period) -> Q:
    # unscoped: the file itself is scoped; a batch proposed above the file's union still reaches it
    paid = Grant.unscoped.filter(paid_within(period), file=OuterRef("pk"))
    return deep_on_register(period) & Q(Exists(paid))


HARDSHIP_HOUSEHOLDS = Measure(
    key="assistance.hardship_households",
    counter=_("%(n)s households"),
    label=_("Hardship households on the register"),
    list=lists.FILES,
    url_name=FILE_LIST,
    permission=FILE_PERMISSION,
    within=on_register,
    stock=True,
    order=10,
    note=_("Filed and not exited at the period's end; a reopened file counts from its new filing."),
)
DEEP_HARDSHIP = Measure(
    key="assistance.deep_hardship",
    counter=_("%(n)s households"),
    label=_("Deep-hardship households"),
    list=lists.FILES,
    url_name=FILE_LIST,
    permission=FILE_PERMISSION,
    within=deep_on_register,
    stock=True,
    share_of="assistance.hardship_households",
    order=20,
    note=_("On the register at the period's end, in deep hardship by the category stored today."),
)
DEEP_REACHED = Measure(
    key="assistance.deep_reached",
    counter=_("%(n)s households"),
    label=_("Deep-hardship households reached"),
    list=lists.FILES,
    url_name=FILE_LIST,
    permission=FILE_PERMISSION,
    within=deep_reached,
    follows=(Grant.file,),
    share_of="assistance.deep_hardship",
    target=lambda: Decimal("1"),
    order=30,
    note=_("Deep-hardship households at the period's end paid a grant within the period, from any union's batch."),
)
PAID = Measure(
    key="assistance.paid",
    label=_("Assistance paid"),
    list=lists.GRANTS,
    url_name="assistance:grant_list",
    permission="assistance.view_grant",
    within=paid_within,
    total="amount",
    unit="yuan",
    order=40,
    note=_("Grants of batches paid within the period, by the household's union."),
)

MEASURES = (HARDSHIP_HOUSEHOLDS, DEEP_HARDSHIP, DEEP_REACHED, PAID)
