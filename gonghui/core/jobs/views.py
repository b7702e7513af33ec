from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record
from gonghui.core.jobs import selectors, services
from gonghui.core.jobs.lists import JOBS
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, download


@login_required
@permission_required("jobs.view_job", raise_exception=True)
def job_list(request: AuthedRequest) -> HttpResponse:
    return JOBS.render(request, "jobs/job_list.html")


@login_required
@permission_required("jobs.view_job", raise_exception=True)
def job_detail(request: AuthedRequest, job_id: uuid.UUID) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, job_id)
    template = "jobs/job_detail.html#progress" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
@permission_required("jobs.view_job", raise_exception=True)
def job_download(request: AuthedRequest, job_id: uuid.UUID) -> FileResponse:
    job = selectors.get_job_for_user(request.user, job_id)
    path = job.result_path
    if job.status != job.Status.SUCCEEDED or path is None or not path.is_file():
        raise Http404("no result to download")
    with transaction.atomic():
        audit_record(AuditEvent.Action.EXPORT, obj=job, union=request.user.union, note=job.result_filename)
    return download(path, job.result_filename or path.name)


@login_required
@permission_required("jobs.view_job", raise_exception=True)
@require_POST
def job_retry(request: AuthedRequest, job_id: uuid.UUID) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, job_id)
    try:
        again = services.job_retry(actor=request.user, job=job)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(job.get_absolute_url())
    return redirect(again.get_absolute_url())


@login_required
@permission_required("jobs.view_job", raise_exception=True)
@destructive
def job_cancel(request: AuthedRequest, job_id: uuid.UUID) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, job_id)
    try:
        services.job_cancel(actor=request.user, job=job)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(job.get_absolute_url())
