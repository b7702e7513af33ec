"""Retention: files that left hardship more than ten years ago are purged."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from gonghui.assistance.models import RETENTION_YEARS, FileAttachment, Grant, HardshipFile, years_after
from gonghui.assistance.services.common import _today
from gonghui.assistance.workflows import FileState
from gonghui.core.audit.services import Action, audit_record
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry


def files_purge(*, today: date | None = None, dry_run: bool = False) -> list[str]:
    """Delete files that left hardship more than ten years ago, with everything personal they hold.

    Grants stay (the money stays in the figures) without the household; timeline entries,
    deadlines, attachments and their stored files go. Returns the purged file numbers.
    """
    today = today or _today()
    cutoff = years_after(today, -RETENTION_YEARS)  # exited before it: kept the full ten years
    with system_scope("purge of files kept ten years after exit"):
        # unscoped: the purge runs over the county (system job)
        due = list(HardshipFile.unscoped.filter(state=FileState.EXITED, exited_on__lt=cutoff).select_related("union"))
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
