"""Imports and exports as services: the pages, the background jobs and the command line call these."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.privacy.display import UNMASK_PERMISSIONS, unmask_permission
from gonghui.core.privacy.masking import mask
from gonghui.core.services import require
from gonghui.core.sheets import engine, workbooks
from gonghui.core.sheets.engine import ImportReport
from gonghui.core.sheets.models import SheetImport
from gonghui.core.sheets.specs import ExportParams, SheetSpec
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope


def sheets_dir() -> Path:
    path = Path(settings.SHEETS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def actor_context(actor: Any) -> contextlib.AbstractContextManager[Any]:
    """Act as ``actor``, or as the operator (everything) when ``actor`` is None."""
    return acting_as(actor) if actor is not None else system_scope("operator command line")


def import_root(*, actor: Any, union: Union | None = None) -> Union:
    """The union an import works under: ``union`` if given (and within the actor's scope), else the actor's."""
    if union is None:
        if actor is not None:
            return actor.union
        with system_scope("the operator imports under the root of the tree"):
            return Union.unscoped.get(depth=1)
    if actor is not None:
        with acting_as(actor):
            if not Union.objects.filter(pk=union.pk).exists():
                raise PermissionDenied(_("That union is outside your part of the tree."))
    return union


def sheet_import_run(
    *,
    actor: Any,
    spec: SheetSpec,
    path: Path,
    filename: str,
    root: Union,
    write: bool,
    progress: engine.Progress | None = None,
    job_id: str = "",
    plan_path: Path | None = None,
    checked: ImportReport | None = None,
) -> ImportReport:
    """Check (``write=False``) or check and write a file, as ``actor`` (None: the operator).

    A check given ``plan_path`` keeps its plan there; a write given the check's report and the
    plan writes it when nothing it depends on has changed (check once, ``plans.py``).
    """
    require(actor, spec.import_permission)
    with actor_context(actor):
        if write:
            return engine.write_file(
                spec,
                path,
                filename,
                actor=actor,
                root=root,
                progress=progress,
                job_id=job_id,
                checked=checked,
                plan_path=plan_path,
            )
        return engine.validate_file(
            spec, path, filename, actor=actor, root=root, progress=progress, job_id=job_id, plan_path=plan_path
        )


@transaction.atomic
def sheet_import_create(*, actor: Any, spec: SheetSpec, upload: UploadedFile) -> SheetImport:
    """Keep an uploaded file for checking; the caller starts the check job."""
    require(actor, spec.import_permission)
    sheet_imports_prune()  # opportunistic: uploads are rare enough that this costs nothing
    stored = f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()[:10]}"
    with (sheets_dir() / stored).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return SheetImport.unscoped.create(
        kind=spec.kind,
        union=actor.union,
        owner=actor,
        filename=Path(upload.name or "upload").name[:255],
        stored_name=stored,
    )


def sheet_import_check(
    *, sheet_import: SheetImport, spec: SheetSpec, actor: Any, progress: engine.Progress | None = None
) -> ImportReport:
    """Check the stored file and keep the report (and the error workbook if there are errors)."""
    report = sheet_import_run(
        actor=actor,
        spec=spec,
        path=sheet_import.stored_path,
        filename=sheet_import.filename,
        root=sheet_import.union,
        write=False,
        progress=progress,
        job_id=str(sheet_import.check_job_id or ""),
        plan_path=sheet_import.plan_path,
    )
    error_name = ""
    if report.error_count and not report.refused:
        error_name = f"{sheet_import.pk.hex}-errors.xlsx"
        workbooks.write_error_workbook(spec, report, sheet_import.stored_path, sheets_dir() / error_name)
    status = SheetImport.Status.CHECKED if not report.refused else SheetImport.Status.FAILED
    SheetImport.unscoped.filter(pk=sheet_import.pk).update(
        report=report.as_dict(), error_name=error_name, status=status, updated_at=timezone.now()
    )
    if report.refused:
        sheet_import.stored_path.unlink(missing_ok=True)
    return report


def sheet_import_write(
    *, sheet_import: SheetImport, spec: SheetSpec, actor: Any, progress: engine.Progress | None = None
) -> ImportReport:
    """Write a checked file, all or nothing; the stored file is removed when it was written."""
    if sheet_import.status not in {SheetImport.Status.CHECKED, SheetImport.Status.WRITING}:
        raise PermissionDenied(_("This file has already been imported or refused."))
    report = sheet_import_run(
        actor=actor,
        spec=spec,
        path=sheet_import.stored_path,
        filename=sheet_import.filename,
        root=sheet_import.union,
        write=True,
        progress=progress,
        job_id=str(sheet_import.write_job_id or ""),
        checked=ImportReport.from_dict(sheet_import.report) if sheet_import.report else None,
        plan_path=sheet_import.plan_path,
    )
    # Written or not, the plan is spent: a write that failed checked the rows again.
    sheet_import.plan_path.unlink(missing_ok=True)
    status = SheetImport.Status.DONE if report.written else SheetImport.Status.CHECKED
    error_name = sheet_import.error_name
    if not report.written and report.error_count:
        error_name = f"{sheet_import.pk.hex}-errors.xlsx"
        workbooks.write_error_workbook(spec, report, sheet_import.stored_path, sheets_dir() / error_name)
    SheetImport.unscoped.filter(pk=sheet_import.pk).update(
        report=report.as_dict(), status=status, error_name=error_name, updated_at=timezone.now()
    )
    if report.written:
        sheet_import.stored_path.unlink(missing_ok=True)
    return report


def sheet_imports_prune(*, now: Any = None) -> int:
    """Remove the kept files of imports older than ``SHEETS_KEEP_DAYS`` (no personal data lingers on disk)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SHEETS_KEEP_DAYS)
    old = SheetImport.unscoped.filter(created_at__lt=cutoff).exclude(stored_name="", error_name="")
    count = 0
    for sheet_import in old.iterator():
        sheet_import_discard(sheet_import=sheet_import)
        SheetImport.unscoped.filter(pk=sheet_import.pk).update(stored_name="", error_name="")
        count += 1
    return count


def sheet_import_discard(*, sheet_import: SheetImport) -> None:
    """Remove the files an import keeps (security: no personal data lingers on disk)."""
    for name in (sheet_import.stored_name, sheet_import.error_name):
        if name:
            (sheets_dir() / name).unlink(missing_ok=True)
    if sheet_import.stored_name:
        sheet_import.plan_path.unlink(missing_ok=True)


# --- exports -----------------------------------------------------------------------------------


def unmasked_kinds(actor: Any, spec: SheetSpec, params: ExportParams) -> set[str]:
    """The personal-data kinds shown in full: only when asked for AND the actor may see them.

    A bulk export needs the kind's general permission (``privacy.unmask_<kind>``), never a
    model's own narrower one (``unmask_permission(kind, model)``): the security administrator may
    show one account's phone, with a reason, but not take every account's number away at once.
    """
    if not params.unmasked:
        return set()
    kinds = {c.personal for c in spec.columns if c.personal}
    # A kind without an unmask permission (a name on a public notice) is never shown in full.
    kinds &= UNMASK_PERMISSIONS.keys()
    return {k for k in kinds if actor is None or actor.has_perm(unmask_permission(k))}


def export_count(*, actor: Any, spec: SheetSpec, params: ExportParams) -> int:
    require(actor, spec.export_permission)
    with actor_context(actor):
        return spec.export_queryset(actor, params).count()


def sheet_export(
    *,
    actor: Any,
    spec: SheetSpec,
    params: ExportParams,
    path: Path,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the export of ``spec`` for ``actor`` to ``path``; audited. Returns the number of rows."""
    require(actor, spec.export_permission)
    full = unmasked_kinds(actor, spec, params)
    masked_columns = [(i, c.personal) for i, c in enumerate(spec.columns) if c.personal and c.personal not in full]

    def rows(queryset: Any) -> Iterator[list[Any]]:
        for values in spec.export_rows(queryset):
            values = list(values)
            for index, kind in masked_columns:
                values[index] = mask(kind, values[index])
            yield values

    now = timezone.now()
    exporter = (actor.full_name or actor.username) if actor is not None else _("operator")
    with actor_context(actor):
        queryset = spec.export_queryset(actor, params)
        count = workbooks.write_export(
            spec,
            rows(queryset),
            path,
            exported_by=str(exporter),
            exported_at=now,
            masked=not full,
            filters=params.filters,
            progress=progress,
        )
        audit_record(
            Action.EXPORT,
            actor=actor,
            union=params.union or (actor.union if actor is not None else None),
            object_repr=f"{spec.kind}: {count}",
            changes={
                "kind": spec.kind,
                "rows": count,
                "filters": {k: v for k, v in params.filters.items() if v},
                "masked": not full,
                "unmasked_kinds": sorted(full),
            },
            note=_("Exported %(rows)d rows of %(title)s.") % {"rows": count, "title": spec.title},
        )
    return count
