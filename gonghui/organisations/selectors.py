"""Reads of organisation building, always through the actor's scope.

Every function taking an actor is a ``@selector`` (core/selectors.py): it answers for the user it is
given, whatever scope surrounds the call. The functions without one read in the caller's scope and
say so: they serve services and other modules that already act as someone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.accounts.models import User
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.converters import parse_year
from gonghui.organisations.models import (
    COMMITTEE_THRESHOLD,
    FULL_TIME_CHAIR_HEADCOUNT,
    RE_ELECTION_WARNING_DAYS,
    CommitteeMember,
    Employer,
    UnionProfile,
)

EMPLOYER_FILTERS = ("q", "township", "industry", "ownership", "union_status", "size_band", "status", "year")
# A union status filter value beyond the model's: own union or joint coverage (the founding rate's numerator).
COVERED = "covered"
# And: every union status but not eligible (the founding rate's denominator, with status=operating).
ELIGIBLE = "eligible"


@selector(sample=lambda s: {"within": s.world.township_a})
def employers_for_user(
    actor: User,
    *,
    q: str = "",
    township: str = "",
    industry: str = "",
    ownership: str = "",
    union_status: str = "",
    size_band: str = "",
    status: str = "",
    year: str = "",
    within: Union | None = None,
) -> QuerySet[Employer]:
    """The employers ``actor`` may see, filtered.

    ``township`` is a division code; ``industry`` a division (two digits) or a section letter;
    ``union_status`` a ``Employer.UnionStatus`` value, ``"covered"`` (own or joint) or ``"eligible"``
    (anything but not eligible); ``year``
    the year of ``founded_on``; ``q`` a part of the name or a whole credit code. Unknown values
    simply match nothing.
    """
    employers = Employer.objects.select_related("division", "industry", "ownership")
    if within is not None:
        employers = employers.filter(subtree_q("union__path", within.path))
    if township:
        employers = employers.filter(division_id=township)
    if industry:
        if industry.isalpha():
            employers = employers.filter(industry__section_id=industry)
        else:
            employers = employers.filter(industry_id=industry)
    if ownership:
        employers = employers.filter(ownership_id=ownership)
    if union_status == COVERED:
        employers = employers.filter(union_status__in=[Employer.UnionStatus.OWN, Employer.UnionStatus.JOINT])
    elif union_status == ELIGIBLE:
        employers = employers.exclude(union_status=Employer.UnionStatus.NOT_ELIGIBLE)
    elif union_status:
        employers = employers.filter(union_status=union_status)
    if year:
        founded_year = parse_year(year)
        employers = employers.filter(founded_on__year=founded_year) if founded_year else employers.none()
    if size_band:
        employers = employers.filter(size_band=size_band)
    if status:
        employers = employers.filter(status=status)
    q = q.strip()
    if q:
        condition = Q(name__icontains=q)
        if len(q) == 18:
            condition |= Q(credit_code=q.upper())
        employers = employers.filter(condition)
    return employers


@selector(sample=lambda s: {"employer_id": s.id("employer_id")})
def get_employer_for_user(actor: User, employer_id: int) -> Employer:
    """One employer in ``actor``'s scope, else 404."""
    return get_object_or_404(
        Employer.objects.select_related(
            "union", "own_union", "joint_union", "division", "village", "ownership", "nature", "industry"
        ),
        pk=employer_id,
    )


@selector(sample=lambda s: {"union": s.world.union_c})
def employers_of_union(actor: User, union: Union) -> QuerySet[Employer]:
    """The employers ``union`` organises: its own employer, or those it covers as a joint union."""
    return Employer.objects.filter(Q(own_union=union) | Q(joint_union=union)).select_related("division")


def own_employer_of(union: Union) -> Employer | None:
    """The employer whose own union ``union`` is (``Employer.own_union``), or None.

    The one rule for "the union's employer": the employer a grassroots union's members work
    for unless they name another, used by the member form and by the member sheet (an empty
    工作单位). A joint union covers several employers and a federation none: None. Read in
    the caller's scope (an actor or a system scope); an employer with its own union is kept by
    that union, so it is in scope whenever the union is.
    """
    return Employer.objects.filter(own_union=union).first()


def employer_in_scope(employer_id: int) -> bool:
    """Whether the employer lies in the caller's scope (an actor's, or a system scope)."""
    return Employer.objects.filter(pk=employer_id).exists()


def employer_union_id(employer_id: int) -> int:
    """The id of the union that keeps the employer, read in the caller's scope (404 outside it)."""
    union_id = Employer.objects.filter(pk=employer_id).values_list("union_id", flat=True).first()
    if union_id is None:
        raise Http404("no such employer in scope")
    return union_id


def employer_organised_by(employer_id: int, union: Union) -> bool:
    """Whether ``union`` keeps, owns or covers the employer, wherever the employer lies.

    The receiving side of a member's transfer may lie outside the sending officer's scope.
    """
    organised_by = Q(union=union) | Q(own_union=union) | Q(joint_union=union)
    # unscoped: a yes or no about one employer and the receiving union of a transfer
    return Employer.unscoped.filter(organised_by, pk=employer_id).exists()


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
