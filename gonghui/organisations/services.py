"""Writes of organisation building: employers, union profiles and committee seats.

Every service is a ``@service`` (``core/services.py``): it checks the actor's permission and
runs in one transaction as the actor, then validates, writes, checks the scope and records one
audit row. ``actor=None`` is the operator's command line (or an import running under a system
scope): no permission or scope check. Other modules write these tables only through these
services (``member_counts_set`` for the member registry's counts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.identifiers import normalise_credit_code
from gonghui.core.reference import selectors as reference
from gonghui.core.reference.models import Division, Entry, Industry
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import current_scope, system_scope
from gonghui.organisations.models import (
    COMMITTEE_THRESHOLD,
    CommitteeMember,
    Employer,
    UnionProfile,
)

EMPLOYER_FIELDS = (
    "credit_code",
    "name",
    "address",
    "division",
    "village",
    "ownership",
    "nature",
    "industry",
    "headcount",
    "women",
    "migrant_workers",
    "dispatched_workers",
    "contact_name",
    "contact_phone",
    "status",
    "union_status",
    "not_eligible_reason",
    "own_union",
    "joint_union",
    "founded_on",
)
AUDITED_EMPLOYER_FIELDS = [*EMPLOYER_FIELDS, "union"]
# Reference fields: the form gives an entry, an import a code or a name; all are accepted.
REFERENCE_FIELDS = {
    "division": "division",
    "village": "division",
    "ownership": "ownership",
    "nature": "unit_nature",
    "industry": "industry",
}
PROFILE_FIELDS = ("union_type", "member_count", "term_years", "elected_on", "full_time_chair")
# The order seats are listed in, within each body.
POSITION_ORDER = {
    CommitteeMember.Position.CHAIR: 10,
    CommitteeMember.Position.VICE_CHAIR: 20,
    CommitteeMember.Position.MEMBER: 30,
    CommitteeMember.Position.ORGANIZER: 40,
}


# --- Employers --------------------------------------------------------------------------------


def _reference_code(field: str, value: Any, *, parent: str | None = None) -> str | None:
    """The code of the reference entry ``value`` names (an entry, a code or a name), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, Entry):
        return str(value.pk)
    code = reference.lookup(REFERENCE_FIELDS[field], value, parent=parent)
    if code is None:
        raise ValidationError({field: _("“%(value)s” is not in the code list.") % {"value": value}})
    return code


def _apply_references(employer: Employer, fields: dict[str, Any]) -> None:
    for field in ("division", "ownership", "nature", "industry"):
        if field in fields:
            setattr(employer, f"{field}_id", _reference_code(field, fields[field]))
    if "village" in fields:
        employer.village_id = _reference_code("village", fields["village"], parent=employer.division_id)


def _validate_references(employer: Employer) -> None:
    errors: dict[str, str] = {}
    if employer.division_id:
        division = Division.objects.filter(pk=employer.division_id).values("level").first()
        if division is None or division["level"] != Division.Level.TOWNSHIP:
            errors["division"] = _("Choose a township or street.")
    if employer.village_id:
        village = Division.objects.filter(pk=employer.village_id).values("level", "parent_id").first()
        if village is None or village["level"] != Division.Level.VILLAGE:
            errors["village"] = _("Choose a village or community.")
        elif village["parent_id"] != employer.division_id:
            errors["village"] = _("The village does not lie in the chosen township.")
    if employer.industry_id:
        level = Industry.objects.filter(pk=employer.industry_id).values_list("level", flat=True).first()
        if level != Industry.Level.DIVISION:
            errors["industry"] = _("Choose an industry division (two digits), not a section.")
    if errors:
        raise ValidationError(errors)


def _validate_counts(employer: Employer) -> None:
    errors: dict[str, str] = {}
    for field, label in (
        ("women", _("Women workers")),
        ("migrant_workers", _("Migrant workers")),
        ("dispatched_workers", _("Dispatched workers")),
    ):
        if (getattr(employer, field) or 0) > (employer.headcount or 0):
            errors[field] = _("%(what)s cannot exceed the number of workers.") % {"what": label}
    if errors:
        raise ValidationError(errors)


def _record_keeper(union: Union) -> Union:
    """The federation above a grassroots or joint union: who keeps an employer that lost its union."""
    if union.is_federation:
        return union
    with system_scope("the parent of a union in scope"):
        parent = Union.objects.get_parent(union)
    return parent or union


def _apply_union_status(employer: Employer, *, today: date) -> None:
    """Keep own/joint union, the keeping union and the founding date in step with the union status."""
    status = employer.union_status
    Status = Employer.UnionStatus
    if status != Status.NOT_ELIGIBLE:
        employer.not_eligible_reason = ""
    if status == Status.OWN:
        employer.joint_union = None
        if employer.own_union is None:
            raise ValidationError({"own_union": _("Choose the employer's own union.")})
        if employer.own_union.kind != Union.Kind.GRASSROOTS:
            raise ValidationError({"own_union": _("An employer's own union is a grassroots union.")})
        employer.union = employer.own_union
        if employer.founded_on is None:
            employer.founded_on = employer.own_union.founding_date or today
    elif status == Status.JOINT:
        employer.own_union = None
        if employer.joint_union is None:
            raise ValidationError({"joint_union": _("Choose the joint union that covers the employer.")})
        if employer.joint_union.kind != Union.Kind.JOINT:
            raise ValidationError({"joint_union": _("Only a joint union covers other employers.")})
        employer.union = employer.joint_union
        if employer.founded_on is None:
            employer.founded_on = today
    else:
        if status == Status.NOT_ELIGIBLE and not employer.not_eligible_reason.strip():
            raise ValidationError({"not_eligible_reason": _("Say why the employer cannot found a union.")})
        employer.own_union = None
        employer.joint_union = None
        employer.founded_on = None
        employer.union = _record_keeper(employer.union)


def _clean_employer(employer: Employer) -> None:
    employer.credit_code = normalise_credit_code(employer.credit_code or "") or None
    employer.name = (employer.name or "").strip()
    _validate_references(employer)
    _validate_counts(employer)
    with system_scope("credit codes are unique across every employer"):
        employer.full_clean(exclude=["union", "own_union", "joint_union", "size_band"])
        if employer.own_union_id is not None:
            # unscoped: a union is the own union of one employer only, wherever the other one is kept
            taken = Employer.unscoped.filter(own_union_id=employer.own_union_id).exclude(pk=employer.pk)
            if taken.exists():
                raise ValidationError({"own_union": _("This union is already the own union of another employer.")})


@service(perm="organisations.add_employer")
def employer_create(*, actor: Actor, union: Union, name: str, **fields: Any) -> Employer:
    """Record an employer kept by ``union`` (a township or sector federation, usually).

    ``fields`` are any of ``EMPLOYER_FIELDS``; reference fields take an entry, a code or a name.
    With ``union_status`` own or joint, the employer is kept by that union from then on.
    """
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"employer_create() cannot set {sorted(unknown)}")
    check_scope(actor, union)
    employer = Employer(union=union, name=name)
    _apply_references(employer, fields)
    for field, value in fields.items():
        if field not in REFERENCE_FIELDS:
            setattr(employer, field, value)
    for linked in (employer.own_union, employer.joint_union):
        check_scope(actor, linked)
    _apply_union_status(employer, today=timezone.localdate())
    _clean_employer(employer)
    employer.save()
    check_scope(actor, employer.union)
    audit_record(Action.CREATE, obj=employer, changes=diff({}, snapshot(employer, AUDITED_EMPLOYER_FIELDS)))
    return employer


@service(perm="organisations.change_employer")
def employer_update(*, actor: Actor, employer: Employer, **fields: Any) -> Employer:
    """Change an employer; a change of union status moves the record to the union that now keeps it."""
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"employer_update() cannot change {sorted(unknown)}")
    check_scope(actor, employer.union)
    before = snapshot(employer, AUDITED_EMPLOYER_FIELDS)
    _apply_references(employer, fields)
    for field, value in fields.items():
        if field not in REFERENCE_FIELDS:
            setattr(employer, field, value)
    links_changed = (before["union_status"], before["own_union"], before["joint_union"]) != (
        employer.union_status,
        employer.own_union_id,
        employer.joint_union_id,
    )
    if links_changed and "founded_on" not in fields:
        # A new status brings its own date (or none); an unchanged one keeps the old.
        employer.founded_on = None
    for linked in (employer.own_union, employer.joint_union):
        if linked is not None and linked.pk not in (before["own_union"], before["joint_union"]):
            check_scope(actor, linked)
    _apply_union_status(employer, today=timezone.localdate())
    scope = current_scope()
    if actor is not None and scope is not None and not scope.covers_path(employer.union.path):
        # Losing its union hands the record to the federation above, which the actor may not see.
        raise ValidationError(
            {
                "union_status": _("The record would pass to %(union)s, outside your part of the tree.")
                % {"union": employer.union.name}
            }
        )
    _clean_employer(employer)
    employer.save()
    check_scope(actor, employer.union)
    changes = diff(before, snapshot(employer, AUDITED_EMPLOYER_FIELDS))
    if changes:
        audit_record(Action.UPDATE, obj=employer, changes=changes)
    return employer


# --- Union profiles ---------------------------------------------------------------------------

DEFAULT_TYPES = {
    Union.Kind.COUNTY: UnionProfile.Type.FEDERATION,
    Union.Kind.TOWNSHIP: UnionProfile.Type.FEDERATION,
    Union.Kind.SECTOR: UnionProfile.Type.SECTOR,
    Union.Kind.GRASSROOTS: UnionProfile.Type.INDEPENDENT,
    Union.Kind.JOINT: UnionProfile.Type.JOINT,
}
# Which profile types fit which kind of node of the tree.
TYPES_FOR_KIND = {
    Union.Kind.COUNTY: {UnionProfile.Type.FEDERATION},
    Union.Kind.TOWNSHIP: {UnionProfile.Type.FEDERATION},
    Union.Kind.SECTOR: {UnionProfile.Type.SECTOR, UnionProfile.Type.INDUSTRY_FEDERATION},
    Union.Kind.GRASSROOTS: {UnionProfile.Type.INDEPENDENT},
    Union.Kind.JOINT: {
        UnionProfile.Type.JOINT,
        UnionProfile.Type.REGIONAL_FEDERATION,
        UnionProfile.Type.INDUSTRY_FEDERATION,
    },
}


def committee_form_for(union: Union, member_count: int) -> str:
    """What a union elects (工会法 art. 11): ``"committee"`` from 25 members, else ``"organizer"``.

    Federations and joint unions always have a committee: they represent many employers.
    """
    if union.kind != Union.Kind.GRASSROOTS or member_count >= COMMITTEE_THRESHOLD:
        return "committee"
    return "organizer"


def _own_headcount(union: Union) -> int | None:
    # unscoped: the union's own employer is kept by the union, which the service checked in scope
    employer = Employer.unscoped.filter(own_union=union).values("headcount").first()
    return employer["headcount"] if employer else None


@service(perm="organisations.change_unionprofile")
def union_profile_update(*, actor: Actor, union: Union, **fields: Any) -> UnionProfile:
    """Create or change the profile of ``union``; the re-election date follows the election and term.

    Refused: more members than the own employer has workers; an election in the future;
    a member count that contradicts the committee on record (a committee of a union of
    fewer than 25 members, or a lone organizer of one of 25 or more: re-elect first).
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"union_profile_update() cannot change {sorted(unknown)}")
    check_scope(actor, union)
    profile = UnionProfile.unscoped.select_for_update().filter(union=union).first()  # unscoped: union checked above
    created = profile is None
    if profile is None:
        profile = UnionProfile(union=union, union_type=DEFAULT_TYPES[union.kind])
    before = {} if created else snapshot(profile, [*list(PROFILE_FIELDS), "re_election_due"])
    for field, value in fields.items():
        setattr(profile, field, value)
    errors: dict[str, str] = {}
    if profile.union_type not in TYPES_FOR_KIND[union.kind]:
        errors["union_type"] = _("This type does not fit a %(kind)s.") % {"kind": Union.Kind(union.kind).label}
    if profile.elected_on and profile.elected_on > timezone.localdate():
        errors["elected_on"] = _("The election date lies in the future.")
    headcount = _own_headcount(union)
    if headcount and profile.member_count > headcount:
        errors["member_count"] = _("More members than the employer has workers (%(n)s).") % {"n": headcount}
    elif "member_count" in fields:
        seats = set(
            # unscoped: the committee of the union checked in scope above
            CommitteeMember.unscoped.filter(union=union, body=CommitteeMember.Body.COMMITTEE).values_list(
                "position", flat=True
            )
        )
        form = committee_form_for(union, profile.member_count)
        if form == "organizer" and seats - {CommitteeMember.Position.ORGANIZER}:
            errors["member_count"] = _(
                "A union of fewer than 25 members elects an organizer, not a committee: "
                "change the committee on record first."
            )
        elif form == "committee" and CommitteeMember.Position.ORGANIZER in seats:
            errors["member_count"] = _(
                "A union of 25 members or more elects a committee: replace the organizer on record first."
            )
    if errors:
        raise ValidationError(errors)
    profile.full_clean(exclude=["union"])
    profile.save()
    after = snapshot(profile, [*list(PROFILE_FIELDS), "re_election_due"])
    changes = diff(before, after)
    if changes:
        audit_record(Action.CREATE if created else Action.UPDATE, obj=profile, changes=changes)
    return profile


def member_counts_set(*, counts: Mapping[int, int], union_ids: Iterable[int] | None = None) -> int:
    """Write the member registry's counts into the profiles of ``union_ids`` (every profile if None).

    ``counts`` maps a union's id to its members (a union missing from it has none). Derived
    data, written by the member registry (``members.services.member_counts_refresh``) after
    the change that moved a count, which is audited itself: no actor, no audit row. Unions
    without a profile are left alone (a profile needs a union type, which organisation building
    sets). One bulk update; returns the number of profiles changed.
    """
    profiles = UnionProfile.unscoped.only("union_id", "member_count")  # unscoped: derived counts, every union's
    if union_ids is not None:
        profiles = profiles.filter(union_id__in=set(union_ids))
    changed = []
    for profile in profiles:
        count = counts.get(profile.union_id, 0)
        if profile.member_count != count:
            profile.member_count = count
            changed.append(profile)
    # unscoped: derived counts, written for every union given
    UnionProfile.unscoped.bulk_update(changed, ["member_count"], batch_size=500)
    return len(changed)


# --- Committee seats --------------------------------------------------------------------------


@service(perm="organisations.add_committeemember")
def committee_member_add(
    *,
    actor: Actor,
    union: Union,
    name: str,
    body: str = CommitteeMember.Body.COMMITTEE,
    position: str = CommitteeMember.Position.MEMBER,
    phone: str = "",
    full_time: bool = False,
) -> CommitteeMember:
    """Add a seat to one of the union's bodies.

    工会法 art. 11: a grassroots union of fewer than 25 members elects one organizer instead
    of a committee; from 25 it elects a committee with a chair. Each body has one chair.
    """
    Position, Body = CommitteeMember.Position, CommitteeMember.Body
    check_scope(actor, union)
    # Lock the profile row so two concurrent additions cannot both take the one chair.
    # unscoped: the profile and seats of the union checked in scope above
    profile = UnionProfile.unscoped.select_for_update().filter(union=union).first()
    member_count = profile.member_count if profile is not None else 0
    # unscoped: the seats of the union checked in scope above
    seats = list(CommitteeMember.unscoped.filter(union=union, body=body).values_list("position", flat=True))
    error: str | None = None
    if position == Position.ORGANIZER:
        if body != Body.COMMITTEE:
            error = _("Only the union itself elects an organizer.")
        elif committee_form_for(union, member_count) == "committee":
            error = _("A union of 25 members or more elects a committee with a chair, not an organizer.")
        elif seats:
            error = _("A union elects one organizer.")
    elif body == Body.COMMITTEE and committee_form_for(union, member_count) == "organizer":
        error = _("A union of fewer than 25 members elects one organizer (or joins a joint union), not a committee.")
    elif position == Position.CHAIR and Position.CHAIR in seats:
        error = _("This body already has a chair.")
    if error:
        raise ValidationError({"position": error})
    member = CommitteeMember(
        union=union,
        body=body,
        position=position,
        name=name.strip(),
        phone=phone or None,
        full_time=full_time,
        position_order=POSITION_ORDER[Position(position)],
    )
    member.full_clean(exclude=["union"])
    member.save()
    audit_record(
        Action.CREATE,
        obj=member,
        changes=diff({}, snapshot(member, ["body", "position", "name", "phone", "full_time"])),
    )
    return member


@service(perm="organisations.delete_committeemember")
def committee_member_remove(*, actor: Actor, member: CommitteeMember) -> None:
    """Remove a seat (a resignation or the end of a term)."""
    check_scope(actor, member.union)
    before = snapshot(member, ["body", "position", "name", "phone", "full_time"])
    audit_record(Action.DELETE, obj=member, changes=diff(before, {}))
    member.delete()
