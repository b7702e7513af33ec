"""Reads of background jobs: a user sees their own jobs only, within their scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from gonghui.core.jobs.models import Job
from gonghui.core.jobs.services import jobs_reap_stale
from gonghui.core.tree.scoping import acting_as


def jobs_for_user(user: Any, *, q: str = "", status: str = "") -> QuerySet[Job]:
    """The user's own jobs, newest first; ``q`` searches the titles, ``status`` is one of ``Job.Status``."""
    with acting_as(user):
        jobs = Job.objects.filter(owner_id=user.pk)
        if q:
            jobs = jobs.filter(title__icontains=q)
        if status:
            jobs = jobs.filter(status=status)
        return jobs.order_by("-created_at", "-pk")


def get_job_for_user(user: Any, job_id: Any) -> Job:
    """The user's own job (404 for anyone else's); a job whose worker died shows as failed."""
    with acting_as(user):
        job = Job.objects.filter(owner_id=user.pk, pk=job_id).first()
    if job is None:
        raise Http404("no such job")
    if job.is_active and jobs_reap_stale(job_id=job.pk):
        job.refresh_from_db()
    return job
