"""The work report's pages: ask for a report, follow its progress, download it; the county's template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record
from gonghui.core.jobs import selectors as job_selectors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, download, service_form
from gonghui.reports import lists, selectors, services, word
from gonghui.reports.forms import ReportForm, TemplateForm
from gonghui.reports.models import WorkReport
from gonghui.reports.tasks import download_name

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": "application/pdf"}


@login_required
@permission_required("reports.view_workreport", raise_exception=True)
def report_list(request: AuthedRequest) -> HttpResponse:
    """Ask for a report (a year and a base year) and the reports asked for earlier."""
    return lists.REPORTS.render(
        request, "reports/list.html", page_context=lambda: {"form": ReportForm(), "scope": request.user.union}
    )


@login_required
@permission_required("reports.view_workreport", raise_exception=True)
@require_POST
def report_start(request: AuthedRequest) -> HttpResponse:
    form = ReportForm(request.POST)
    return service_form(
        request,
        form,
        lambda form: services.report_request(actor=request.user, **form.cleaned_data),
        template="reports/start.html",
        success=lambda report: report.get_absolute_url(),
    )


def _job_of(request: AuthedRequest, report: WorkReport) -> Any:
    """The job writing ``report`` when the user is the one who asked (its progress); else None."""
    if report.job_id is None or report.requested_by_id != request.user.pk:
        return None
    try:
        return job_selectors.get_job_for_user(request.user, report.job_id)
    except Http404:
        return None


@login_required
@permission_required("reports.view_workreport", raise_exception=True)
def report_detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    """The report's page: its progress while being written (htmx polls it), then its two files."""
    report = selectors.get_report_for_user(request.user, report_id)
    job = _job_of(request, report)
    writing = report.status == WorkReport.Status.PENDING and (job is None or job.is_active)
    context = {"report": report, "job": job, "writing": writing}
    template = "reports/detail.html#progress" if request.htmx else "reports/detail.html"
    return render(request, template, context)


def _download(request: AuthedRequest, report_id: int, kind: str) -> HttpResponseBase:
    report = selectors.get_report_for_user(request.user, report_id)
    path = report.file_path(kind)
    if not report.is_ready or path is None or not path.is_file():
        raise Http404("the report has no such file")
    filename = download_name(report, kind)
    with transaction.atomic():
        audit_record(AuditEvent.Action.EXPORT, obj=report, note=filename)
    return download(path, filename, content_type=CONTENT_TYPES[kind], fallback=f"work-report-{report.year}.{kind}")


@login_required
@permission_required("reports.view_workreport", raise_exception=True)
def report_docx(request: AuthedRequest, report_id: int) -> HttpResponseBase:
    return _download(request, report_id, "docx")


@login_required
@permission_required("reports.view_workreport", raise_exception=True)
def report_pdf(request: AuthedRequest, report_id: int) -> HttpResponseBase:
    return _download(request, report_id, "pdf")


# --- The county's template ---------------------------------------------------------------------------


@login_required
@permission_required("reports.change_reporttemplate", raise_exception=True)
def template_page(request: AuthedRequest) -> HttpResponse:
    """The template in use, its history, and the form to upload the county's own."""
    form = TemplateForm(request.POST or None, request.FILES or None)
    in_use = selectors.county_template()
    context = {
        "form": form,
        "in_use": in_use,
        "history": selectors.templates_for_user(request.user)[:20],
        "styles": word.STYLES,
        "marker": word.MARKERS[0],
    }
    return service_form(
        request,
        form,
        lambda form: services.template_upload(actor=request.user, upload=form.cleaned_data["file"]),
        template="reports/template.html",
        context=context,
        success=lambda template: request.path,
        message=lambda template: _("%(name)s is now the template of the work report.") % {"name": template.filename},
    )


@login_required
@permission_required("reports.change_reporttemplate", raise_exception=True)
def template_download(request: AuthedRequest) -> HttpResponseBase:
    """The template in use (the county's own, else the default one) to edit in Word."""
    in_use = selectors.county_template()
    if in_use is not None and in_use.path.is_file():
        return download(in_use.path, in_use.filename, content_type=DOCX_TYPE, fallback="template.docx")
    return download(word.default_template(), "工作报告模板.docx", content_type=DOCX_TYPE, fallback="template.docx")


@login_required
@permission_required("reports.change_reporttemplate", raise_exception=True)
@destructive
def template_reset(request: AuthedRequest) -> HttpResponse:
    if services.template_reset(actor=request.user):
        messages.success(request, _("The reports are written into the default template again."))
    return redirect("reports:template")
