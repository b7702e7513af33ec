"""Writes of the founding pipeline (组建): opening a case; the steps are the workflow's transitions.

The steps (``start_preparing``, ``found``, ``cover_by_joint``, ``close``) are taken through
``workflow.services.transition_perform(actor=..., obj=case, name=..., note=..., data=...)``;
their effects (``workflows.py``) call the ``founding_case_*`` services below, inside the
transition's transaction, so the state, the timeline, the audit rows and the union, profile,
seats and employer they write commit or roll back together.

An employer without a union enters the pipeline once: opening a case for an employer that
already has an open one returns that case. Every service is a ``@service``
(``core/services.py``); ``actor=None`` is the operator's command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.identifiers import normalise_mobile, validate_mobile
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.services import union_create
from gonghui.core.workflow.services import workflow_start
from gonghui.organisations.models import (
    COMMITTEE_THRESHOLD,
    CommitteeMember,
    Employer,
    FoundingCase,
    SurveyVisit,
    UnionProfile,
)
from gonghui.organisations.services.committee import committee_member_add
from gonghui.organisations.services.employers import employer_update
from gonghui.organisations.services.unions import union_profile_update
from gonghui.organisations.workflows import OPEN_STATES

# A committee has at least three seats: a chair and two more (vice-chairs or members).
MIN_COMMITTEE_SEATS = 3
# The steps' permission, and its refusal in words.
CHANGE_PERMISSION = "organisations.change_foundingcase"
CHANGE_DENIED = _lazy("You may not work on founding cases.")


@service(perm="organisations.add_foundingcase", denied=_lazy("You may not open founding cases."))
def founding_case_open(
    *,
    actor: Actor,
    employer: Employer,
    source: str = FoundingCase.Source.REGISTER,
    survey_visit: SurveyVisit | None = None,
    note: str = "",
) -> FoundingCase:
    """Put an employer without a union into the founding pipeline (or return its open case).

    Refused for an employer that has a union, is covered by a joint union, is not eligible or
    has closed down.
    """
    check_scope(actor, employer.union)
    # Serialise per employer: two visits recorded at once must not open two cases.
    Employer.unscoped.select_for_update().filter(pk=employer.pk).first()  # unscoped: checked in scope above
    # unscoped: one open case per employer, whichever federation opened it
    existing = FoundingCase.unscoped.filter(employer=employer, state__in=OPEN_STATES).first()
    if existing is not None:
        return existing
    if employer.status != Employer.Status.OPERATING:
        raise ValidationError(_("%(name)s has closed down.") % {"name": employer.name}, code="closed")
    if employer.union_status != Employer.UnionStatus.NONE:
        raise ValidationError(
            _("%(name)s is not without a union: %(status)s.")
            % {"name": employer.name, "status": employer.get_union_status_display()},
            code="organised",
        )
    case = FoundingCase.unscoped.create(  # unscoped: a create; the employer's union was checked in scope
        union=employer.union,
        employer=employer,
        source=source,
        survey_visit=survey_visit,
        opened_by=actor,
    )
    workflow_start(actor=actor, obj=case, note=note)
    audit_record(Action.CREATE, obj=case, changes={"employer": [None, employer.pk], "source": [None, source]})
    return case


# --- The steps' work (called by the workflow's effects, inside the transition's transaction) ------

CASE_FIELDS = (
    "organizer_name",
    "organizer_phone",
    "steps",
    "target_date",
    "preparing_since",
    "founding_meeting_on",
    "members_enrolled",
    "founded_union",
    "joint_union",
    "closed_on",
)


class CloseReason(TextChoices):
    CLOSED_DOWN = "closed_down", _lazy("the employer has closed down")
    NOT_ELIGIBLE = "not_eligible", _lazy("the employer cannot found a union")
    OTHER = "other", _lazy("other reason")


@dataclass(frozen=True)
class Leadership:
    """Who the founding meeting elected: a committee (chair, vice-chairs, members) or one organizer."""

    chair_name: str = ""
    chair_phone: str = ""
    chair_full_time: bool = False
    vice_chairs: tuple[str, ...] = ()
    committee_members: tuple[str, ...] = ()
    organizer_name: str = ""
    organizer_phone: str = ""

    @property
    def committee_seats(self) -> int:
        return (1 if self.chair_name else 0) + len(self.vice_chairs) + len(self.committee_members)

    @property
    def has_committee(self) -> bool:
        return self.committee_seats > 0


def names_of(text: str) -> tuple[str, ...]:
    """One name a line (、，, and ; separate too); blank lines dropped."""
    parts = re.split(r"[\n\r、，,；;]+", text or "")
    return tuple(part.strip() for part in parts if part.strip())


def leadership_from(data: dict[str, Any]) -> Leadership:
    return Leadership(
        chair_name=(data.get("chair_name") or "").strip(),
        chair_phone=data.get("chair_phone") or "",
        chair_full_time=bool(data.get("chair_full_time")),
        vice_chairs=names_of(data.get("vice_chairs") or ""),
        committee_members=names_of(data.get("committee_members") or ""),
        organizer_name=(data.get("organizer_name") or "").strip(),
        organizer_phone=data.get("organizer_phone") or "",
    )


def leadership_errors(members: int | None, leadership: Leadership) -> dict[str, str]:
    """工会法 art. 11: from 25 members a committee with a chair (3 seats at least), below it one organizer."""
    errors: dict[str, str] = {}
    if members is None:
        return errors
    if members >= COMMITTEE_THRESHOLD:
        if leadership.organizer_name:
            errors["organizer_name"] = _(
                "A union of %(n)s members or more elects a committee with a chair, not an organizer."
            ) % {"n": COMMITTEE_THRESHOLD}
        if not leadership.chair_name:
            errors["chair_name"] = _("Name the chair the founding meeting elected.")
        elif leadership.committee_seats < MIN_COMMITTEE_SEATS:
            errors["committee_members"] = _(
                "A committee has at least %(n)s seats (chair, vice-chairs and members together)."
            ) % {"n": MIN_COMMITTEE_SEATS}
    else:
        if leadership.has_committee or leadership.chair_phone:
            errors["chair_name"] = _(
                "A union of fewer than %(n)s members elects one organizer, not a committee. "
                "To cover the employer by a joint union instead, use “Cover by a joint union”."
            ) % {"n": COMMITTEE_THRESHOLD}
        if not leadership.organizer_name:
            errors["organizer_name"] = _("Name the organizer the founding meeting elected.")
    return errors


def founding_data_errors(case: FoundingCase, data: dict[str, Any], *, today: date | None = None) -> dict[str, str]:
    """What is wrong with the founding data of ``case`` (the form and the service share the rules)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    meeting = data.get("founding_meeting_on")
    if meeting is None:
        errors["founding_meeting_on"] = _("Give the date of the founding meeting.")
    elif meeting > today:
        errors["founding_meeting_on"] = _("The founding meeting cannot lie in the future.")
    elif case.preparing_since and meeting < case.preparing_since:
        errors["founding_meeting_on"] = _("The founding meeting cannot come before preparing began (%(day)s).") % {
            "day": f"{case.preparing_since:%Y-%m-%d}"
        }
    members = data.get("members_enrolled")
    headcount = case.employer.headcount
    if members is None or members < 1:
        errors["members_enrolled"] = _("At least one member must have joined.")
        members = None
    elif headcount and members > headcount:
        errors["members_enrolled"] = _("More members than the employer has workers (%(n)s).") % {"n": headcount}
    if data.get("term_years") not in (3, 5):
        errors["term_years"] = _("A term is 3 or 5 years.")
    if not (data.get("union_name") or "").strip():
        errors["union_name"] = _("Give the union's name.")
    errors.update({k: v for k, v in leadership_errors(members, leadership_from(data)).items() if k not in errors})
    return errors


def _employer_without_union(case: FoundingCase) -> Employer:
    """The case's employer, locked; refused if it closed down or got a union meanwhile."""
    # unscoped: the case's employer; the case was read in the actor's scope
    employer = Employer.unscoped.select_for_update().select_related("union").get(pk=case.employer_id)
    if employer.status != Employer.Status.OPERATING:
        raise ValidationError(_("%(name)s has closed down.") % {"name": employer.name}, code="closed")
    if employer.union_status != Employer.UnionStatus.NONE:
        raise ValidationError(
            _("%(name)s is no longer without a union: %(status)s. Close this case.")
            % {"name": employer.name, "status": employer.get_union_status_display()},
            code="organised",
        )
    return employer


def _renamed(exc: ValidationError, names: dict[str, str], model: Any = None) -> ValidationError:
    """A service's error with its field names changed to the step form's.

    Errors on other fields go on the whole form, prefixed with the field's name in ``model``.
    """
    if not hasattr(exc, "error_dict"):
        return exc
    renamed: dict[str, list[Any]] = {}
    for field, errors in exc.error_dict.items():
        if field in names:
            renamed.setdefault(names[field], []).extend(errors)
            continue
        label = _field_label(model, field)
        messages = [f"{label}: {message}" if label else message for error in errors for message in error.messages]
        renamed.setdefault(NON_FIELD_ERRORS, []).extend(messages)
    return ValidationError(renamed)


def _field_label(model: Any, field: str) -> str:
    if model is None or field == NON_FIELD_ERRORS:
        return ""
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return ""


def _save_case(case: FoundingCase, before: dict[str, Any], note: str = "") -> None:
    case.save(update_fields=[*CASE_FIELDS, "updated_at"])
    changes = diff(before, snapshot(case, list(CASE_FIELDS)))
    if changes:
        audit_record(Action.UPDATE, obj=case, changes=changes, note=note)


@service(perm=CHANGE_PERMISSION, denied=CHANGE_DENIED)
def founding_case_start_preparing(*, actor: Actor, case: FoundingCase, data: dict[str, Any]) -> FoundingCase:
    """筹建: record the organizer, the plan and the target date; preparing since today.

    The workflow's ``start_preparing`` effect (the state moves in the same transaction).
    """
    today = timezone.localdate()
    _employer_without_union(case)
    errors: dict[str, str] = {}
    name = (data.get("organizer_name") or "").strip()
    if not name:
        errors["organizer_name"] = _("Name who organises the founding.")
    target = data.get("target_date")
    phone = normalise_mobile(data.get("organizer_phone") or "")
    if phone:
        try:
            validate_mobile(phone)
        except ValidationError as exc:
            errors["organizer_phone"] = exc.messages[0]
    if target is None:
        errors["target_date"] = _("Give the date the founding meeting should be held by.")
    elif target < today:
        errors["target_date"] = _("The target date lies in the past.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(case, list(CASE_FIELDS))
    case.organizer_name = name
    case.organizer_phone = phone or None
    case.steps = (data.get("steps") or "").strip()
    case.target_date = target
    case.preparing_since = today
    _save_case(case, before)
    return case


@service(perm=CHANGE_PERMISSION, denied=CHANGE_DENIED)
def founding_case_found(*, actor: Actor, case: FoundingCase, data: dict[str, Any]) -> Union:
    """The founding meeting was held: create the grassroots union, its profile and its committee.

    The union sits under the case's union; the employer then has its own union from the
    meeting date. The workflow's ``found`` effect. Returns the new union.
    """
    employer = _employer_without_union(case)
    case.employer = employer
    errors = founding_data_errors(case, data)
    if errors:
        raise ValidationError(errors)
    meeting: date = data["founding_meeting_on"]
    members: int = data["members_enrolled"]
    leadership = leadership_from(data)
    try:
        union = union_create(
            actor=actor,
            parent=case.union,
            name=data["union_name"],
            kind=Union.Kind.GRASSROOTS,
            credit_code=data.get("credit_code") or None,
            founding_date=meeting,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"name": "union_name", "credit_code": "credit_code"}) from exc
    try:
        employer_update(
            actor=actor,
            employer=employer,
            union_status=Employer.UnionStatus.OWN,
            own_union=union,
            joint_union=None,
            founded_on=meeting,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"founded_on": "founding_meeting_on"}, Employer) from exc
    committee = members >= COMMITTEE_THRESHOLD
    try:
        union_profile_update(
            actor=actor,
            union=union,
            union_type=UnionProfile.Type.INDEPENDENT,
            member_count=members,
            elected_on=meeting,
            term_years=data["term_years"],
            full_time_chair=committee and leadership.chair_full_time,
        )
    except ValidationError as exc:
        raise _renamed(
            exc,
            {"member_count": "members_enrolled", "elected_on": "founding_meeting_on", "term_years": "term_years"},
        ) from exc
    Position = CommitteeMember.Position
    if committee:
        seats = [(leadership.chair_name, Position.CHAIR, leadership.chair_phone, leadership.chair_full_time)]
        seats += [(name, Position.VICE_CHAIR, "", False) for name in leadership.vice_chairs]
        seats += [(name, Position.MEMBER, "", False) for name in leadership.committee_members]
    else:
        seats = [(leadership.organizer_name, Position.ORGANIZER, leadership.organizer_phone, False)]
    for name, position, phone, full_time in seats:
        try:
            committee_member_add(
                actor=actor, union=union, name=name, position=position, phone=phone, full_time=full_time
            )
        except ValidationError as exc:
            field = "organizer_name" if position == Position.ORGANIZER else "chair_name"
            raise _renamed(exc, {"position": field, "name": field, "phone": field}) from exc
    before = snapshot(case, list(CASE_FIELDS))
    case.founded_union = union
    case.founding_meeting_on = meeting
    case.members_enrolled = members
    _save_case(case, before)
    return union


@service(perm=CHANGE_PERMISSION, denied=CHANGE_DENIED)
def founding_case_cover_by_joint(*, actor: Actor, case: FoundingCase, data: dict[str, Any]) -> FoundingCase:
    """The employer joins a joint union (联合基层工会) instead of founding its own."""
    employer = _employer_without_union(case)
    joint = data.get("joint_union")
    covered_on = data.get("covered_on") or timezone.localdate()
    errors: dict[str, str] = {}
    if joint is None:
        errors["joint_union"] = _("Choose the joint union that covers the employer.")
    elif joint.kind != Union.Kind.JOINT:
        errors["joint_union"] = _("Only a joint union covers other employers.")
    if covered_on > timezone.localdate():
        errors["covered_on"] = _("The date lies in the future.")
    if errors:
        raise ValidationError(errors)
    try:
        employer_update(
            actor=actor,
            employer=employer,
            union_status=Employer.UnionStatus.JOINT,
            joint_union=joint,
            own_union=None,
            founded_on=covered_on,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"joint_union": "joint_union", "founded_on": "covered_on"}, Employer) from exc
    before = snapshot(case, list(CASE_FIELDS))
    case.joint_union = joint
    _save_case(case, before)
    return case


@service(perm=CHANGE_PERMISSION, denied=CHANGE_DENIED)
def founding_case_close(*, actor: Actor, case: FoundingCase, note: str, data: dict[str, Any]) -> FoundingCase:
    """Close the case without a union: the employer closed down, cannot found one, or another reason.

    ``data["reason"]`` (a ``CloseReason``, the step's form) says which; the note (required by the
    step) says why, and for an employer that cannot found a union it becomes its recorded reason.
    """
    reason = data.get("reason", "")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Give a reason for this step.")})
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Choose why the case is closed.")})
    # unscoped: the case's employer; the case was read in the actor's scope
    employer = Employer.unscoped.select_for_update().select_related("union").get(pk=case.employer_id)
    try:
        if reason == CloseReason.CLOSED_DOWN and employer.status != Employer.Status.CLOSED:
            employer_update(actor=actor, employer=employer, status=Employer.Status.CLOSED)
        elif reason == CloseReason.NOT_ELIGIBLE:
            if employer.union_status in (Employer.UnionStatus.OWN, Employer.UnionStatus.JOINT):
                raise ValidationError({"reason": _("%(name)s is organised already.") % {"name": employer.name}})
            employer_update(
                actor=actor,
                employer=employer,
                union_status=Employer.UnionStatus.NOT_ELIGIBLE,
                not_eligible_reason=note[:200],
            )
    except ValidationError as exc:
        raise _renamed(exc, {"not_eligible_reason": "reason", "union_status": "reason", "reason": "reason"}) from exc
    before = snapshot(case, list(CASE_FIELDS))
    case.closed_on = timezone.localdate()
    _save_case(case, before, note=str(CloseReason(reason).label))
    return case
