"""Starting, retrying and reaping background jobs."""

from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import router, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record
from gonghui.core.jobs.models import Job, jobs_root
from gonghui.core.jobs.runner import kind_of

logger = logging.getLogger("gonghui.jobs")


def _safe_name(name: str) -> str:
    """A file name with no directory part, so it stays inside the job's directory."""
    base = Path(name.replace("\\", "/")).name.strip()
    return base if base not in {"", ".", ".."} else "input"


def _store_input(job: Job, input_file: UploadedFile | Path) -> str:
    directory = job.directory / "input"
    directory.mkdir(parents=True, exist_ok=True)
    if isinstance(input_file, Path):
        name = _safe_name(input_file.name)
        shutil.copyfile(input_file, directory / name)
    else:
        name = _safe_name(input_file.name or "input")
        with open(directory / name, "wb") as out:
            for chunk in input_file.chunks():
                out.write(chunk)
    return name


def _enqueue(job: Job, job_task: Task[[str], None]) -> None:
    def enqueue() -> None:
        result = job_task.enqueue(str(job.pk))
        Job.unscoped.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])

    if settings.JOBS_ENQUEUE_ON_COMMIT:
        # The work may read what the caller's transaction writes: queue it once that is committed.
        transaction.on_commit(enqueue, using="default")
    else:
        enqueue()


@transaction.atomic
def job_start(
    *,
    actor: Any,
    task: Task[[str], None],
    title: str,
    params: dict[str, Any] | None = None,
    input_file: UploadedFile | Path | None = None,
) -> Job:
    """Queue ``task`` (a ``@job_task``) for ``actor``; the job's page is ``job.get_absolute_url()``.

    ``params`` must be JSON; ``input_file`` is copied into the job's directory.
    """
    job = Job.unscoped.create(
        kind=kind_of(task),
        task_path=task.module_path,
        title=str(title)[:200],
        owner_id=actor.pk,
        owner_username=actor.username,
        union_path=actor.union.path,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        params=params or {},
    )
    if input_file is not None:
        job.input_name = _store_input(job, input_file)
        Job.unscoped.filter(pk=job.pk).update(input_name=job.input_name)
    audit_record(AuditEvent.Action.CREATE, obj=job, actor=actor, union=actor.union, note=job.kind)
    _enqueue(job, task)
    job.refresh_from_db()
    return job


@transaction.atomic
def job_retry(*, actor: Any, job: Job) -> Job:
    """Run a failed (or cancelled) job again, as a new attempt with the same parameters and input."""
    if job.owner_id != actor.pk:
        raise Http404("not the owner")
    if job.status not in (Job.Status.FAILED, Job.Status.CANCELLED):
        raise ValidationError(_("Only a failed or cancelled job can be run again."))
    job_task = import_string(job.task_path)
    again = Job.unscoped.create(
        kind=job.kind,
        task_path=job.task_path,
        title=job.title,
        owner_id=job.owner_id,
        owner_username=job.owner_username,
        union_path=actor.union.path,
        language=translation.get_language() or job.language,
        params=job.params,
        attempt=job.attempt + 1,
        retry_of=job.pk,
    )
    if job.input_path is not None and job.input_path.exists():
        target = again.directory / "input" / job.input_name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(job.input_path, target)
        except OSError:
            shutil.copyfile(job.input_path, target)
        again.input_name = job.input_name
        Job.unscoped.filter(pk=again.pk).update(input_name=again.input_name)
    audit_record(AuditEvent.Action.CREATE, obj=again, actor=actor, union=actor.union, note=f"retry of {job.pk}")
    _enqueue(again, job_task)
    again.refresh_from_db()
    return again


@transaction.atomic
def job_cancel(*, actor: Any, job: Job) -> Job:
    """Cancel a job that no worker has started yet (a running job runs to its end)."""
    if job.owner_id != actor.pk:
        raise Http404("not the owner")
    now = timezone.now()
    if not Job.unscoped.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.CANCELLED, finished_at=now, updated_at=now
    ):
        raise ValidationError(_("The job has already started; it can no longer be cancelled."))
    audit_record(AuditEvent.Action.TRANSITION, obj=job, actor=actor, union=actor.union, note="cancelled")
    job.refresh_from_db()
    return job


def dead_worker_message() -> str:
    return _("The worker stopped while the job was running; nothing was written. You can run it again.")


def jobs_reap_stale(*, now: datetime | None = None, job_id: Any = None) -> int:
    """Mark running jobs whose worker stopped touching them as failed; return how many.

    A job's work runs in one transaction, so a dead worker's work was rolled back with it.
    """
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    stale = Job.unscoped.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
    if job_id is not None:
        stale = stale.filter(pk=job_id)
    reaped = 0
    for job in stale.only("pk", "language", "task_result_id"):
        with translation.override(job.language):
            message = dead_worker_message()
        # The job and its queue entry change together: nobody may see the one failed and the
        # other still running (both tables live in the jobs database).
        with transaction.atomic(using=router.db_for_write(Job)):
            # Conditional, so a job that came back to life (or another reaper) is left alone.
            if Job.unscoped.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).update(
                status=Job.Status.FAILED, message=message, finished_at=now, updated_at=now
            ):
                reaped += 1
                logger.warning("job %s failed: its worker stopped while running it", job.pk)
                if job.task_result_id and isinstance(task_backends["default"], DatabaseBackend):
                    # Its queue entry too, which the dead worker left "running".
                    DBTaskResult.objects.filter(pk=job.task_result_id, status="RUNNING").update(
                        status="FAILED", finished_at=now
                    )
    # Queued but never handed to the queue long after: the transaction that started it was
    # rolled back, so its on-commit enqueue never came.
    lost_before = now - timedelta(seconds=10 * settings.JOBS_STALE_SECONDS)
    never_queued = Job.unscoped.filter(status=Job.Status.QUEUED, task_result_id="", created_at__lt=lost_before)
    if job_id is not None:
        never_queued = never_queued.filter(pk=job_id)
    for job in never_queued.only("pk", "language"):
        with translation.override(job.language):
            message = _("The job was not started: the action that started it did not complete.")
        reaped += Job.unscoped.filter(pk=job.pk, status=Job.Status.QUEUED, task_result_id="").update(
            status=Job.Status.CANCELLED, message=message, finished_at=now, updated_at=now
        )
    return reaped


def jobs_prune_files(*, now: datetime | None = None) -> int:
    """Remove the files of jobs finished more than JOBS_KEEP_DAYS ago; return how many jobs."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.JOBS_KEEP_DAYS)
    old = Job.unscoped.exclude(status__in=Job.ACTIVE).filter(finished_at__lt=cutoff)
    old = old.exclude(input_name="", result_name="")
    count = 0
    for job in old.only("pk"):
        shutil.rmtree(jobs_root() / str(job.pk), ignore_errors=True)
        Job.unscoped.filter(pk=job.pk).update(input_name="", result_name="", result_filename="")
        count += 1
    return count
