"""Reads of union records: profiles, committees, re-elections due and the records' flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.accounts.models import User
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.organisations.models import (
    COMMITTEE_THRESHOLD,
    FULL_TIME_CHAIR_HEADCOUNT,
    RE_ELECTION_WARNING_DAYS,
    CommitteeMember,
    UnionProfile,
)


@selector(sample=lambda s: {"union": s.world.union_c})
def union_profile_for_user(actor: User, union: Union) -> UnionProfile | None:
    return UnionProfile.objects.filter(union=union).first()


@selector(sample=lambda s: {"union": s.world.union_c})
def committee_for_user(actor: User, union: Union) -> list[CommitteeMember]:
    """The seats of ``union``'s bodies, committee first, chair first."""
    seats = CommitteeMember.objects.filter(union=union).order_by("position_order", "id")
    bodies = list(CommitteeMember.Body.values)
    return sorted(seats, key=lambda seat: bodies.index(seat.body) if seat.body in bodies else len(bodies))


@selector(sample=lambda s: {"member_id": s.id("member_id")})
def get_committee_member_for_user(actor: User, member_id: int) -> CommitteeMember:
    return get_object_or_404(CommitteeMember.objects.select_related("union"), pk=member_id)


@selector
def re_elections_due(actor: User, *, today: date | None = None, days: int = RE_ELECTION_WARNING_DAYS) -> QuerySet:
    """Profiles whose re-election falls due within ``days`` or is past, soonest first."""
    today = today or timezone.localdate()
    return (
        UnionProfile.objects.filter(re_election_due__lte=today + timedelta(days=days))
        .select_related("union")
        .order_by("re_election_due")
    )


@dataclass(frozen=True)
class Flag:
    level: str  # "warning" | "danger" | "info"
    text: str


def union_flags(
    union: Union, profile: UnionProfile | None, seats: list[CommitteeMember], headcount: int | None
) -> list[Flag]:
    """What the records say needs attention: committee form, chair, full-time chair, re-election."""
    flags: list[Flag] = []
    if profile is None:
        return [Flag("info", _("No profile recorded yet."))]
    committee = [s for s in seats if s.body == CommitteeMember.Body.COMMITTEE]
    chair = next((s for s in committee if s.position == CommitteeMember.Position.CHAIR), None)
    is_grassroots = union.kind == Union.Kind.GRASSROOTS
    if not is_grassroots or profile.member_count >= COMMITTEE_THRESHOLD:
        if chair is None:
            flags.append(Flag("warning", _("A union of 25 members or more elects a committee with a chair.")))
    elif not any(s.position == CommitteeMember.Position.ORGANIZER for s in committee):
        flags.append(
            Flag("warning", _("A union of fewer than 25 members elects an organizer, or joins a joint union."))
        )
    if headcount is not None and headcount >= FULL_TIME_CHAIR_HEADCOUNT:
        has_full_time = profile.full_time_chair or (chair is not None and chair.full_time)
        if not has_full_time:
            flags.append(Flag("warning", _("The employer has 200 workers or more: a full-time chair is expected.")))
    if profile.re_election_due is not None:
        today = timezone.localdate()
        if profile.re_election_due < today:
            flags.append(Flag("danger", _("The re-election is overdue.")))
        elif profile.re_election_due <= today + timedelta(days=RE_ELECTION_WARNING_DAYS):
            flags.append(Flag("warning", _("The re-election falls due within 90 days.")))
    elif profile.elected_on is None:
        flags.append(Flag("info", _("No election date recorded.")))
    return flags
