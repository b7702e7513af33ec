"""Employment services' reads: each answers for the user it is given (``core/selectors.py``).

Matching reads a bounded number of candidates: the SQL keeps the vacancies valid today with an
open place (or the seekers still seeking) that share a skill or the township, ordered by a
rough count of what they share, ``CANDIDATES`` at most; ``rules.match_score`` scores those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.reference.models import Division
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.employment import rules
from gonghui.employment.models import FairAttendance, FairEmployer, JobFair, JobSeeker, Placement, Referral, Vacancy
from gonghui.members.selectors import worker_for_account

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User

CANDIDATES = 300
MATCHES_SHOWN = 20
OPEN = "open"
EXPIRED = "expired"
FULL = "full"


@selector
def townships_for_user(actor: User) -> list[Union]:
    """The township and sector federations in the user's scope (the filters' choices)."""
    return list(
        Union.objects.filter(kind__in=(Union.Kind.TOWNSHIP, Union.Kind.SECTOR))
        .only("id", "name", "path")
        .order_by("path")
    )


def township_places() -> list[Division]:
    """The townships and streets of the reference data (places: public, belonging to no union)."""
    return list(Division.objects.filter(level=Division.Level.TOWNSHIP, active=True).order_by("position", "code"))


def _within_union(rows: QuerySet[Any], value: str, column: str = "union__path") -> QuerySet[Any]:
    union_id = parse_id(value)
    node = Union.objects.filter(pk=union_id).only("path").first() if union_id else None
    return rows.filter(subtree_q(column, node.path)) if node else rows.none()


def _year(rows: QuerySet[Any], value: str, column: str) -> QuerySet[Any]:
    year = parse_year(value)
    return rows.filter(**{f"{column}__year": year}) if year else rows.none()


def _skill(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    return rows.filter(skills__contains=rules.skill_needle(value)) if value in rules.SKILL_CODES else rows.none()


# --- Job seekers ----------------------------------------------------------------------------------


@selector
def seekers_for_user(
    actor: User,
    *,
    q: str = "",
    state: str = "",
    category: str = "",
    township: str = "",
    skill: str = "",
    place: str = "",
    registered: str = "",
    helped: str = "",
) -> QuerySet[JobSeeker]:
    """The job seekers ``actor`` may see, newest first, filtered (unknown values match nothing).

    ``township``: a union id (its subtree); ``place``: a township division code;
    ``registered``: the year registered; ``helped``: a year in which the seeker was referred.
    """
    rows = JobSeeker.objects.select_related("union", "place")
    if state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(category=category)
    if township:
        rows = _within_union(rows, township)
    if skill:
        rows = _skill(rows, skill)
    if place:
        rows = rows.filter(place_id=place)
    if registered:
        rows = _year(rows, registered, "registered_on")
    if helped:
        year = parse_year(helped)
        rows = (
            rows.filter(Exists(Referral.objects.filter(seeker=OuterRef("pk"), referred_on__year=year)))
            if year
            else rows.none()
        )
    q = q.strip()
    if q:
        if len(q) == 18 and q[:17].isdigit():
            rows = rows.filter(id_number__matches=q)
        else:
            rows = rows.filter(Q(name__icontains=q) | Q(wished_work__icontains=q))
    return rows.order_by("-registered_on", "-id")


@selector(sample=lambda s: {"seeker_id": s.id("job_seeker_id")})
def get_seeker_for_user(actor: User, seeker_id: int) -> JobSeeker:
    """One job seeker of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(JobSeeker.objects.select_related("union", "place", "worker"), pk=seeker_id)


# --- Vacancies ------------------------------------------------------------------------------------


def open_vacancy_q(today: date) -> Q:
    """Valid on ``today`` with a place left: the one definition of an open vacancy."""
    return Q(valid_until__gte=today, filled__lt=F("headcount"))


@selector
def vacancies_for_user(
    actor: User,
    *,
    q: str = "",
    status: str = "",
    skill: str = "",
    place: str = "",
    township: str = "",
    employer: str = "",
    today: date | None = None,
) -> QuerySet[Vacancy]:
    """The vacancies ``actor`` may see; ``status``: open (valid with a place left), expired or full."""
    today = today or timezone.localdate()
    rows = Vacancy.objects.select_related("employer", "union", "place")
    if status == OPEN:
        rows = rows.filter(open_vacancy_q(today))
    elif status == EXPIRED:
        rows = rows.filter(valid_until__lt=today)
    elif status == FULL:
        rows = rows.filter(filled__gte=F("headcount"))
    elif status:
        rows = rows.none()
    if skill:
        rows = _skill(rows, skill)
    if place:
        rows = rows.filter(place_id=place)
    if township:
        rows = _within_union(rows, township)
    if employer:
        employer_id = parse_id(employer)
        rows = rows.filter(employer_id=employer_id) if employer_id else rows.none()
    q = q.strip()
    if q:
        rows = rows.filter(Q(post__icontains=q) | Q(employer__name__icontains=q))
    return rows.order_by("-valid_until", "-id")


@selector(sample=lambda s: {"vacancy_id": s.id("vacancy_id")})
def get_vacancy_for_user(actor: User, vacancy_id: int) -> Vacancy:
    """One vacancy of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(Vacancy.objects.select_related("employer", "union", "place"), pk=vacancy_id)


# --- Matching -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """A candidate (a vacancy for a seeker, or a seeker for a vacancy) with its match."""

    obj: Any
    match: rules.Match


def _shared(codes: list[str], place_id: str | None) -> Any:
    """SQL: how many of ``codes`` a row's skills hold, plus two for the same township (the rough order)."""
    parts: list[Any] = [
        Case(
            When(skills__contains=rules.skill_needle(code), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for code in codes
    ]
    if place_id:
        parts.append(Case(When(place_id=place_id, then=Value(2)), default=Value(0), output_field=IntegerField()))
    total: Any = Value(0, output_field=IntegerField())
    for part in parts:
        total = total + part
    return total


def _common(codes: list[str], place_id: str | None) -> Q | None:
    condition = Q()
    for code in codes:
        condition |= Q(skills__contains=rules.skill_needle(code))
    if place_id:
        condition |= Q(place_id=place_id)
    return condition or None


@selector(sample=lambda s: {"seeker_id": s.id("job_seeker_id")})
def vacancy_matches(actor: User, seeker_id: int, *, today: date | None = None) -> list[Ranked]:
    """The open vacancies ``actor`` sees that fit the seeker best, with their scores and reasons."""
    seeker = get_seeker_for_user(actor, seeker_id)
    today = today or timezone.localdate()
    codes = seeker.skill_codes
    rows = Vacancy.objects.filter(open_vacancy_q(today)).exclude(referrals__seeker=seeker)
    common = _common(codes, seeker.place_id)
    if common is not None:
        rows = rows.filter(common)
    candidates = (
        rows.annotate(shared=_shared(codes, seeker.place_id))
        .select_related("employer", "place")
        .order_by("-shared", "-valid_until", "id")[:CANDIDATES]
    )
    ranked = [
        Ranked(
            vacancy,
            rules.match_score(
                seeker_skills=codes,
                seeker_place=seeker.place_id,
                expected_pay=seeker.expected_pay,
                vacancy_skills=vacancy.skill_codes,
                vacancy_place=vacancy.place_id,
                pay_max=vacancy.pay_max,
            ),
        )
        for vacancy in candidates
    ]
    ranked.sort(key=lambda r: (-r.match.score, -r.match.skills_matched, r.obj.pk))
    return ranked[:MATCHES_SHOWN]


@selector(sample=lambda s: {"vacancy_id": s.id("vacancy_id")})
def seeker_matches(actor: User, vacancy_id: int, *, today: date | None = None) -> list[Ranked]:
    """The seekers still seeking ``actor`` sees that fit the vacancy best (none once it is expired or full)."""
    vacancy = get_vacancy_for_user(actor, vacancy_id)
    today = today or timezone.localdate()
    if not Vacancy.objects.filter(open_vacancy_q(today), pk=vacancy.pk).exists():
        return []
    codes = vacancy.skill_codes
    rows = JobSeeker.objects.filter(state=JobSeeker.State.SEEKING).exclude(referrals__vacancy=vacancy)
    common = _common(codes, vacancy.place_id)
    if common is not None:
        rows = rows.filter(common)
    candidates = (
        rows.annotate(shared=_shared(codes, vacancy.place_id))
        .select_related("place", "union")
        .order_by("-shared", "-registered_on", "id")[:CANDIDATES]
    )
    ranked = [
        Ranked(
            seeker,
            rules.match_score(
                seeker_skills=seeker.skill_codes,
                seeker_place=seeker.place_id,
                expected_pay=seeker.expected_pay,
                vacancy_skills=codes,
                vacancy_place=vacancy.place_id,
                pay_max=vacancy.pay_max,
            ),
        )
        for seeker in candidates
    ]
    ranked.sort(key=lambda r: (-r.match.score, -r.match.skills_matched, r.obj.pk))
    return ranked[:MATCHES_SHOWN]


# --- Referrals and placements ---------------------------------------------------------------------


@selector
def referrals_for_user(
    actor: User,
    *,
    outcome: str = "",
    year: str = "",
    township: str = "",
    category: str = "",
    seeker: str = "",
    vacancy: str = "",
    fair: str = "",
) -> QuerySet[Referral]:
    """The referrals ``actor`` may see (kept by the seeker's union), newest first."""
    rows = Referral.objects.select_related("seeker", "vacancy", "vacancy__employer", "union")
    if outcome:
        rows = rows.filter(outcome=outcome)
    if year:
        rows = _year(rows, year, "referred_on")
    if township:
        rows = _within_union(rows, township)
    if category:
        rows = rows.filter(seeker__category=category)
    for name, value in (("seeker_id", seeker), ("vacancy_id", vacancy), ("fair_id", fair)):
        if value:
            number = parse_id(value)
            rows = rows.filter(**{name: number}) if number else rows.none()
    return rows.order_by("-referred_on", "-id")


@selector(sample=lambda s: {"referral_id": s.id("job_referral_id")})
def get_referral_for_user(actor: User, referral_id: int) -> Referral:
    """One referral of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(
        Referral.objects.select_related("seeker", "vacancy", "vacancy__employer", "union", "fair"), pk=referral_id
    )


@selector
def placements_for_user(
    actor: User, *, year: str = "", township: str = "", category: str = "", q: str = ""
) -> QuerySet[Placement]:
    """The placements ``actor`` may see (kept by the seeker's union), newest first."""
    rows = Placement.objects.select_related("seeker", "employer", "union")
    if year:
        rows = _year(rows, year, "placed_on")
    if township:
        rows = _within_union(rows, township)
    if category:
        rows = rows.filter(seeker__category=category)
    q = q.strip()
    if q:
        rows = rows.filter(Q(seeker__name__icontains=q) | Q(employer__name__icontains=q) | Q(post__icontains=q))
    return rows.order_by("-placed_on", "-id")


# --- Job fairs ------------------------------------------------------------------------------------


@selector
def fairs_for_user(actor: User, *, q: str = "", year: str = "") -> QuerySet[JobFair]:
    """The job fairs organised in ``actor``'s subtree, newest first."""
    rows = JobFair.objects.select_related("union", "place")
    if year:
        rows = _year(rows, year, "held_on")
    q = q.strip()
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(venue__icontains=q))
    return rows.order_by("-held_on", "-id")


@selector(sample=lambda s: {"fair_id": s.id("job_fair_id")})
def get_fair_for_user(actor: User, fair_id: int) -> JobFair:
    """One job fair of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(JobFair.objects.select_related("union", "place"), pk=fair_id)


@dataclass
class FairSummary:
    employers: list[FairEmployer]
    attendance: list[FairAttendance]
    positions: int
    referred: int
    hired: int


@selector(sample=lambda s: {"fair": s.get(JobFair, "job_fair_id")})
def fair_summary(actor: User, fair: JobFair) -> FairSummary:
    """A fair's employers, the seekers who came, and the referrals made there and their hires."""
    employers = list(FairEmployer.objects.filter(fair=fair).select_related("employer").order_by("id"))
    attendance = list(FairAttendance.objects.filter(fair=fair).select_related("seeker").order_by("id"))
    referrals = Referral.objects.filter(fair=fair)
    return FairSummary(
        employers=employers,
        attendance=attendance,
        positions=sum(row.positions for row in employers),
        referred=referrals.count(),
        hired=referrals.filter(outcome=Referral.Outcome.HIRED).count(),
    )


# --- The worker's own -----------------------------------------------------------------------------


@selector
def my_referrals(actor: User) -> list[Referral]:
    """The signed-in worker's own job applications (referrals of the seekers linked to their record)."""
    worker = worker_for_account(actor)
    if worker is None:
        return []
    with system_scope("a worker reads their own job applications"):
        return list(
            Referral.objects.filter(seeker__worker=worker)
            .select_related("vacancy", "vacancy__employer", "seeker")
            .order_by("-referred_on", "-id")
        )


@selector(sample=lambda s: {"referral_id": s.id("job_referral_id")})
def get_my_referral(actor: User, referral_id: int) -> Referral:
    """One of the signed-in worker's own job applications; 404 for anything else."""
    worker = worker_for_account(actor)
    if worker is None:
        raise Http404("not a worker with a record")
    with system_scope("a worker reads their own job application"):
        referral = (
            Referral.objects.filter(pk=referral_id, seeker__worker=worker)
            .select_related("vacancy", "vacancy__employer", "seeker")
            .first()
        )
        if referral is None:
            raise Http404("no such application of this worker")
        placement = Placement.objects.filter(referral=referral).first()
    referral.my_placement = placement  # type: ignore[attr-defined]
    return referral
