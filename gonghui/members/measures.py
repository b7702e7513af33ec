"""The member registry's measures (``core/figures/measures.py``): members on the register, new members,
women and migrant workers among the members — each counted over any period as rows of the membership list.

A membership row runs from ``joined_on`` to ``ended_on`` (none while current; a membership kept,
保留会籍, is still current). A transfer ends one row on the day it opens the next (linked by
``transferred_from``), so a member is on the register once on any day.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.members import lists
from gonghui.members.models import MembershipEvent, Worker

LIST = lists.MEMBERSHIPS
URL_NAME = "members:membership_list"
PERMISSION = "members.view_membership"


def on_register(period: Period) -> Q:
    """Memberships current at the period's end: joined on or before it and not ended by then."""
    return Q(joined_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))


def joined(period: Period) -> Q:
    """Memberships begun within the period by joining (入会): no transfer in, from the county or outside it.

    A transfer within the county links the new membership to the old (``transferred_from``); one
    from a union outside the county has no link but opens with a transfer-in event (转入).
    """
    transfer_in = MembershipEvent.unscoped.filter(  # unscoped: the membership (the row) is already scoped
        membership=OuterRef("pk"), kind=MembershipEvent.Kind.TRANSFER_IN
    )
    return Q(joined_on__range=(period.start, period.end), transferred_from__isnull=True) & Q(~Exists(transfer_in))


def women_on_register(period: Period) -> Q:
    return on_register(period) & Q(worker__sex=Worker.Sex.FEMALE)


def migrants_on_register(period: Period) -> Q:
    return on_register(period) & Q(worker__category=Worker.Category.MIGRANT)


MEMBERS = Measure(
    key="members.members",
    label=_("Members"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=on_register,
    stock=True,
    unit="people",
    share_of="organisations.workers",
    order=10,
    note=_(
        "on the register at the end of the period: joined on or before it and not ended by then "
        "(memberships kept count); the rate is of the workers of eligible employers"
    ),
)
NEW_MEMBERS = Measure(
    key="members.new_members",
    label=_("New members"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=joined,
    follows=(MembershipEvent.membership,),
    unit="people",
    order=20,
    note=_("joined within the period; transfers in, from the county or outside it, not counted"),
)
WOMEN_MEMBERS = Measure(
    key="members.women_members",
    label=_("Women members"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=women_on_register,
    stock=True,
    unit="people",
    share_of=MEMBERS.key,
    order=30,
    note=_("women among the members at the end of the period (sex as the ID number gives it)"),
)
MIGRANT_MEMBERS = Measure(
    key="members.migrant_members",
    label=_("Migrant worker members"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=migrants_on_register,
    stock=True,
    unit="people",
    share_of=MEMBERS.key,
    order=40,
    note=_(
        "migrant workers among the members at the end of the period, by the category recorded today "
        "(the registry keeps no history of a worker's category)"
    ),
)

MEASURES = (MEMBERS, NEW_MEMBERS, WOMEN_MEMBERS, MIGRANT_MEMBERS)
