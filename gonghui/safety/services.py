"""Workplace safety's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

The hazard's steps (notice, report, re-inspection, reopening) are the workflow's effects
(``workflows.HazardFlow``): the transition checks the role and writes the timeline; the effect
writes the hazard's own columns and refuses (``ValidationError`` by field) what does not hold.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.calendar.statutory import CalendarYearUnknown
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import validate_attachment, workflow_start
from gonghui.members import selectors as members
from gonghui.members.models import Worker
from gonghui.organisations import selectors as organisations
from gonghui.organisations.models import Employer
from gonghui.safety import rules
from gonghui.safety.models import Hazard, HazardPhoto, Inspector, MajorHazardReport, SafetyActivity

Action = AuditEvent.Action
HAZARD_FIELDS = ["category", "level", "location", "description", "responsible_person"]
AUDITED_HAZARD = [
    "employer",
    "found_on",
    "inspector",
    "source",
    *HAZARD_FIELDS,
    "notice_issued_on",
    "measures",
    "rectification_days",
    "due_on",
    "rectified_on",
    "rectification_report",
    "rechecked_on",
    "closed_on",
    "reopened",
]
AUDITED_INSPECTOR = ["worker", "appointed_on", "ended_on", "certificate"]
AUDITED_ACTIVITY = ["employer", "kind", "held_on", "participants", "note"]
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date | None, field: str) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: _("The date lies in the future.")})


def _employer_in_scope(actor: Actor, employer: Employer) -> None:
    # Read in the actor's scope (or the command line's): an employer outside it is not there (404).
    organisations.employer_union_id(employer.pk)


# --- Inspectors -------------------------------------------------------------------------------------


@service(perm="safety.add_inspector")
def inspector_appoint(
    *, actor: Actor, union: Union, worker: Worker, appointed_on: date, certificate: str = ""
) -> Inspector:
    """Appoint ``worker`` (of the registry, seen by the actor) a safety inspector of ``union``."""
    check_scope(actor, union)
    if actor is not None:
        members.get_worker_for_user(actor, worker.pk)  # 404 for a worker the actor may not see
    _not_future(appointed_on, "appointed_on")
    inspector = Inspector(union=union, worker=worker, appointed_on=appointed_on, certificate=certificate.strip())
    inspector.full_clean(exclude=["union", "worker"])
    if Inspector.objects.filter(union=union, worker=worker, ended_on__isnull=True).exists():
        raise ValidationError({"worker": _("This worker is already a safety inspector of this union.")})
    try:
        inspector.save()
    except IntegrityError:
        raise ValidationError({"worker": _("This worker is already a safety inspector of this union.")}) from None
    audit_record(Action.CREATE, obj=inspector, changes=diff({}, snapshot(inspector, AUDITED_INSPECTOR)))
    return inspector


@service(perm="safety.change_inspector")
def inspector_end(*, actor: Actor, inspector: Inspector, ended_on: date) -> Inspector:
    """End an inspector's appointment on ``ended_on`` (not before it began)."""
    check_scope(actor, inspector.union)
    if inspector.ended_on is not None:
        raise ValidationError(_("This appointment has already ended."))
    _not_future(ended_on, "ended_on")
    if ended_on < inspector.appointed_on:
        raise ValidationError({"ended_on": _("An appointment cannot end before it began.")})
    before = snapshot(inspector, AUDITED_INSPECTOR)
    inspector.ended_on = ended_on
    inspector.save(update_fields=["ended_on", "updated_at"])
    audit_record(Action.UPDATE, obj=inspector, changes=diff(before, snapshot(inspector, AUDITED_INSPECTOR)))
    return inspector


# --- Hazards --------------------------------------------------------------------------------------


def _report_major(hazard: Hazard) -> list[MajorHazardReport]:
    """Report a major hazard to every union above the one it was found under, at once (idempotent)."""
    paths = rules.report_paths(hazard.union.path)
    if not paths:
        return []
    with system_scope("a major hazard is reported to every union above the one it was found under"):
        unions = list(Union.unscoped.filter(path__in=paths).order_by("-path"))  # unscoped: the unions above
        known = set(
            # unscoped: the reports already made to unions above the actor's
            MajorHazardReport.unscoped.filter(hazard=hazard).values_list("union_id", flat=True)
        )
        reports = [
            MajorHazardReport(union=union, hazard=hazard, reported_on=_today())
            for union in unions
            if union.pk not in known
        ]
        MajorHazardReport.unscoped.bulk_create(reports)  # unscoped: rows of the unions above
    if reports:
        audit_record(
            Action.UPDATE,
            obj=hazard,
            note=_("Major hazard reported to %(unions)s.") % {"unions": "、".join(r.union.name for r in reports)},
        )
    return reports


@service(perm="safety.add_hazard")
def hazard_record(
    *,
    actor: Actor,
    employer: Employer,
    found_on: date,
    category: str,
    level: str,
    description: str,
    responsible_person: str,
    location: str = "",
    inspector: Inspector | None = None,
    source: str = Hazard.Source.INSPECTION,
) -> Hazard:
    """Record a hazard found at ``employer``; a major one is reported up the tree at once.

    The hazard belongs to the union that keeps the employer (its subtree follows it up).
    """
    _employer_in_scope(actor, employer)
    check_scope(actor, employer.union)
    _not_future(found_on, "found_on")
    if inspector is not None:
        check_scope(actor, inspector.union)
        if inspector.ended_on is not None and inspector.ended_on < found_on:
            raise ValidationError({"inspector": _("This inspector's appointment had ended by then.")})
    hazard = Hazard(
        union=employer.union,
        employer=employer,
        found_on=found_on,
        category=category,
        level=level,
        description=description.strip(),
        responsible_person=responsible_person.strip(),
        location=location.strip(),
        inspector=inspector,
        source=source,
    )
    hazard.full_clean(exclude=["union", "employer", "inspector"])
    hazard.save()
    audit_record(Action.CREATE, obj=hazard, changes=diff({}, snapshot(hazard, AUDITED_HAZARD)))
    workflow_start(actor=actor, obj=hazard)
    if hazard.is_major:
        _report_major(hazard)
    return hazard


@service(perm="safety.change_hazard")
def hazard_update(*, actor: Actor, hazard: Hazard, **fields: Any) -> Hazard:
    """Change what was found (category, level, where, description, responsible person).

    A hazard raised to major is reported up the tree at once; lowering it keeps the reports made.
    """
    unknown = set(fields) - set(HAZARD_FIELDS)
    if unknown:
        raise TypeError(f"hazard_update() cannot set {sorted(unknown)}")
    check_scope(actor, hazard.union)
    before = snapshot(hazard, AUDITED_HAZARD)
    for name, value in fields.items():
        setattr(hazard, name, value.strip() if isinstance(value, str) and name != "level" else value)
    hazard.full_clean(exclude=["union", "employer", "inspector"])
    hazard.save()
    audit_record(Action.UPDATE, obj=hazard, changes=diff(before, snapshot(hazard, AUDITED_HAZARD)))
    if hazard.is_major and before.get("level") != Hazard.Level.MAJOR:
        _report_major(hazard)
    return hazard


@service(perm="safety.add_hazardphoto")
def hazard_photo_add(*, actor: Actor, hazard: Hazard, upload: UploadedFile) -> HazardPhoto:
    """Keep a photo (JPEG or PNG) of the hazard in the core's attachment storage."""
    check_scope(actor, hazard.union)
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in PHOTO_SUFFIXES:
        raise ValidationError({"image": _("Attach a photo (JPEG or PNG).")})
    try:
        validate_attachment(upload)
    except ValidationError as error:
        raise ValidationError({"image": error.message_dict.get("attachment", error.messages)}) from None
    photo = HazardPhoto(union=hazard.union, hazard=hazard, name=PurePath(upload.name or "photo").name[:200])
    photo.uploaded_by = actor
    photo.image.save(upload.name or "photo", upload, save=False)
    try:
        photo.save()
        audit_record(Action.CREATE, obj=photo, note=photo.name)
    except BaseException:
        photo.image.delete(save=False)
        raise
    return photo


def _period(data: dict[str, Any], field: str = "rectification_days") -> int:
    days = data.get(field)
    if not days or not 1 <= int(days) <= rules.MAX_RECTIFICATION_DAYS:
        raise ValidationError({field: _("Give a period of 1 to %(max)d days.") % {"max": rules.MAX_RECTIFICATION_DAYS}})
    return int(days)


def _set_notice(hazard: Hazard, issued_on: date, days: int, field: str) -> None:
    try:
        due = rules.rectification_due(issued_on, days)
    except CalendarYearUnknown as unknown:  # pragma: no cover - provisional dates are computed instead
        raise ValidationError({field: str(unknown)}) from unknown
    hazard.notice_issued_on = issued_on
    hazard.rectification_days = days
    hazard.due_on = due


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def hazard_notice_issue(*, actor: Actor, hazard: Hazard, data: dict[str, Any]) -> Hazard:
    """Issue the rectification notice: the measures, the responsible person, the period and its due day."""
    before = snapshot(hazard, AUDITED_HAZARD)
    issued_on = data.get("issued_on") or _today()
    _not_future(issued_on, "issued_on")
    if issued_on < hazard.found_on:
        raise ValidationError({"issued_on": _("The notice cannot be issued before the hazard was found.")})
    measures = (data.get("measures") or "").strip()
    if not measures:
        raise ValidationError({"measures": _("Say what the employer must do.")})
    hazard.measures = measures
    if data.get("responsible_person"):
        hazard.responsible_person = data["responsible_person"].strip()
    _set_notice(hazard, issued_on, _period(data), "rectification_days")
    hazard.save()
    audit_record(Action.UPDATE, obj=hazard, changes=diff(before, snapshot(hazard, AUDITED_HAZARD)))
    return hazard


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def hazard_rectification_report(*, actor: Actor, hazard: Hazard, data: dict[str, Any]) -> Hazard:
    """Record the employer's report that the hazard is fixed (the day it says, and what was done)."""
    before = snapshot(hazard, AUDITED_HAZARD)
    rectified_on = data.get("rectified_on") or _today()
    _not_future(rectified_on, "rectified_on")
    if hazard.notice_issued_on and rectified_on < hazard.notice_issued_on:
        raise ValidationError({"rectified_on": _("The report cannot be older than the notice.")})
    report = (data.get("rectification_report") or "").strip()
    if not report:
        raise ValidationError({"rectification_report": _("Say what the employer did.")})
    hazard.rectified_on = rectified_on
    hazard.rectification_report = report
    hazard.save()
    audit_record(Action.UPDATE, obj=hazard, changes=diff(before, snapshot(hazard, AUDITED_HAZARD)))
    return hazard


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def hazard_recheck_pass(*, actor: Actor, hazard: Hazard, data: dict[str, Any]) -> Hazard:
    """Record the re-inspection that found the hazard fixed: it is closed."""
    return _recheck_record(hazard, data, passed=True)


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def hazard_recheck_fail(*, actor: Actor, hazard: Hazard, data: dict[str, Any]) -> Hazard:
    """Record the re-inspection that found the hazard not fixed: a new period from the re-inspection."""
    return _recheck_record(hazard, data, passed=False)


def _recheck_record(hazard: Hazard, data: dict[str, Any], *, passed: bool) -> Hazard:
    """Record the re-inspection: fixed (the hazard is closed) or not (a new period from the re-inspection)."""
    before = snapshot(hazard, AUDITED_HAZARD)
    rechecked_on = data.get("rechecked_on") or _today()
    _not_future(rechecked_on, "rechecked_on")
    if hazard.rectified_on and rechecked_on < hazard.rectified_on:
        raise ValidationError({"rechecked_on": _("The re-inspection cannot come before the employer's report.")})
    hazard.rechecked_on = rechecked_on
    if passed:
        hazard.closed_on = rechecked_on
    else:
        _set_notice(hazard, rechecked_on, _period(data), "rectification_days")
        hazard.rectified_on = None
        hazard.reopened += 1
    hazard.save()
    audit_record(Action.UPDATE, obj=hazard, changes=diff(before, snapshot(hazard, AUDITED_HAZARD)))
    return hazard


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def hazard_reopen(*, actor: Actor, hazard: Hazard, data: dict[str, Any]) -> Hazard:
    """Reopen a closed hazard (it came back): a new rectification period from today."""
    before = snapshot(hazard, AUDITED_HAZARD)
    _set_notice(hazard, _today(), _period(data), "rectification_days")
    hazard.closed_on = None
    hazard.rectified_on = None
    hazard.reopened += 1
    hazard.save()
    audit_record(Action.UPDATE, obj=hazard, changes=diff(before, snapshot(hazard, AUDITED_HAZARD)))
    return hazard


@service(perm="safety.view_hazard")
def major_report_acknowledge(*, actor: Actor, report: MajorHazardReport) -> MajorHazardReport:
    """The union a major hazard was reported to says it has taken note (its reminder ends)."""
    check_scope(actor, report.union)
    if report.acknowledged_at is not None:
        return report
    report.acknowledged_at = timezone.now()
    report.acknowledged_by = actor
    report.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    audit_record(
        Action.UPDATE,
        obj=report,
        changes={"acknowledged_at": [None, f"{timezone.localtime(report.acknowledged_at):%Y-%m-%d %H:%M}"]},
    )
    return report


# --- Safety activities ----------------------------------------------------------------------------


@service(perm="safety.add_safetyactivity")
def activity_record(
    *, actor: Actor, employer: Employer, kind: str, held_on: date, participants: int = 0, note: str = ""
) -> SafetyActivity:
    """Record a safety activity at ``employer`` (安康杯 participation, an inspection done …)."""
    _employer_in_scope(actor, employer)
    check_scope(actor, employer.union)
    _not_future(held_on, "held_on")
    activity = SafetyActivity(
        union=employer.union,
        employer=employer,
        kind=kind,
        held_on=held_on,
        participants=participants or 0,
        note=note.strip(),
    )
    activity.full_clean(exclude=["union", "employer"])
    activity.save()
    audit_record(Action.CREATE, obj=activity, changes=diff({}, snapshot(activity, AUDITED_ACTIVITY)))
    return activity
