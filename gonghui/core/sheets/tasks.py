"""Background jobs of the pipeline: checking an upload, writing it, and large exports."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.jobs.runner import JobContext, JobFailed, job_task
from gonghui.core.sheets import services
from gonghui.core.sheets.models import SheetImport
from gonghui.core.sheets.specs import ExportParams, get_spec


def _import_of(ctx: JobContext) -> SheetImport:
    return SheetImport.unscoped.select_related("union").get(pk=ctx.params["import_id"], owner=ctx.user)


@job_task("sheets.check")
def check_import(ctx: JobContext) -> None:
    """Check every row of an uploaded file; the result is a link to the preview."""
    sheet_import = _import_of(ctx)
    spec = get_spec(sheet_import.kind)
    report = services.sheet_import_check(sheet_import=sheet_import, spec=spec, actor=ctx.user, progress=ctx.progress)
    preview = reverse("sheets:import_preview", kwargs={"import_id": sheet_import.pk})
    if report.refused:
        raise JobFailed(report.refused)
    ctx.link(preview, _("Open the preview"))
    if report.ok:
        ctx.summary(
            _("%(total)d rows checked: %(create)d to add, %(update)d to update. Confirm on the preview page.")
            % {"total": report.total, "create": report.to_create, "update": report.to_update}
        )
    else:
        ctx.summary(
            _("%(total)d rows checked; %(invalid)d rows have errors. Nothing was written.")
            % {"total": report.total, "invalid": report.invalid}
        )


@job_task("sheets.write")
def write_import(ctx: JobContext) -> None:
    """Write a checked file in one transaction: every row or none."""
    sheet_import = _import_of(ctx)
    spec = get_spec(sheet_import.kind)
    report = services.sheet_import_write(sheet_import=sheet_import, spec=spec, actor=ctx.user, progress=ctx.progress)
    preview = reverse("sheets:import_preview", kwargs={"import_id": sheet_import.pk})
    if not report.written:
        raise JobFailed(
            _("Nothing was written: %(problem)s See the preview page for every error.")
            % {"problem": (report.refused or "; ".join(report.file_errors) or _("some rows have errors."))}
        )
    ctx.link(reverse(spec.list_url_name) if spec.list_url_name else preview, _("Open the list"))
    summary = _("Imported: %(created)d added, %(updated)d updated.") % {
        "created": report.created,
        "updated": report.updated,
    }
    if report.checked_once:
        summary += " " + _("Nothing had changed since the check: the checked rows were written without a second check.")
    elif report.rechecked:
        summary += " " + _("Every row was checked again: %(reason)s.") % {"reason": report.rechecked}
    ctx.summary(summary)


@job_task("sheets.export")
def export_job(ctx: JobContext) -> None:
    """A large export: the workbook is offered for download on the job's page."""
    spec = get_spec(ctx.params["kind"])
    params = ExportParams(filters=ctx.params.get("filters", {}), unmasked=bool(ctx.params.get("unmasked")))
    total = ctx.params.get("total")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        count = services.sheet_export(
            actor=ctx.user, spec=spec, params=params, path=path, progress=lambda n: ctx.progress(n, total, _("Writing"))
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        ctx.attach_result(path, f"{spec.kind}-{stamp}.xlsx")
    ctx.summary(_("%(rows)d rows exported.") % {"rows": count})
