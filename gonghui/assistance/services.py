"""Every write of the assistance module: files, households, programmes, batches, pairings, reviews.

Each service is a ``@service`` (``core/services.py``): the actor's permission, one transaction,
the actor's scope; it checks the scope of what it writes, validates, writes, and records the
audit row under the object's union (``actor=None`` is the operator's command line or the demo).
The workflow steps (``workflows.py``) call the ``file_*`` and ``disbursement_*`` effects below
inside the step's own transaction, so a refused effect leaves the state where it was. Workers
are read through the member registry's selectors.

The money rules live here once: ``grant_problems`` decides whether a household may receive a
grant (file state, exclusions, the under-14 consent, one grant of a kind a year across unions)
and every entry point (adding a grant, submitting, checking, approving) asks it.
"""

from __future__ import annotations

import math
import random
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import classification
from gonghui.assistance.classification import Category
from gonghui.assistance.models import (
    RETENTION_YEARS,
    Disbursement,
    EducationRate,
    FileAttachment,
    FileReview,
    FundingSource,
    Grant,
    GuardianConsent,
    HardshipFile,
    HouseholdMember,
    Pairing,
    PairingVisit,
    PovertyLine,
    Program,
    ReviewRound,
    years_after,
)
from gonghui.assistance.workflows import OPEN_FILE_STATES, notice_period
from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.calendar.statutory import CalendarYearUnknown
from gonghui.core.identifiers import parse_id_number
from gonghui.core.money import round_fen, yuan
from gonghui.core.privacy.crypto import blind_index
from gonghui.core.privacy.masking import mask_name
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import transition_perform, validate_attachment, workflow_start
from gonghui.members import selectors as member_selectors
from gonghui.members.models import Worker

CONSENT_AGE = 14  # PIPL art. 31: a child under 14 needs a guardian's consent
SPOT_CHECK_SHARE = Decimal("0.30")
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
# A household may receive grants while its file is filed; 金秋助学 also before filing (at the
# "not yet filed" rate) while the file is on its way.
GRANT_STATES = ("filed",)
EDUCATION_GRANT_STATES = ("filed", *OPEN_FILE_STATES)


def _today() -> date:
    return timezone.localdate()


# --- Classification ------------------------------------------------------------------------------


def standard_for(year: int, division: Any) -> tuple[Decimal | None, int | None]:
    """The 低保 standard in force in ``year`` for the place, and the year it was set for.

    The division's own standard, else its parents', else the county's; a year whose standard is
    not published yet (January, say) uses the latest earlier year's.
    """
    rows = (
        PovertyLine.objects.filter(year__lte=year)
        .order_by("-year")
        .values_list("year", "division_id", "monthly_amount")
    )
    by_year: dict[int, dict[str | None, Decimal]] = defaultdict(dict)
    for line_year, division_id, amount in rows:
        by_year[line_year][division_id] = amount
    for line_year in sorted(by_year, reverse=True):
        lines = by_year[line_year]
        current = division
        while current is not None:
            if current.pk in lines:
                return lines[current.pk], line_year
            current = current.parent
        if None in lines:
            return lines[None], line_year
    return None, None


def household_size(file: HardshipFile) -> int:
    return 1 + (file.members.count() if file.pk else 0)


def file_figures(
    file: HardshipFile, *, on: date | None = None, size: int | None = None, year: int | None = None
) -> classification.Figures:
    """The figures of a file for the classification.

    The standard is that of ``year``; by default the year the file was last classified in
    (``standard_year``), so the page explains the category stored. A change of the figures, a
    workflow step and the annual review classify again against the standard of the day.
    """
    on = on or _today()
    line, line_year = standard_for(year or file.standard_year or on.year, file.division)
    return classification.Figures(
        applicant_monthly_income=file.applicant_monthly_income,
        other_annual_income=file.other_annual_income,
        essential_costs=file.essential_costs,
        household_size=size if size is not None else household_size(file),
        poverty_line=line,
        standard_year=line_year,
        sudden_event=bool(file.sudden_event),
        sudden_costs=file.sudden_costs,
        homes_owned=file.homes_owned,
        owns_business=file.owns_business,
        employs_others=file.employs_others,
        private_schooling=file.private_schooling,
        migrant=file.worker.category == Worker.Category.MIGRANT,
        work_started=file.work_started,
        on=on,
    )


def file_classify(file: HardshipFile, *, on: date | None = None) -> classification.Result:
    """The file's classification with its arithmetic (nothing saved)."""
    return classification.classify(file_figures(file, on=on))


# The columns ``_apply_classification`` sets, saved together.
CLASSIFICATION_FIELDS = ["category", "standard_year", "per_head_monthly", "excluded", "exclusion_codes"]


def _apply_classification(file: HardshipFile, *, on: date | None = None) -> classification.Result:
    """Classify against the standard of the day and store the result with the standard's year."""
    on = on or _today()
    result = classification.classify(file_figures(file, on=on, year=on.year))
    file.standard_year = result.standard_year
    file.category = result.category
    file.per_head_monthly = round_fen(result.per_head_monthly) if result.per_head_monthly is not None else None
    file.excluded = bool(result.exclusions)
    file.exclusion_codes = ",".join(result.exclusions)
    return result


def _refresh_household(file: HardshipFile) -> None:
    """Other household income is the members' monthly incomes × 12; then classify again and save."""
    # unscoped: the household of a file the caller holds in scope
    total = HouseholdMember.unscoped.filter(file=file).aggregate(total=Sum("monthly_income"))["total"]
    file.other_annual_income = (total or Decimal("0")) * 12
    _apply_classification(file)
    file.save(update_fields=["other_annual_income", *CLASSIFICATION_FIELDS, "updated_at"])


def file_check_qualifies(*, file: HardshipFile) -> classification.Result:
    """Refuse a step when the household does not qualify (no category, or an exclusion)."""
    file.refresh_from_db()  # the figures as stored now (the step's row is locked), not as the caller read them
    result = _apply_classification(file)
    file.save(update_fields=[*CLASSIFICATION_FIELDS, "updated_at"])
    if result.missing:
        raise ValidationError(result.missing, code="no_standard")
    if result.exclusions:
        raise ValidationError(
            _("The household is excluded: %(reasons)s.") % {"reasons": "; ".join(result.exclusion_labels)},
            code="excluded",
        )
    if result.category not in Category.qualifying:
        raise ValidationError(
            _("By its figures the household is not in hardship (%(per_head)s per head per month).")
            % {"per_head": yuan(result.per_head_monthly or Decimal("0"))},
            code="not_hardship",
        )
    return result


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
        open_q = ~Q(state__in=("exited", "refused"))
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
    if file.state in ("exited", "refused"):
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
    if file.state in ("exited", "refused"):
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
    if file.state in ("exited", "refused"):
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
    if file.state in ("exited", "refused"):
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


# --- Workflow effects ----------------------------------------------------------------------------


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def file_record_visit(*, actor: Actor, file: HardshipFile, data: dict[str, Any]) -> HardshipFile:
    visited_on = data.get("visited_on") or _today()
    if visited_on > _today():
        raise ValidationError({"visited_on": _("The date lies in the future.")})
    file.visited_on = visited_on
    file.visitors = (data.get("visitors") or "").strip()[:100]
    if not file.visitors:
        raise ValidationError({"visitors": _("Name who made the visit.")})
    file.save(update_fields=["visited_on", "visitors", "updated_at"])
    return file


def notice_end(starts_on: date, working_days: int) -> date:
    """The last day of a notice of ``working_days`` working days that starts on ``starts_on``.

    By the rule the file's deadline in notice is counted with (``workflows.notice_period``).
    """
    rule, counted_from = notice_period(starts_on, working_days)
    return rule.end(counted_from)


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def file_publish_notice(*, actor: Actor, file: HardshipFile, data: dict[str, Any]) -> HardshipFile:
    file_check_qualifies(file=file)
    starts_on = data.get("starts_on") or _today()
    if starts_on < _today():
        # A notice started in the past would let a file be approved without being shown at all.
        raise ValidationError({"starts_on": _("A notice cannot start in the past.")})
    days = int(data.get("working_days") or settings.GONGHUI_NOTICE_WORKING_DAYS)
    if days < settings.GONGHUI_NOTICE_WORKING_DAYS:
        raise ValidationError(
            {
                "working_days": _("A notice runs at least %(days)d working days.")
                % {"days": settings.GONGHUI_NOTICE_WORKING_DAYS}
            }
        )
    try:
        ends_on = notice_end(starts_on, days)
    except CalendarYearUnknown as unknown:
        # A notice counted on guessed weeks could end inside a holiday nobody has loaded: refuse
        # plainly rather than publish dates that may be wrong (docs/calendar.md, "Adding a new year").
        raise ValidationError(
            {
                "starts_on": _(
                    "The notice would run into %(year)d, whose statutory holidays are not known yet: "
                    "ask the system administrator to add the %(year)d holiday arrangement, then publish it."
                )
                % {"year": unknown.year}
            }
        ) from unknown
    file.notice_starts = starts_on
    file.notice_ends = ends_on
    file.save(update_fields=["notice_starts", "notice_ends", "updated_at"])
    return file


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def file_approve(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    today = _today()
    if file.notice_ends is None or today <= file.notice_ends:
        raise ValidationError(
            _("The public notice runs until %(day)s: approve after it has ended.")
            % {"day": file.notice_ends.isoformat() if file.notice_ends else "?"},
            code="notice_running",
        )
    file_check_qualifies(file=file)
    file.filed_on = today
    file.save(update_fields=["filed_on", "updated_at"])
    return file


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def file_exit(*, actor: Actor, file: HardshipFile, data: dict[str, Any]) -> HardshipFile:
    reason = data.get("reason") or ""
    if reason not in HardshipFile.ExitReason.values:
        raise ValidationError({"reason": _("Choose why the household left hardship.")})
    exited_on = data.get("exited_on") or _today()
    if exited_on > _today():
        raise ValidationError({"exited_on": _("The date lies in the future.")})
    file.exit_reason = reason
    file.exited_on = exited_on
    file.save(update_fields=["exit_reason", "exited_on", "updated_at"])
    return file


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def file_reopen(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    conflict = _household_conflict(file.worker.id_number_hash or "", exclude_file=file.pk)
    if conflict is not None:
        raise _conflict_error(conflict, "__all__")
    file.exit_reason = ""
    file.exited_on = None
    file.filed_on = None
    file.notice_starts = file.notice_ends = None
    file.year = _today().year
    _apply_classification(file)
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:
        raise ValidationError(_("The applicant already has another open file."), code="household_conflict") from None
    return file


def files_purge(*, today: date | None = None, dry_run: bool = False) -> list[str]:
    """Delete files that left hardship more than ten years ago, with everything personal they hold.

    Grants stay (the money stays in the figures) without the household; timeline entries,
    deadlines, attachments and their stored files go. Returns the purged file numbers.
    """
    today = today or _today()
    cutoff = years_after(today, -RETENTION_YEARS)  # exited before it: kept the full ten years
    with system_scope("purge of files kept ten years after exit"):
        # unscoped: the purge runs over the county (system job)
        due = list(HardshipFile.unscoped.filter(state="exited", exited_on__lt=cutoff).select_related("union"))
        if dry_run or not due:
            return [file.number for file in due]
        documents: list[Any] = []
        with transaction.atomic():
            file_type = ContentType.objects.get_for_model(HardshipFile)
            ids = [file.pk for file in due]
            # unscoped: what the purged files hold, here and below
            for attachment in FileAttachment.unscoped.filter(file_id__in=ids):
                documents.append(attachment.document)
            # unscoped: the purged files' timelines
            for entry in TimelineEntry.unscoped.filter(content_type=file_type, object_id__in=ids).exclude(
                attachment=""
            ):
                documents.append(entry.attachment)
            # unscoped: the purged files' timelines, deadlines and grants (which stay, without the household)
            TimelineEntry.unscoped.filter(content_type=file_type, object_id__in=ids).delete()
            # unscoped: the purged files' deadlines
            Deadline.unscoped.filter(content_type=file_type, object_id__in=ids).delete()
            Grant.unscoped.filter(file_id__in=ids).update(file=None, student=None)  # unscoped: grants keep their money
            for file in due:
                audit_record(
                    Action.DELETE,
                    obj=file,
                    object_repr=file.number,
                    note=f"purged: left hardship on {file.exited_on}, kept 10 years",
                )
            HardshipFile.unscoped.filter(pk__in=ids).delete()  # unscoped: the purged files
        for document in documents:  # after the commit: a rollback keeps the files
            document.storage.delete(document.name)
        return [file.number for file in due]


# --- Minimum living standard and programmes ------------------------------------------------------


@service(perm="assistance.change_povertyline")
def poverty_line_set(
    *, actor: Actor, year: int, monthly_amount: Decimal, division: Any = None, note: str = ""
) -> PovertyLine:
    if monthly_amount <= 0:
        raise ValidationError({"monthly_amount": _("The standard must be more than zero.")})
    line, created = PovertyLine.objects.update_or_create(
        year=year, division=division, defaults={"monthly_amount": monthly_amount, "note": note}
    )
    audit_record(
        Action.CREATE if created else Action.UPDATE,
        obj=line,
        changes={"monthly_amount": [None, str(monthly_amount)]},
    )
    return line


PROGRAM_FIELDS = ("year", "kind", "name", "budget", "default_amount", "starts_on", "ends_on", "description")


@service(perm="assistance.add_program")
def program_create(
    *,
    actor: Actor,
    union: Union,
    sources: Iterable[dict[str, Any]] = (),
    rates: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Program:
    check_scope(actor, union)
    program = Program(union=union, **{k: v for k, v in fields.items() if k in PROGRAM_FIELDS})
    _clean_program(program)
    program.save()
    _set_children(program, sources, rates)
    audit_record(Action.CREATE, obj=program, changes=diff({}, snapshot(program, list(PROGRAM_FIELDS))))
    return program


@service(perm="assistance.change_program")
def program_update(
    *,
    actor: Actor,
    program: Program,
    sources: Iterable[dict[str, Any]] | None = None,
    rates: Iterable[dict[str, Any]] | None = None,
    **fields: Any,
) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    check_scope(actor, program.union)
    before = snapshot(program, list(PROGRAM_FIELDS))
    for name, value in fields.items():
        if name in PROGRAM_FIELDS and name not in ("year", "kind"):
            setattr(program, name, value)
    _clean_program(program)
    program.save()
    if sources is not None or rates is not None:
        _set_children(program, sources, rates)
    audit_record(Action.UPDATE, obj=program, changes=diff(before, snapshot(program, list(PROGRAM_FIELDS))))
    return program


def _clean_program(program: Program) -> None:
    if program.budget < 0 or program.default_amount < 0:
        raise ValidationError(_("Amounts cannot be negative."))
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        raise ValidationError({"ends_on": _("The end lies before the start.")})
    program.full_clean(exclude=["union"])


def _set_children(
    program: Program, sources: Iterable[dict[str, Any]] | None, rates: Iterable[dict[str, Any]] | None
) -> None:
    if sources is not None:
        FundingSource.objects.filter(program=program).delete()
        for row in sources:
            if row.get("amount") is None or not row.get("kind"):
                continue
            FundingSource.objects.create(program=program, union=program.union, **row)
    if rates is not None:
        EducationRate.objects.filter(program=program).delete()
        for row in rates:
            if not row.get("level"):
                continue
            EducationRate.objects.create(program=program, union=program.union, **row)


# --- Grants and their rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a grant may not go ahead. ``blocking`` problems stop the batch; the others are warnings."""

    grant_id: int | None
    file_id: int | None
    message: str
    blocking: bool = True


def _batch_day(batch: Disbursement) -> date:
    return timezone.localdate(batch.created_at) if batch.created_at else _today()


def education_amount(program: Program, *, file: HardshipFile, student: HouseholdMember | None) -> Decimal | None:
    if student is None or not student.schooling:
        return None
    # unscoped: the programme's rates; the programme may be run by a union above the user.
    rate = EducationRate.unscoped.filter(program=program, level=student.schooling).first()
    if rate is None:
        return None
    return rate.filed_amount if file.state == "filed" else rate.unfiled_amount


def grant_problems(
    *,
    file: HardshipFile,
    program: Program,
    student: HouseholdMember | None = None,
    on: date | None = None,
    grant_id: int | None = None,
    batch: Disbursement | None = None,
    others: list[Grant] | None = None,
    consented: bool | None = None,
) -> list[Problem]:
    """Everything that stands against one household receiving one grant of ``program``.

    ``others`` (the household's other grants of the kind and year) and ``consented`` (whether
    the student's guardian consented) may be given by a caller that read them for many grants
    at once; otherwise they are read here.
    """
    on = on or _today()
    problems: list[Problem] = []

    def add(message: str, *, blocking: bool = True) -> None:
        problems.append(Problem(grant_id, file.pk, message, blocking))

    label = f"{file.number} {mask_name(file.worker.name)}"
    allowed = EDUCATION_GRANT_STATES if program.kind == Program.Kind.EDUCATION else GRANT_STATES
    if file.state not in allowed:
        add(
            _("%(file)s: a file that is “%(state)s” cannot receive anything.")
            % {"file": label, "state": file.get_state_display()}
        )
    if file.excluded:
        add(
            _("%(file)s: the household is excluded (%(reasons)s).")
            % {
                "file": label,
                "reasons": "; ".join(str(classification.Exclusion.labels.get(c, c)) for c in file.exclusion_list),
            }
        )
    if program.kind == Program.Kind.EDUCATION:
        if student is None:
            add(_("%(file)s: an education grant names the student.") % {"file": label})
        else:
            if student.file_id != file.pk:
                add(_("%(file)s: the student is not a member of this household.") % {"file": label})
            if not student.schooling:
                add(
                    _("%(file)s: %(student)s is not recorded as in school.")
                    % {"file": label, "student": mask_name(student.name)}
                )
            if consented is None:
                consented = GuardianConsent.objects.filter(member_id=student.pk).exists()
            if student.age_on(on) < CONSENT_AGE and not consented:
                add(
                    _("%(file)s: %(student)s is under 14: record the guardian's consent first.")
                    % {"file": label, "student": mask_name(student.name)}
                )
    # One grant of a kind a year per household, whichever union proposed it.
    if others is None:
        others = earlier_grants(file=file, kind=program.kind, year=program.year, exclude_batch=batch)
    for other in others:
        counted = other.counted
        add(
            _(
                "%(file)s already has a %(programme)s grant for %(year)d: batch %(batch)s (%(state)s) of %(union)s, "
                "%(amount)s."
            )
            % {
                "file": label,
                "programme": Program.Kind(program.kind).label,
                "year": program.year,
                "batch": other.disbursement.number,
                "state": other.disbursement.get_state_display(),
                "union": other.disbursement.union.name,
                "amount": yuan(other.amount),
            },
            blocking=counted,
        )
    return problems


def earlier_grants(*, file: HardshipFile, kind: str, year: int, exclude_batch: Disbursement | None) -> list[Grant]:
    """Grants of the same kind and year to the same household in other live batches, across unions."""
    with system_scope("one grant of a kind a year: checked across the county"):
        grants = (
            # unscoped: one grant of a kind a year, whichever union proposed the other
            Grant.unscoped.filter(file_id=file.pk, kind=kind, year=year)
            .exclude(disbursement__state="cancelled")
            .select_related("disbursement", "disbursement__union")
            .order_by("-counted", "id")
        )
        if exclude_batch is not None:
            grants = grants.exclude(disbursement_id=exclude_batch.pk)
        return list(grants)


@service(perm="assistance.add_disbursement")
def disbursement_create(*, actor: Actor, program: Program, union: Union, title: str = "") -> Disbursement:
    if actor is not None:
        from gonghui.assistance.selectors import get_program_for_user

        program = get_program_for_user(actor, program.pk)  # the county's programmes serve the unions below
    check_scope(actor, union)
    batch = Disbursement(
        program=program,
        union=union,
        title=(title or "").strip() or f"{program.name} {union.name}",
        number=f"tmp-{secrets.token_hex(6)}",
        made_by=actor,
    )
    batch.full_clean(exclude=["number", "state", "made_by"])
    batch.save()
    batch.number = f"FF{program.year}{batch.pk:05d}"
    Disbursement.unscoped.filter(pk=batch.pk).update(number=batch.number)  # unscoped: the batch just saved
    audit_record(Action.CREATE, obj=batch, changes={"program": [None, program.pk], "union": [None, union.pk]})
    workflow_start(actor=actor, obj=batch)
    return batch


def _editable_batch(actor: Actor, batch: Disbursement) -> Disbursement:
    batch = Disbursement.objects.select_for_update().select_related("program", "union").get(pk=batch.pk)
    check_scope(actor, batch.union)
    if batch.state != "draft":
        raise ValidationError(_("Only a batch being made can change: return it to the maker first."), code="state")
    return batch


@service(perm="assistance.change_disbursement")
def grant_add(
    *,
    actor: Actor,
    batch: Disbursement,
    file: HardshipFile,
    amount: Decimal | None = None,
    student: HouseholdMember | None = None,
    goods: str = "",
) -> Grant:
    """Add one household to a batch being made; blocking problems refuse it at once."""
    batch = _editable_batch(actor, batch)
    file = HardshipFile.objects.select_related("worker", "union").get(pk=file.pk)
    if not file.union.path.startswith(batch.union.path):
        raise ValidationError(
            {"file": _("The household is not kept by a union under %(union)s.") % {"union": batch.union.name}}
        )
    if Grant.unscoped.filter(disbursement=batch, file=file).exists():  # unscoped: the batch's grants, all unions
        raise ValidationError({"file": _("The household is already in this batch.")})
    program = batch.program
    if student is not None:
        student = HouseholdMember.objects.get(pk=student.pk)
    blocking = [
        p.message
        for p in grant_problems(file=file, program=program, student=student, on=_batch_day(batch), batch=batch)
        if p.blocking
    ]
    if blocking:
        raise ValidationError({"file": blocking})
    if amount is None:
        amount = (
            education_amount(program, file=file, student=student)
            if program.kind == Program.Kind.EDUCATION
            else program.default_amount
        )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Give an amount of more than zero.")})
    grant = Grant.objects.create(
        disbursement=batch,
        union=file.union,
        file=file,
        kind=program.kind,
        year=program.year,
        amount=amount,
        student=student,
        goods=goods.strip(),
    )
    audit_record(
        Action.CREATE,
        obj=grant,
        changes={"file": [None, file.number], "amount": [None, str(amount)]},
    )
    return grant


@service(perm="assistance.change_disbursement")
def grants_add_eligible(*, actor: Actor, batch: Disbursement, categories: Iterable[str] = (Category.DEEP,)) -> int:
    """Add every filed household under the batch's union in ``categories`` that may receive this grant."""
    added = 0
    batch = _editable_batch(actor, batch)
    program = batch.program
    if program.kind == Program.Kind.EDUCATION:
        raise ValidationError(_("Education grants name a student: add them one by one."))
    if program.default_amount <= 0:
        raise ValidationError(_("Set the programme's default amount first."))
    # unscoped: the batch's grants, whichever union keeps their households
    in_batch = set(Grant.unscoped.filter(disbursement=batch).values_list("file_id", flat=True))
    with system_scope("one grant of a kind a year: checked across the county"):
        granted = set(
            # unscoped: one grant of a kind a year, whichever union proposed the other
            Grant.unscoped.filter(kind=program.kind, year=program.year)
            .exclude(disbursement__state="cancelled")
            .values_list("file_id", flat=True)
        )
    candidates = (
        HardshipFile.objects.filter(subtree_q("union__path", batch.union.path))
        .filter(state="filed", excluded=False, category__in=list(categories))
        .exclude(pk__in=in_batch | granted)
        .order_by("id")
    )
    rows = [
        Grant(
            disbursement=batch,
            union_id=union_id,
            file_id=file_id,
            kind=program.kind,
            year=program.year,
            amount=program.default_amount,
        )
        for file_id, union_id in candidates.values_list("id", "union_id")
    ]
    Grant.objects.bulk_create(rows, batch_size=500)
    added = len(rows)
    if added:
        audit_record(Action.UPDATE, obj=batch, note=f"{added} households added ({','.join(categories)})")
    return added


@service(perm="assistance.change_disbursement")
def grant_remove(*, actor: Actor, grant: Grant) -> None:
    grant = Grant.objects.select_related("disbursement").get(pk=grant.pk)
    _editable_batch(actor, grant.disbursement)  # locked; refused unless the batch is being made
    audit_record(
        Action.DELETE,
        obj=grant,
        changes={"file": [grant.file_id, None], "amount": [str(grant.amount), None]},
    )
    grant.delete()


# The encrypted columns a batch's pages and checks never show.
SECRETS_OF_GRANT = (
    "file__bank_account",
    "file__worker__id_number",
    "file__worker__phone",
    "student__id_number",
)


def disbursement_problems(batch: Disbursement) -> list[Problem]:
    """Every problem of every grant in the batch, checked against every other grant of the county.

    Three queries whatever the batch's size: its grants with their households, the other grants
    of the same kind and year to those households, and the guardians' consents of its students.
    """
    problems: list[Problem] = []
    program = batch.program
    on = _batch_day(batch)
    with system_scope("batch checks read the files behind the grants"):
        grants = list(
            # unscoped: every grant of the batch, whichever union keeps the household
            Grant.unscoped.filter(disbursement=batch)
            .select_related("file", "file__worker", "student")
            .defer(*SECRETS_OF_GRANT)  # not needed for the checks: no decryption per row
            .order_by("id")
        )
        file_ids = {grant.file_id for grant in grants if grant.file_id is not None}
        others: dict[int, list[Grant]] = defaultdict(list)
        for other in (
            # unscoped: one grant of a kind a year, whichever union proposed the other
            Grant.unscoped.filter(file_id__in=file_ids, kind=program.kind, year=program.year)
            .exclude(disbursement=batch)
            .exclude(disbursement__state="cancelled")
            .select_related("disbursement", "disbursement__union")
            .order_by("-counted", "id")
        ):
            others[other.file_id].append(other)  # type: ignore[index]
        students = {grant.student_id for grant in grants if grant.student_id is not None}
        consented = set(GuardianConsent.objects.filter(member_id__in=students).values_list("member_id", flat=True))
        files_seen: set[int | None] = set()
        for grant in grants:
            if grant.file is None:
                problems.append(Problem(grant.pk, None, _("A grant without a household (purged file)."), True))
                continue
            if grant.file_id in files_seen:
                problems.append(Problem(grant.pk, grant.file_id, _("The household appears twice in the batch."), True))
            files_seen.add(grant.file_id)
            problems.extend(
                grant_problems(
                    file=grant.file,
                    program=program,
                    student=grant.student,
                    on=on,
                    grant_id=grant.pk,
                    batch=batch,
                    others=others.get(grant.file_id, []),  # type: ignore[arg-type]
                    consented=grant.student_id in consented,
                )
            )
            if grant.amount <= 0:
                problems.append(Problem(grant.pk, grant.file_id, _("An amount must be more than zero."), True))
    return problems


def _refuse_blocking(batch: Disbursement) -> None:
    problems = disbursement_problems(batch)
    blocking = [p.message for p in problems if p.blocking]
    if blocking:
        raise ValidationError(blocking, code="grant_problems")


def budget_used(program: Program, *, exclude_batch: Disbursement | None = None) -> Decimal:
    with system_scope("a programme's budget counts every union's approved grants"):
        # unscoped: the budget is spent by every union's approved grants
        grants = Grant.unscoped.filter(disbursement__program=program, counted=True)
        if exclude_batch is not None:
            grants = grants.exclude(disbursement=exclude_batch)
        return grants.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def disbursement_validate_for_step(*, batch: Disbursement) -> None:
    if not Grant.unscoped.filter(disbursement=batch).exists():  # unscoped: the batch's own grants
        raise ValidationError(_("The batch has no grants."), code="empty")
    _refuse_blocking(batch)


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def disbursement_record_checker(*, actor: Actor, batch: Disbursement) -> None:
    disbursement_validate_for_step(batch=batch)
    batch.checked_by = actor
    batch.save(update_fields=["checked_by", "updated_at"])


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def disbursement_approve(*, actor: Actor, batch: Disbursement) -> None:
    """Count the batch's grants: refused if any household already has (or is getting) the same grant."""
    disbursement_validate_for_step(batch=batch)
    # Pending grants of other batches (not approved yet) do not count; approved ones do, and the
    # partial unique index settles two approvals racing each other.
    program = batch.program
    # unscoped: the batch's own grants, whichever union keeps the households
    total = Grant.unscoped.filter(disbursement=batch).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    used = budget_used(program, exclude_batch=batch)
    if program.budget and used + total > program.budget:
        raise ValidationError(
            _(
                "The batch (%(total)s) would take the programme over its budget: "
                "%(used)s of %(budget)s already approved."
            )
            % {
                "total": yuan(total),
                "used": yuan(used),
                "budget": yuan(program.budget),
            },
            code="budget",
        )
    try:
        with transaction.atomic():
            Grant.unscoped.filter(disbursement=batch).update(counted=True)  # unscoped: the batch's own grants
    except IntegrityError:
        _refuse_blocking(batch)
        raise ValidationError(
            _("Another batch was approved meanwhile with the same households."), code="race"
        ) from None
    batch.approved_by = actor
    batch.save(update_fields=["approved_by", "updated_at"])


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def disbursement_pay(*, actor: Actor, batch: Disbursement, data: dict[str, Any]) -> None:
    paid_on = data.get("paid_on") or _today()
    if paid_on > _today():
        raise ValidationError({"paid_on": _("The date lies in the future.")})
    batch.paid_on = paid_on
    batch.save(update_fields=["paid_on", "updated_at"])


@service(perm=None)  # a record of what the actor saw: the page checked the permission to see it
def disbursement_viewed_export(*, actor: Actor, batch: Disbursement, what: str) -> None:
    """Record that a batch's personal data left the system (signature sheet, bank file)."""
    audit_record(Action.EXPORT, obj=batch, note=what)


# --- 一帮一 pairings -------------------------------------------------------------------------------


@service(perm="assistance.add_pairing")
def pairing_create(
    *,
    actor: Actor,
    file: HardshipFile,
    cadre_name: str,
    cadre_position: str = "",
    starts_on: date,
    cadre_user: Any = None,
) -> Pairing:
    file = HardshipFile.objects.get(pk=file.pk)
    check_scope(actor, file.union)
    if file.state != "filed":
        raise ValidationError(_("Only a filed household is paired with a cadre."))
    if not cadre_name.strip():
        raise ValidationError({"cadre_name": _("Name the cadre.")})
    if Pairing.objects.filter(file=file, ends_on__isnull=True).exists():
        raise ValidationError(_("The household already has a cadre: end that pairing first."))
    pairing = Pairing.objects.create(
        file=file,
        union=file.union,
        cadre_name=cadre_name.strip(),
        cadre_position=cadre_position.strip(),
        cadre_user=cadre_user,
        starts_on=starts_on,
    )
    audit_record(Action.CREATE, obj=pairing, changes={"cadre_name": [None, pairing.cadre_name]})
    return pairing


@service(perm="assistance.change_pairing")
def pairing_end(*, actor: Actor, pairing: Pairing, ends_on: date) -> Pairing:
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    check_scope(actor, pairing.union)
    if ends_on < pairing.starts_on:
        raise ValidationError({"ends_on": _("The end lies before the start.")})
    pairing.ends_on = ends_on
    pairing.save(update_fields=["ends_on"])
    audit_record(Action.UPDATE, obj=pairing, changes={"ends_on": [None, ends_on.isoformat()]})
    return pairing


@service(perm="assistance.add_pairingvisit")
def pairing_visit_add(
    *, actor: Actor, pairing: Pairing, visited_on: date, kind: str, help_given: str = "", note: str = ""
) -> PairingVisit:
    pairing = Pairing.objects.get(pk=pairing.pk)
    check_scope(actor, pairing.union)
    if visited_on > _today():
        raise ValidationError({"visited_on": _("The date lies in the future.")})
    if visited_on < pairing.starts_on:
        raise ValidationError({"visited_on": _("The visit lies before the pairing began.")})
    visit = PairingVisit(
        pairing=pairing,
        union=pairing.union,
        visited_on=visited_on,
        kind=kind,
        help_given=help_given.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    visit.full_clean(exclude=["pairing", "union", "recorded_by"])
    visit.save()
    audit_record(Action.CREATE, obj=visit)
    return visit


# --- Annual review (动态管理) ------------------------------------------------------------------------


@service(perm="assistance.add_reviewround")
def review_round_open(
    *, actor: Actor, union: Union, year: int, share: Decimal = SPOT_CHECK_SHARE, seed: int | None = None
) -> ReviewRound:
    """Put every filed household under ``union`` up for review; spot-check ``share`` (≥ 30 %) of each township's."""
    if share < SPOT_CHECK_SHARE or share > 1:
        raise ValidationError({"spot_check_share": _("Spot-check at least %(share)d%% of the files.") % {"share": 30}})
    check_scope(actor, union)
    if ReviewRound.objects.filter(union=union, year=year).exists():
        raise ValidationError({"year": _("The review of this year is already open.")})
    review = ReviewRound.objects.create(union=union, year=year, spot_check_share=share, opened_by=actor)
    files = list(
        HardshipFile.objects.filter(subtree_q("union__path", union.path), state="filed")
        .values_list("id", "union_id", "union__path")
        .order_by("id")
    )
    strata: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for file_id, union_id, path in files:
        strata[paths.township_path(path)].append((file_id, union_id))  # by township
    chooser = random.Random(seed if seed is not None else secrets.randbits(64))
    rows: list[FileReview] = []
    for members in strata.values():
        picked = set(chooser.sample(range(len(members)), math.ceil(len(members) * share)))
        rows.extend(
            FileReview(round=review, file_id=file_id, union_id=union_id, spot_check=index in picked)
            for index, (file_id, union_id) in enumerate(members)
        )
    FileReview.objects.bulk_create(rows, batch_size=500)
    audit_record(
        Action.CREATE,
        obj=review,
        note=f"{len(rows)} files, {sum(r.spot_check for r in rows)} spot checks",
    )
    return review


@service(perm="assistance.change_filereview")
def file_review_record(
    *,
    actor: Actor,
    review: FileReview,
    outcome: str,
    note: str = "",
    visited_on: date | None = None,
    exit_reason: str = "",
) -> FileReview:
    """Record one file's review: still in hardship (classified again) or left it (the file exits)."""
    review = FileReview.objects.select_for_update().select_related("round", "file", "file__worker").get(pk=review.pk)
    check_scope(actor, review.union)
    if review.outcome:
        raise ValidationError(_("This file has been reviewed already."))
    if review.spot_check and visited_on is None:
        raise ValidationError({"visited_on": _("A spot check is a home visit: give its date.")})
    if visited_on is not None and visited_on > _today():
        raise ValidationError({"visited_on": _("The date lies in the future.")})
    file = review.file
    if outcome == FileReview.Outcome.CONTINUE:
        if file.state != "filed":
            raise ValidationError(_("The file is no longer filed."))
        result = _apply_classification(file)
        if not result.qualifies:
            raise ValidationError(_("By its figures the household no longer qualifies: record that it left hardship."))
        file.last_reviewed = review.round.year
        file.save(update_fields=[*CLASSIFICATION_FIELDS, "last_reviewed", "updated_at"])
    elif outcome == FileReview.Outcome.EXIT:
        transition_perform(
            actor=actor,
            obj=file,
            name="exit",
            note=note,
            data={"reason": exit_reason, "exited_on": visited_on or _today()},
        )
        # unscoped: the file of a review in scope
        HardshipFile.unscoped.filter(pk=file.pk).update(last_reviewed=review.round.year)
    else:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    review.outcome = outcome
    review.category = file.category
    review.note = note.strip()
    review.visited_on = visited_on
    review.reviewed_by = actor
    review.reviewed_at = timezone.now()
    review.save()
    audit_record(Action.UPDATE, obj=review, changes={"outcome": ["", outcome]})
    return review
