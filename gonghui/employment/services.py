"""Employment services' writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

Rules kept here (and refused with a message by field):

* a job seeker's ID number is registered once among the seekers the union sees still seeking;
* a vacancy's pay range runs from ≤ to (``rules.check_pay_range``), its headcount is at least one
  and never below the seekers already placed in it;
* a referral needs a seeker still seeking and a vacancy valid on the day with an open place,
  once per seeker and vacancy;
* a hire makes the placement, marks the seeker placed and fills one place of the vacancy (the
  vacancy row is locked, so two hires cannot both take its last place); a "not hired" says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.reference.models import Division
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.employment import rules
from gonghui.employment.models import (
    FairAttendance,
    FairEmployer,
    JobFair,
    JobSeeker,
    Placement,
    Referral,
    Vacancy,
)
from gonghui.members import selectors as members
from gonghui.members.models import Worker
from gonghui.organisations import selectors as organisations
from gonghui.organisations.models import Employer

Action = AuditEvent.Action
SEEKER_FIELDS = ["category", "skills", "wished_work", "place", "expected_pay", "note"]
AUDITED_SEEKER = ["worker", "name", "id_number", "phone", "registered_on", "state", *SEEKER_FIELDS]
VACANCY_FIELDS = ["post", "skills", "pay_min", "pay_max", "headcount", "place", "valid_until", "note"]
AUDITED_VACANCY = ["employer", *VACANCY_FIELDS, "filled"]
AUDITED_REFERRAL = [
    "seeker",
    "vacancy",
    "fair",
    "referred_on",
    "score",
    "outcome",
    "outcome_on",
    "reason",
    "reason_note",
]
AUDITED_PLACEMENT = ["seeker", "referral", "employer", "post", "pay", "placed_on"]
AUDITED_FAIR = ["title", "held_on", "place", "venue", "results"]


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date | None, field: str) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: _("The date lies in the future.")})


def _township(place: Division | None, field: str = "place") -> None:
    if place is not None and place.level != Division.Level.TOWNSHIP:
        raise ValidationError({field: _("Choose a township or street.")})


def _pay(value: Decimal | None, field: str) -> None:
    if value is not None and value < 0:
        raise ValidationError({field: _("Pay cannot be negative.")})


# --- Job seekers ----------------------------------------------------------------------------------


@service(perm="employment.add_jobseeker")
def seeker_register(
    *,
    actor: Actor,
    union: Union,
    category: str,
    registered_on: date,
    name: str = "",
    id_number: str = "",
    phone: str = "",
    skills: Iterable[str] = (),
    wished_work: str = "",
    place: Division | None = None,
    expected_pay: Decimal | None = None,
    note: str = "",
    worker: Worker | None = None,
) -> JobSeeker:
    """Register a job seeker at ``union`` (a service point in the actor's subtree).

    With ``worker`` (a worker of the registry the actor may see) the name and ID number are the
    registry's.
    """
    check_scope(actor, union)
    if worker is not None:
        if actor is not None:
            worker = members.get_worker_for_user(actor, worker.pk)  # 404 for a worker the actor may not see
        name, id_number = worker.name, worker.id_number
        phone = phone or (worker.phone or "")
    _not_future(registered_on, "registered_on")
    _township(place)
    _pay(expected_pay, "expected_pay")
    seeker = JobSeeker(
        union=union,
        worker=worker,
        name=name.strip(),
        id_number=id_number,
        phone=phone or None,
        category=category,
        skills=rules.join_skills(skills),
        wished_work=wished_work.strip(),
        place=place,
        expected_pay=expected_pay,
        registered_on=registered_on,
        note=note.strip(),
    )
    seeker.full_clean(exclude=["union", "worker", "place"])
    if JobSeeker.objects.filter(id_number__matches=seeker.id_number, state=JobSeeker.State.SEEKING).exists():
        raise ValidationError({"id_number": _("A job seeker with this ID number is already registered and seeking.")})
    seeker.save()
    audit_record(Action.CREATE, obj=seeker, changes=diff({}, snapshot(seeker, AUDITED_SEEKER)))
    return seeker


@service(perm="employment.change_jobseeker")
def seeker_update(
    *,
    actor: Actor,
    seeker: JobSeeker,
    category: str,
    phone: str = "",
    skills: Iterable[str] = (),
    wished_work: str = "",
    place: Division | None = None,
    expected_pay: Decimal | None = None,
    note: str = "",
) -> JobSeeker:
    """Change what a seeker looks for (name and ID number stay as registered)."""
    check_scope(actor, seeker.union)
    _township(place)
    _pay(expected_pay, "expected_pay")
    before = snapshot(seeker, AUDITED_SEEKER)
    seeker.category = category
    seeker.phone = phone or None
    seeker.skills = rules.join_skills(skills)
    seeker.wished_work = wished_work.strip()
    seeker.place = place
    seeker.expected_pay = expected_pay
    seeker.note = note.strip()
    seeker.full_clean(exclude=["union", "worker", "place"])
    seeker.save()
    audit_record(Action.UPDATE, obj=seeker, changes=diff(before, snapshot(seeker, AUDITED_SEEKER)))
    return seeker


@service(perm="employment.change_jobseeker")
def seeker_withdraw(*, actor: Actor, seeker: JobSeeker, note: str = "") -> JobSeeker:
    """A seeker no longer looks for work through the union (found work alone, moved away …)."""
    check_scope(actor, seeker.union)
    if seeker.state != JobSeeker.State.SEEKING:
        raise ValidationError(_("Only a seeker still seeking work can be withdrawn."))
    before = snapshot(seeker, AUDITED_SEEKER)
    seeker.state = JobSeeker.State.WITHDRAWN
    if note.strip():
        seeker.note = note.strip()[:300]
    seeker.save(update_fields=["state", "note", "updated_at"])
    audit_record(Action.UPDATE, obj=seeker, changes=diff(before, snapshot(seeker, AUDITED_SEEKER)))
    return seeker


# --- Vacancies ------------------------------------------------------------------------------------


def _vacancy_values(vacancy: Vacancy, values: dict[str, Any]) -> None:
    rules.check_pay_range(values["pay_min"], values["pay_max"])
    _township(values.get("place"))
    vacancy.post = values["post"].strip()
    vacancy.skills = rules.join_skills(values.get("skills") or ())
    vacancy.pay_min = values["pay_min"]
    vacancy.pay_max = values["pay_max"]
    vacancy.headcount = values["headcount"]
    vacancy.place = values.get("place")
    vacancy.valid_until = values["valid_until"]
    vacancy.note = (values.get("note") or "").strip()
    if vacancy.headcount < 1:
        raise ValidationError({"headcount": _("A vacancy offers at least one place.")})
    if vacancy.headcount < vacancy.filled:
        raise ValidationError(
            {"headcount": _("%(filled)d seekers are already placed in it.") % {"filled": vacancy.filled}}
        )


@service(perm="employment.add_vacancy")
def vacancy_create(
    *,
    actor: Actor,
    employer: Employer,
    post: str,
    pay_min: Decimal,
    pay_max: Decimal,
    headcount: int,
    valid_until: date,
    skills: Iterable[str] = (),
    place: Division | None = None,
    note: str = "",
) -> Vacancy:
    """Record a vacancy of ``employer`` (in the actor's scope); kept by the employer's union."""
    union_id = organisations.employer_union_id(employer.pk)  # 404 outside the actor's scope
    vacancy = Vacancy(union_id=union_id, employer=employer)
    _vacancy_values(
        vacancy,
        {
            "post": post,
            "skills": skills,
            "pay_min": pay_min,
            "pay_max": pay_max,
            "headcount": headcount,
            "place": place if place is not None else employer.division,
            "valid_until": valid_until,
            "note": note,
        },
    )
    vacancy.full_clean(exclude=["union", "employer", "place"])
    vacancy.save()
    audit_record(Action.CREATE, obj=vacancy, changes=diff({}, snapshot(vacancy, AUDITED_VACANCY)))
    return vacancy


@service(perm="employment.change_vacancy")
def vacancy_update(
    *,
    actor: Actor,
    vacancy: Vacancy,
    post: str,
    pay_min: Decimal,
    pay_max: Decimal,
    headcount: int,
    valid_until: date,
    skills: Iterable[str] = (),
    place: Division | None = None,
    note: str = "",
) -> Vacancy:
    """Change a vacancy (the headcount never below the seekers placed in it)."""
    check_scope(actor, vacancy.union)
    before = snapshot(vacancy, AUDITED_VACANCY)
    _vacancy_values(
        vacancy,
        {
            "post": post,
            "skills": skills,
            "pay_min": pay_min,
            "pay_max": pay_max,
            "headcount": headcount,
            "place": place,
            "valid_until": valid_until,
            "note": note,
        },
    )
    vacancy.full_clean(exclude=["union", "employer", "place"])
    vacancy.save()
    audit_record(Action.UPDATE, obj=vacancy, changes=diff(before, snapshot(vacancy, AUDITED_VACANCY)))
    return vacancy


# --- Referrals and placements ---------------------------------------------------------------------


@service(perm="employment.add_referral")
def referral_create(
    *,
    actor: Actor,
    seeker: JobSeeker,
    vacancy: Vacancy,
    referred_on: date | None = None,
    fair: JobFair | None = None,
) -> Referral:
    """Refer ``seeker`` to ``vacancy`` (both in the actor's scope) with the match score of the day."""
    check_scope(actor, seeker.union)
    check_scope(actor, vacancy.union)
    referred_on = referred_on or _today()
    _not_future(referred_on, "referred_on")
    if seeker.state != JobSeeker.State.SEEKING:
        raise ValidationError(_("%(name)s is not seeking work.") % {"name": seeker.name})
    if vacancy.valid_until < referred_on:
        raise ValidationError(_("The vacancy expired on %(day)s.") % {"day": vacancy.valid_until.isoformat()})
    if vacancy.filled >= vacancy.headcount:
        raise ValidationError(_("Every place of this vacancy is filled."))
    if fair is not None:
        check_scope(actor, fair.union)
    match = rules.match_score(
        seeker_skills=seeker.skill_codes,
        seeker_place=seeker.place_id,
        expected_pay=seeker.expected_pay,
        vacancy_skills=vacancy.skill_codes,
        vacancy_place=vacancy.place_id,
        pay_max=vacancy.pay_max,
    )
    referral = Referral(
        union=seeker.union, seeker=seeker, vacancy=vacancy, fair=fair, referred_on=referred_on, score=match.score
    )
    if Referral.unscoped.filter(seeker=seeker, vacancy=vacancy).exists():  # unscoped: once per seeker and vacancy
        raise ValidationError(_("This seeker has already been referred to this vacancy."))
    try:
        referral.save()
    except IntegrityError:
        raise ValidationError(_("This seeker has already been referred to this vacancy.")) from None
    audit_record(Action.CREATE, obj=referral, changes=diff({}, snapshot(referral, AUDITED_REFERRAL)))
    return referral


@service(perm="employment.change_referral")
def referral_hired(*, actor: Actor, referral: Referral, hired_on: date, pay: Decimal, post: str = "") -> Placement:
    """The employer hired the seeker: the placement, the seeker placed, one place of the vacancy filled."""
    check_scope(actor, referral.union)
    if referral.outcome != Referral.Outcome.PENDING:
        raise ValidationError(_("The outcome of this referral is already recorded."))
    _not_future(hired_on, "hired_on")
    if hired_on < referral.referred_on:
        raise ValidationError({"hired_on": _("The day hired cannot come before the referral.")})
    _pay(pay, "pay")
    vacancy = Vacancy.objects.select_for_update().filter(pk=referral.vacancy_id).first()
    if vacancy is None:
        raise Http404("the vacancy is outside the actor's scope")
    if vacancy.filled >= vacancy.headcount:
        raise ValidationError(
            _("Every place of this vacancy is filled (%(headcount)d).") % {"headcount": vacancy.headcount}
        )
    seeker = JobSeeker.objects.select_for_update().filter(pk=referral.seeker_id).first()
    if seeker is None:
        raise Http404("the seeker is outside the actor's scope")
    if seeker.state != JobSeeker.State.SEEKING:
        raise ValidationError(_("%(name)s is not seeking work.") % {"name": seeker.name})
    before = snapshot(referral, AUDITED_REFERRAL)
    referral.outcome = Referral.Outcome.HIRED
    referral.outcome_on = hired_on
    referral.save(update_fields=["outcome", "outcome_on", "updated_at"])
    audit_record(Action.UPDATE, obj=referral, changes=diff(before, snapshot(referral, AUDITED_REFERRAL)))
    placement = Placement(
        union=referral.union,
        seeker=seeker,
        referral=referral,
        employer_id=vacancy.employer_id,
        post=(post or vacancy.post).strip()[:100],
        pay=pay,
        placed_on=hired_on,
    )
    placement.save()
    audit_record(Action.CREATE, obj=placement, changes=diff({}, snapshot(placement, AUDITED_PLACEMENT)))
    seeker_before = snapshot(seeker, AUDITED_SEEKER)
    seeker.state = JobSeeker.State.PLACED
    seeker.save(update_fields=["state", "updated_at"])
    audit_record(Action.UPDATE, obj=seeker, changes=diff(seeker_before, snapshot(seeker, AUDITED_SEEKER)))
    vacancy_before = snapshot(vacancy, AUDITED_VACANCY)
    vacancy.filled += 1
    vacancy.save(update_fields=["filled", "updated_at"])
    audit_record(Action.UPDATE, obj=vacancy, changes=diff(vacancy_before, snapshot(vacancy, AUDITED_VACANCY)))
    return placement


@service(perm="employment.change_referral")
def referral_not_hired(
    *, actor: Actor, referral: Referral, decided_on: date, reason: str, reason_note: str = ""
) -> Referral:
    """The employer did not hire the seeker, and why."""
    check_scope(actor, referral.union)
    if referral.outcome != Referral.Outcome.PENDING:
        raise ValidationError(_("The outcome of this referral is already recorded."))
    _not_future(decided_on, "decided_on")
    if decided_on < referral.referred_on:
        raise ValidationError({"decided_on": _("The outcome cannot come before the referral.")})
    if reason not in Referral.Reason.values:
        raise ValidationError({"reason": _("Say why the seeker was not hired.")})
    if reason == Referral.Reason.OTHER and not reason_note.strip():
        raise ValidationError({"reason_note": _("Say what the other reason was.")})
    before = snapshot(referral, AUDITED_REFERRAL)
    referral.outcome = Referral.Outcome.NOT_HIRED
    referral.outcome_on = decided_on
    referral.reason = reason
    referral.reason_note = reason_note.strip()
    referral.full_clean(exclude=["union", "seeker", "vacancy", "fair"])
    referral.save()
    audit_record(Action.UPDATE, obj=referral, changes=diff(before, snapshot(referral, AUDITED_REFERRAL)))
    return referral


# --- Job fairs ------------------------------------------------------------------------------------


@service(perm="employment.add_jobfair")
def fair_create(
    *, actor: Actor, union: Union, title: str, held_on: date, venue: str, place: Division | None = None
) -> JobFair:
    """Record a job fair organised by ``union``."""
    check_scope(actor, union)
    _township(place)
    fair = JobFair(union=union, title=title.strip(), held_on=held_on, venue=venue.strip(), place=place)
    fair.full_clean(exclude=["union", "place"])
    fair.save()
    audit_record(Action.CREATE, obj=fair, changes=diff({}, snapshot(fair, AUDITED_FAIR)))
    return fair


@service(perm="employment.change_jobfair")
def fair_record_results(*, actor: Actor, fair: JobFair, results: str) -> JobFair:
    """Write down what a fair achieved (the counts are the page's own)."""
    check_scope(actor, fair.union)
    before = snapshot(fair, AUDITED_FAIR)
    fair.results = results.strip()
    fair.save(update_fields=["results", "updated_at"])
    audit_record(Action.UPDATE, obj=fair, changes=diff(before, snapshot(fair, AUDITED_FAIR)))
    return fair


@service(perm="employment.change_jobfair")
def fair_add_employer(
    *, actor: Actor, fair: JobFair, employer: Employer, posts: str, positions: int = 0
) -> FairEmployer:
    """An employer (in the actor's scope) takes part in a fair with the posts it offers."""
    check_scope(actor, fair.union)
    organisations.employer_union_id(employer.pk)  # 404 outside the actor's scope
    if FairEmployer.objects.filter(fair=fair, employer=employer).exists():
        raise ValidationError({"employer": _("This employer already takes part in the fair.")})
    row = FairEmployer(union=fair.union, fair=fair, employer=employer, posts=posts.strip(), positions=positions)
    row.full_clean(exclude=["union", "fair", "employer"])
    row.save()
    audit_record(Action.CREATE, obj=row, changes=diff({}, snapshot(row, ["fair", "employer", "posts", "positions"])))
    return row


@service(perm="employment.change_jobfair")
def fair_record_attendance(*, actor: Actor, fair: JobFair, seeker: JobSeeker) -> FairAttendance:
    """A job seeker (in the actor's scope) came to the fair."""
    check_scope(actor, fair.union)
    check_scope(actor, seeker.union)
    if fair.held_on > _today():
        raise ValidationError(_("The fair has not been held yet."))
    if FairAttendance.objects.filter(fair=fair, seeker=seeker).exists():
        raise ValidationError(_("%(name)s is already recorded at this fair.") % {"name": seeker.name})
    row = FairAttendance(union=fair.union, fair=fair, seeker=seeker)
    row.save()
    audit_record(Action.CREATE, obj=row, changes=diff({}, snapshot(row, ["fair", "seeker"])))
    return row
