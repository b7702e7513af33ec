"""Reads for the worker's own pages (role 职工), and the card check union staff make.

A worker account sees nothing of the union tree (``Role.WORKER`` has an empty scope): these
selectors start from the record linked to the account (``selectors.worker_for_account``) and
read that record's own rows inside a system scope, never anything else. Anything not the
worker's own answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.http import Http404
from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.privacy.masking import mask_name
from gonghui.core.selectors import selector
from gonghui.core.tree.scoping import system_scope
from gonghui.members.cards import card_reference, card_worker_id
from gonghui.members.models import Membership, MembershipEvent, Worker, follow_up_cutoff
from gonghui.members.selectors import worker_for_account

TRANSFER_KINDS = (MembershipEvent.Kind.TRANSFER_IN, MembershipEvent.Kind.TRANSFER_OUT)


@dataclass
class MyMembership:
    """What the worker's membership page shows: their record, current membership and history."""

    worker: Worker
    current: Membership | None
    memberships: list[Membership]
    events: list[MembershipEvent]
    dues_overdue: bool = False

    @property
    def transfers(self) -> list[MembershipEvent]:
        return [e for e in self.events if e.kind in TRANSFER_KINDS]


@selector
def my_membership(user: User, *, today: date | None = None) -> MyMembership | None:
    """The signed-in worker's own record, memberships and events; None when no record is linked."""
    worker = worker_for_account(user)
    if worker is None:
        return None
    with system_scope("a worker reads their own memberships"):
        memberships = list(
            Membership.objects.filter(worker=worker).select_related("union", "employer").order_by("-joined_on", "-id")
        )
        events = list(
            MembershipEvent.objects.filter(worker=worker)
            .select_related("union", "counterpart_union")
            .order_by("-on", "-id")
        )
    current = next((m for m in memberships if m.is_current), None)
    cutoff = follow_up_cutoff(today or timezone.localdate())
    overdue = current is not None and current.status == Membership.Status.ACTIVE and current.last_seen_on < cutoff
    return MyMembership(worker=worker, current=current, memberships=memberships, events=events, dues_overdue=overdue)


@selector(sample=lambda s: {"worker_id": s.id("worker_id")})
def get_my_card(user: User, worker_id: int) -> MyMembership:
    """The card of record ``worker_id`` for the worker it belongs to; 404 for anyone else."""
    mine = my_membership(user)
    if mine is None or mine.worker.pk != worker_id:
        raise Http404("not your card")
    return mine


@dataclass
class CardCheck:
    """What a scan of a member card tells union staff (nothing of a card outside their unions)."""

    VALID = "valid"
    ENDED = "ended"
    NOT_MEMBER = "not_member"
    OUTSIDE = "outside"
    INVALID = "invalid"

    status: str
    masked_name: str = ""
    union_name: str = ""
    card_number: str = ""
    since: date | None = None
    ended_on: date | None = None
    worker_id: int | None = field(default=None, repr=False)


def _in_scope_of(actor: User, worker_id: int) -> bool:
    """Whether the worker's record, or one of their memberships, lies in ``actor``'s unions."""
    return Worker.objects.filter(pk=worker_id).exists() or Membership.objects.filter(worker_id=worker_id).exists()


@selector(sample=lambda s: {"ref": card_reference(s.id("worker_id"))})
def card_check(actor: User, ref: str) -> CardCheck:
    """Check a scanned card reference for ``actor``: valid, ended, not a card of their unions, or not valid."""
    worker_id = card_worker_id(ref)
    if worker_id is None:
        return CardCheck(CardCheck.INVALID)
    if not _in_scope_of(actor, worker_id):
        # A forged-looking answer would tell whether the record exists: say only that it is not theirs.
        return CardCheck(CardCheck.OUTSIDE)
    with system_scope("a member card checked by staff of a union holding the worker's record or membership"):
        # unscoped: the worker was found in the actor's unions just above
        worker = Worker.unscoped.select_related("union").filter(pk=worker_id).first()
        if worker is None:
            return CardCheck(CardCheck.INVALID)
        memberships = list(
            # unscoped: the memberships of the worker found in the actor's unions
            Membership.unscoped.filter(worker_id=worker_id).select_related("union").order_by("-joined_on", "-id")
        )
    current = next((m for m in memberships if m.is_current), None)
    shown = current or (memberships[0] if memberships else None)
    status = CardCheck.NOT_MEMBER if shown is None else CardCheck.VALID if current is not None else CardCheck.ENDED
    return CardCheck(
        status=status,
        masked_name=mask_name(worker.name),
        union_name=shown.union.name if shown is not None else worker.union.name,
        card_number=worker.card_number or "",
        since=shown.joined_on if shown is not None else None,
        ended_on=shown.ended_on if shown is not None and current is None else None,
        worker_id=worker.pk,
    )
