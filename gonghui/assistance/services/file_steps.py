"""The hardship file workflow's effects: the home visit, the public notice, approval, exit, reopening.

Each runs inside the transition's transaction (the workflow names it by dotted path).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.assistance.models import HardshipFile
from gonghui.assistance.services.classify import _apply_classification, file_check_qualifies
from gonghui.assistance.services.common import _today
from gonghui.assistance.services.files import _conflict_error, _household_conflict
from gonghui.assistance.workflows import notice_period
from gonghui.core.calendar.statutory import CalendarYearUnknown
from gonghui.core.services import Actor, service

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
