"""Writes of employers: their record, references, counts and union status."""

from __future__ import annotations

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
from gonghui.organisations.models import Employer

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
