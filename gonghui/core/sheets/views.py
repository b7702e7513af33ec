"""Pages of the pipeline: upload, template, preview, confirm, error workbook, export."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.jobs.services import job_start
from gonghui.core.sheets import services, tasks, workbooks
from gonghui.core.sheets.engine import ImportReport
from gonghui.core.sheets.forms import UploadForm
from gonghui.core.sheets.models import SheetImport
from gonghui.core.sheets.specs import ExportParams, SheetSpec, get_spec_or_404
from gonghui.core.tree.scoping import acting_as
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import XLSX, download


def _spec_for(request: AuthedRequest, kind: str, perm_attr: str) -> SheetSpec:
    spec = get_spec_or_404(kind)
    if not request.user.has_perm(getattr(spec, perm_attr)):
        raise PermissionDenied
    return spec


def _temp_xlsx() -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=services.sheets_dir())  # noqa: SIM115
    handle.close()
    return Path(handle.name)


@login_required
def import_start(request: AuthedRequest, sheet_kind: str) -> HttpResponse:
    spec = _spec_for(request, sheet_kind, "import_permission")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        sheet_import = services.sheet_import_create(actor=request.user, spec=spec, upload=upload)
        job = job_start(
            actor=request.user,
            task=tasks.check_import,
            title=_("Check %(file)s") % {"file": sheet_import.filename},
            params={"import_id": str(sheet_import.pk)},
        )
        SheetImport.unscoped.filter(pk=sheet_import.pk).update(check_job_id=job.pk)
        return redirect(job.get_absolute_url())
    return render(request, "sheets/import_start.html", {"spec": spec, "form": form})


@login_required
def template_download(request: AuthedRequest, sheet_kind: str) -> HttpResponseBase:
    spec = _spec_for(request, sheet_kind, "import_permission")
    path = _temp_xlsx()
    workbooks.write_template(spec, path)
    return download(path, f"{spec.kind}-template.xlsx", content_type=XLSX, remove=True)


def _import_for(request: AuthedRequest, import_id: object) -> SheetImport:
    """The user's own import; anyone else's is a 404."""
    with acting_as(request.user):
        return get_object_or_404(SheetImport.objects.select_related("union"), pk=import_id, owner=request.user)


@login_required
def import_preview(request: AuthedRequest, import_id: object) -> HttpResponse:
    sheet_import = _import_for(request, import_id)
    spec = get_spec_or_404(sheet_import.kind)
    report = ImportReport.from_dict(sheet_import.report) if sheet_import.report else None
    errors = Paginator(report.errors if report else [], 50).get_page(request.GET.get("page"))
    context = {
        "spec": spec,
        "sheet_import": sheet_import,
        "report": report,
        "errors": errors,
        "errors_cut": report is not None and report.error_count > len(report.errors),
        "can_confirm": report is not None and report.ok and sheet_import.status == SheetImport.Status.CHECKED,
    }
    return render(request, "sheets/import_preview.html", context)


@login_required
def import_errors(request: AuthedRequest, import_id: object) -> HttpResponseBase:
    sheet_import = _import_for(request, import_id)
    if not sheet_import.error_name or not sheet_import.error_path.exists():
        raise Http404
    stem = Path(sheet_import.filename).stem
    return download(sheet_import.error_path, f"{stem}-错误.xlsx", content_type=XLSX)


@login_required
@require_POST
def import_confirm(request: AuthedRequest, import_id: object) -> HttpResponse:
    sheet_import = _import_for(request, import_id)
    spec = _spec_for(request, sheet_import.kind, "import_permission")
    report = ImportReport.from_dict(sheet_import.report) if sheet_import.report else None
    if report is None or not report.ok or sheet_import.status != SheetImport.Status.CHECKED:
        messages.error(request, _("This file cannot be imported: correct the errors and upload it again."))
        return redirect("sheets:import_preview", import_id=sheet_import.pk)
    SheetImport.unscoped.filter(pk=sheet_import.pk).update(status=SheetImport.Status.WRITING)
    job = job_start(
        actor=request.user,
        task=tasks.write_import,
        title=_("Import %(file)s") % {"file": sheet_import.filename},
        params={"import_id": str(sheet_import.pk), "kind": spec.kind},
    )
    SheetImport.unscoped.filter(pk=sheet_import.pk).update(write_job_id=job.pk)
    return redirect(job.get_absolute_url())


@login_required
def export(request: AuthedRequest, sheet_kind: str) -> HttpResponseBase:
    spec = _spec_for(request, sheet_kind, "export_permission")
    if not spec.exports():
        raise Http404("this kind is imported only")
    filters = spec.export_filters(request.GET, request.user)
    params = ExportParams(filters=filters, unmasked=request.GET.get("unmasked") == "1")
    total = services.export_count(actor=request.user, spec=spec, params=params)
    if total > settings.SHEETS_EXPORT_INLINE_MAX:
        job = job_start(
            actor=request.user,
            task=tasks.export_job,
            title=_("Export %(title)s") % {"title": spec.title},
            params={"kind": spec.kind, "filters": filters, "unmasked": params.unmasked, "total": total},
        )
        return redirect(job.get_absolute_url())
    path = _temp_xlsx()
    services.sheet_export(actor=request.user, spec=spec, params=params, path=path)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return download(path, f"{spec.kind}-{stamp}.xlsx", content_type=XLSX, remove=True)


def preview_url(sheet_import: SheetImport) -> str:
    return reverse("sheets:import_preview", kwargs={"import_id": sheet_import.pk})
