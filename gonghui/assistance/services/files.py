"""Hardship files, their households, guardians' consents and attachments."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.assistance.models import FileAttachment, GuardianConsent, HardshipFile, HouseholdMember
from gonghui.assistance.services.classify import _apply_classification, _refresh_household
from gonghui.assistance.services.common import _today
from gonghui.assistance.workflows import FileState
from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.identifiers import parse_id_number
from gonghui.core.privacy.crypto import blind_index
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import validate_attachment, workflow_start
from gonghui.members import selectors as member_selectors
from gonghui.members.models import Worker

# Fields a caller may set on a file (the rest is derived or set by the workflow).
FILE_FIELDS = (
    "division",
    "applicant_monthly_income",
    "medical_costs",
    "education_costs",
    "rent_costs",
    "sudden_event",
    "sudden_costs",
    "housing",
    "housing_area",
    "health",
    "disability",
    "main_cause",
    "secondary_causes",
    "single_parent",
    "zero_employment",
    "homes_owned",
    "owns_business",
    "employs_others",
    "private_schooling",
    "work_started",
    "bank_name",
    "bank_account",
)
AUDITED_FILE_FIELDS = [*FILE_FIELDS, "union", "worker", "category", "per_head_monthly", "exclusion_codes"]
MEMBER_FIELDS = ("name", "relation", "id_number", "monthly_income", "health", "schooling", "school_or_work")
# --- Files ---------------------------------------------------------------------------------------


def _clean_causes(value: Any) -> str:
    codes = [code for code in (value if isinstance(value, list | tuple) else str(value or "").split(",")) if code]
    allowed = set(HardshipFile.Cause.values)
    if any(code not in allowed for code in codes):
        raise ValidationError({"secondary_causes": _("Choose causes from the list.")})
    if len(codes) > 3:
        raise ValidationError({"secondary_causes": _("Choose at most three secondary causes.")})
    return ",".join(dict.fromkeys(codes))


def _apply_file_fields(file: HardshipFile, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(FILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown hardship file fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "secondary_causes":
            value = _clean_causes(value)
        if name == "bank_account" and value:
            value = "".join(str(value).split())
        setattr(file, name, value)
    if file.main_cause and file.main_cause in file.secondary_cause_list:
        raise ValidationError({"secondary_causes": _("The main cause cannot also be a secondary cause.")})
    if file.sudden_event and file.sudden_costs <= 0:
        raise ValidationError({"sudden_costs": _("Give the hardship costs of the sudden event in the year.")})


def _household_conflict(id_hash_value: str, *, exclude_file: int | None) -> HardshipFile | None:
    """The open file this person already belongs to (as applicant or household member), if any."""
    with system_scope("one household, one file: checked across the county"):
        open_q = ~Q(state__in=(FileState.EXITED, FileState.REFUSED))
        # unscoped: one household, one file, whichever union keeps the other file
        as_applicant = HardshipFile.unscoped.filter(open_q, worker__id_number_hash=id_hash_value)
        # unscoped: one household, one file, whichever union keeps the other file
        as_member = HardshipFile.unscoped.filter(open_q, members__id_number_hash=id_hash_value)
        if exclude_file is not None:
            as_applicant = as_applicant.exclude(pk=exclude_file)
            as_member = as_member.exclude(pk=exclude_file)
        return (as_applicant.select_related("union").first()) or (as_member.select_related("union").first())


def _conflict_error(conflict: HardshipFile, field: str) -> ValidationError:
    return ValidationError(
        {
            field: _(
                "This person already belongs to hardship file %(number)s kept by %(union)s: one household, one file."
            )
            % {"number": conflict.number, "union": conflict.union.name}
        },
        code="household_conflict",
    )


def _assign_number(file: HardshipFile) -> None:
    file.number = f"KN{file.year}{file.pk:06d}"
    HardshipFile.unscoped.filter(pk=file.pk).update(number=file.number)  # unscoped: the file just saved


def _applicant(actor: Actor, worker: Worker) -> Worker:
    """The applicant as the member registry holds them now, if a union in ``actor``'s scope keeps them.

    A worker ``actor`` cannot see at all is a 404. A union a worker transferred out of still
    sees them (its side of the membership history), but the file is opened by the union that
    keeps them now: that is refused with the reason.
    """
    if actor is None:
        return worker  # the operator's command line: any worker
    current = member_selectors.get_worker_for_user(actor, worker.pk)
    if not member_selectors.worker_is_kept_by(actor, current):
        raise ValidationError(
            {
                "worker": _(
                    "This worker is not kept by a union in your part of the union tree (transferred out?): "
                    "the union that keeps them now opens their file."
                )
            },
            code="applicant_out_of_scope",
        )
    return current


@service(perm="assistance.add_hardshipfile")
def file_open(*, actor: Actor, worker: Worker, union: Union | None = None, **fields: Any) -> HardshipFile:
    """Open a hardship file for ``worker`` (the applicant), kept by the worker's union."""
    worker = _applicant(actor, worker)
    union = union or worker.union
    check_scope(actor, union)
    conflict = _household_conflict(worker.id_number_hash or "", exclude_file=None)
    if conflict is not None:
        raise _conflict_error(conflict, "worker")
    file = HardshipFile(
        union=union,
        worker=worker,
        year=fields.pop("year", None) or _today().year,
        number=f"tmp-{secrets.token_hex(6)}",
        opened_by=actor,
    )
    if "main_cause" not in fields:
        raise ValidationError({"main_cause": _("Choose the main cause of hardship.")})
    _apply_file_fields(file, fields)
    file.full_clean(exclude=["number", "state", "worker", "union", "bank_account", "opened_by"])
    _apply_classification(file, on=_today())
    file.save()
    _assign_number(file)
    check_scope(actor, file.union)
    audit_record(Action.CREATE, obj=file, changes=diff({}, snapshot(file, AUDITED_FILE_FIELDS)))
    workflow_start(actor=actor, obj=file)
    return file


@service(perm="assistance.change_hardshipfile")
def file_update(*, actor: Actor, file: HardshipFile, **fields: Any) -> HardshipFile:
    """Change a file's figures and situation; the classification follows."""
    file = HardshipFile.objects.select_for_update().select_related("worker").get(pk=file.pk)
    check_scope(actor, file.union)
    if file.state in (FileState.EXITED, FileState.REFUSED):
        raise ValidationError(_("A closed file cannot be changed."), code="closed")
    before = snapshot(file, AUDITED_FILE_FIELDS)
    _apply_file_fields(file, fields)
    file.full_clean(exclude=["number", "state", "worker", "union", "bank_account", "opened_by"])
    _apply_classification(file)
    file.save()
    audit_record(Action.UPDATE, obj=file, changes=diff(before, snapshot(file, AUDITED_FILE_FIELDS)))
    return file


@service(perm=None)  # a record of what the actor saw: the page checked the permission to see it
def file_attachment_viewed(*, actor: Actor, attachment: FileAttachment) -> None:
    """Record that someone downloaded a document kept with a file (ID card scans and the like)."""
    audit_record(Action.VIEW_PERSONAL, obj=attachment, note="download")


@service(perm=None)  # a record of what the actor saw: the page checked the permission to see it
def file_viewed(*, actor: Actor, file: HardshipFile) -> None:
    """Record that someone opened a household's file (it holds health and family data)."""
    audit_record(Action.VIEW_PERSONAL, obj=file)


@service(perm="assistance.add_householdmember")
def household_member_add(*, actor: Actor, file: HardshipFile, **fields: Any) -> HouseholdMember:
    file = HardshipFile.objects.select_for_update().select_related("worker").get(pk=file.pk)
    check_scope(actor, file.union)
    if file.state in (FileState.EXITED, FileState.REFUSED):
        raise ValidationError(_("A closed file cannot be changed."), code="closed")
    member = HouseholdMember(file=file, union=file.union)
    _apply_member_fields(member, fields, file=file)
    member.save()
    _refresh_household(file)
    audit_record(Action.CREATE, obj=member, changes=diff({}, snapshot(member, [*MEMBER_FIELDS])))
    return member


@service(perm="assistance.change_householdmember")
def household_member_update(*, actor: Actor, member: HouseholdMember, **fields: Any) -> HouseholdMember:
    member = HouseholdMember.objects.select_related("file", "file__worker").get(pk=member.pk)
    file = member.file
    check_scope(actor, file.union)
    if file.state in (FileState.EXITED, FileState.REFUSED):
        raise ValidationError(_("A closed file cannot be changed."), code="closed")
    before = snapshot(member, [*MEMBER_FIELDS])
    _apply_member_fields(member, fields, file=file)
    member.save()
    _refresh_household(file)
    audit_record(Action.UPDATE, obj=member, changes=diff(before, snapshot(member, [*MEMBER_FIELDS])))
    return member


@service(perm="assistance.delete_householdmember")
def household_member_remove(*, actor: Actor, member: HouseholdMember) -> None:
    member = HouseholdMember.objects.select_related("file", "file__worker").get(pk=member.pk)
    file = member.file
    check_scope(actor, file.union)
    if file.state in (FileState.EXITED, FileState.REFUSED):
        raise ValidationError(_("A closed file cannot be changed."), code="closed")
    audit_record(Action.DELETE, obj=member, changes=diff(snapshot(member, [*MEMBER_FIELDS]), {}))
    member.delete()
    _refresh_household(file)


def _apply_member_fields(member: HouseholdMember, fields: dict[str, Any], *, file: HardshipFile) -> None:
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown household member fields: {sorted(unknown)}")
    if "id_number" in fields:
        parsed = parse_id_number(str(fields["id_number"]))  # raises a Chinese message
        fields["id_number"] = parsed.value
        member.birth_date = parsed.birth_date
    for name, value in fields.items():
        setattr(member, name, value)
    if not member.name or not member.id_number:
        raise ValidationError(_("Give the household member's name and ID number."))
    if member.id_number == file.worker.id_number:
        raise ValidationError({"id_number": _("This is the applicant: household members are the others.")})
    hashed = blind_index("id_number", member.id_number)
    # unscoped: the household of a file the service checked in scope
    duplicate = HouseholdMember.unscoped.filter(file=file, id_number_hash=hashed).exclude(pk=member.pk).exists()
    if duplicate:
        raise ValidationError({"id_number": _("This person is already a member of this household.")})
    conflict = _household_conflict(hashed or "", exclude_file=file.pk)
    if conflict is not None:
        raise _conflict_error(conflict, "id_number")
    member.full_clean(exclude=["file", "union", "id_number", "id_number_hash", "birth_date"])


@service(perm="assistance.change_householdmember")
def guardian_consent_record(
    *, actor: Actor, member: HouseholdMember, guardian_name: str, guardian_relation: str, given_on: date
) -> GuardianConsent:
    """Record a guardian's consent for a child under 14 (PIPL art. 31)."""
    member = HouseholdMember.objects.select_related("file").get(pk=member.pk)
    check_scope(actor, member.union)
    if not guardian_name.strip():
        raise ValidationError({"guardian_name": _("Give the guardian's name.")})
    if given_on > _today():
        raise ValidationError({"given_on": _("The date lies in the future.")})
    consent, _created = GuardianConsent.objects.update_or_create(
        member=member,
        defaults={
            "union": member.union,
            "guardian_name": guardian_name.strip(),
            "guardian_relation": guardian_relation.strip(),
            "given_on": given_on,
            "recorded_by": actor,
        },
    )
    audit_record(
        Action.CREATE,
        obj=consent,
        note=f"guardian consent for household member {member.pk}",
    )
    return consent


@service(perm="assistance.add_fileattachment")
def file_attachment_add(*, actor: Actor, file: HardshipFile, kind: str, upload: UploadedFile) -> FileAttachment:
    try:
        validate_attachment(upload)
    except ValidationError as error:
        raise ValidationError({"document": error.message_dict.get("attachment", error.messages)}) from None
    file = HardshipFile.objects.get(pk=file.pk)
    check_scope(actor, file.union)
    if kind not in FileAttachment.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    attachment = FileAttachment(
        file=file, union=file.union, kind=kind, name=(upload.name or "file")[:200], uploaded_by=actor
    )
    attachment.document.save(upload.name or "file", upload, save=False)
    try:
        attachment.save()
        audit_record(Action.CREATE, obj=attachment, note=attachment.get_kind_display())
    except BaseException:
        # The row is not written; the stored file goes too. (Should the transaction roll back
        # later, the file stays behind unreferenced and unserved, as a workflow attachment does.)
        attachment.document.delete(save=False)
        raise
    return attachment
