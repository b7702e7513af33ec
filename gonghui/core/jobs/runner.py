"""Running a background job: the ``@job_task`` decorator and the context a job works with.

A job function takes one argument, a :class:`JobContext`::

    @job_task("sheets.import")
    def run_import(ctx: JobContext) -> None:
        with transaction.atomic():
            for n, row in enumerate(rows, 1):
                ...
                ctx.progress(n, total)
        ctx.summary(_("%(n)s rows imported.") % {"n": total})

The decorator registers a django-tasks task taking the job's id. The worker that runs it
claims the job, acts as its owner (scoping and audit work as in a request), keeps a
heartbeat, records progress through the jobs database (which commits on its own, so the
page sees progress while the work's transaction is still open), and records the outcome.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task

from gonghui.core.jobs.models import Job
from gonghui.core.tree.scoping import acting_as

logger = logging.getLogger("gonghui.jobs")

JobFunction = Callable[["JobContext"], None]

# kind -> task, and the task's module path -> kind.
_TASKS: dict[str, Task[[str], None]] = {}
_KINDS: dict[str, str] = {}


class JobFailed(Exception):
    """Raise in a job to fail it with ``message`` (translated) shown to the user."""

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message


def job_task(
    kind: str, *, queue_name: str = "default", priority: int = 0
) -> Callable[[JobFunction], Task[[str], None]]:
    """Make ``func(ctx)`` a background job of ``kind``; start it with ``job_start(task=...)``."""

    def decorate(func: JobFunction) -> Task[[str], None]:
        def run(job_id: str) -> None:
            execute(func, job_id)

        # django-tasks finds a task again by its module path: let it be the decorated name.
        run.__module__ = func.__module__
        run.__qualname__ = func.__qualname__
        run.__name__ = func.__name__
        run.__doc__ = func.__doc__
        job = task(queue_name=queue_name, priority=priority)(run)
        _TASKS[kind] = job
        _KINDS[job.module_path] = kind
        return job

    return decorate


def kind_of(job_task_: Task[Any, Any]) -> str:
    try:
        return _KINDS[job_task_.module_path]
    except KeyError:
        raise ValueError(f"{job_task_.module_path} is not a @job_task") from None


def task_of(kind: str) -> Task[[str], None]:
    return _TASKS[kind]


class JobContext:
    """What a running job sees: its row, owner, parameters and input, and how to report."""

    def __init__(self, job: Job, user: Any) -> None:
        self.job = job
        self.user = user
        self.params: dict[str, Any] = dict(job.params or {})
        self.input_path: Path | None = job.input_path
        self._summary = ""
        self._result: tuple[str, str] | None = None
        self._link: tuple[str, str] | None = None
        self._last_write = 0.0
        self._written: tuple[int, int | None, str] = (job.done, job.total, job.stage)
        self._reported = self._written
        self.writes = 0

    def progress(self, done: int, total: int | None = None, stage: str = "") -> None:
        """Report ``done`` of ``total`` rows; cheap to call on every row.

        Writes at most every JOBS_PROGRESS_INTERVAL seconds, and at once when the stage or
        total changes or the work is complete.
        """
        total = self._reported[1] if total is None else total
        stage = str(stage)[:200] if stage else self._reported[2]
        self._reported = (done, total, stage)
        now = time.monotonic()
        if (done, total, stage) == self._written:
            return
        due = now - self._last_write >= settings.JOBS_PROGRESS_INTERVAL
        changed = (total, stage) != self._written[1:]
        complete = total is not None and done >= total
        if not (due or changed or complete):
            return
        self._last_write = now
        self._written = self._reported
        self.job.done, self.job.total, self.job.stage = self._reported
        self.writes += 1
        Job.unscoped.filter(pk=self.job.pk).update(
            done=done, total=total, stage=self.job.stage, heartbeat_at=timezone.now(), updated_at=timezone.now()
        )

    def attach_result(self, path: Path, filename: str) -> None:
        """Offer ``path`` for download as ``filename``; the file is moved into the job's directory."""
        target_dir = self.job.directory / "result"
        target_dir.mkdir(parents=True, exist_ok=True)
        name = Path(filename).name or "result"
        target = target_dir / name
        shutil.move(str(path), target)
        self._result = (name, filename)

    def link(self, url: str, label: str) -> None:
        """Offer a page to follow when the job is done."""
        self._link = (url, str(label))

    def summary(self, text: str) -> None:
        """A line shown to the user when the job succeeds."""
        self._summary = str(text)


class _Heartbeat(threading.Thread):
    """Touches the running job so a job whose worker died can be told from a slow one.

    It also writes the last progress reported if throttling held it back, so the page is
    never more than one beat behind, even while the job pauses after a burst.
    """

    def __init__(self, ctx: JobContext, interval: float) -> None:
        super().__init__(name=f"job-heartbeat-{ctx.job.pk}", daemon=True)
        self.ctx = ctx
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    self.beat()
                except Exception:
                    logger.warning("could not record the heartbeat of job %s", self.ctx.job.pk, exc_info=True)
        finally:
            # This thread's own connections.
            connections.close_all()

    def beat(self) -> None:
        fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
        reported = self.ctx._reported
        if reported != self.ctx._written:
            fields["done"], fields["total"], fields["stage"] = reported
            self.ctx._written = reported
        Job.unscoped.filter(pk=self.ctx.job.pk, status=Job.Status.RUNNING).update(**fields)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.interval + 5)


def generic_failure_message() -> str:
    return _(
        "The job stopped because of an unexpected error. "
        "You can run it again; if it fails again, ask your system administrator to check the log."
    )


def execute(func: JobFunction, job_id: str) -> None:
    """Run the job ``job_id`` with ``func``: claim it, run it as its owner, record the outcome."""
    from gonghui.core.accounts.models import User

    now = timezone.now()
    claimed = Job.unscoped.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, updated_at=now
    )
    if not claimed:
        logger.warning("job %s is not queued any more; not running it", job_id)
        return
    job = Job.unscoped.get(pk=job_id)
    owner = User.unscoped.select_related("union").get(pk=job.owner_id)
    ctx = JobContext(job, owner)
    heartbeat = None
    if not isinstance(task_of(job.kind).get_backend(), ImmediateBackend):
        heartbeat = _Heartbeat(ctx, settings.JOBS_HEARTBEAT_SECONDS)
        heartbeat.start()
    with translation.override(job.language):
        try:
            with acting_as(owner):
                func(ctx)
        except JobFailed as exc:
            _finish(ctx, Job.Status.FAILED, str(exc.message))
            raise
        except BaseException:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _finish(ctx, Job.Status.FAILED, generic_failure_message())
            raise
        else:
            _finish(ctx, Job.Status.SUCCEEDED, ctx._summary)
        finally:
            if heartbeat is not None:
                heartbeat.stop()


def _finish(ctx: JobContext, status: str, message: str) -> None:
    job = ctx.job
    fields: dict[str, Any] = {
        "status": status,
        "message": message,
        "finished_at": timezone.now(),
        "heartbeat_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    if status == Job.Status.SUCCEEDED:
        if ctx._result is not None:
            fields["result_name"], fields["result_filename"] = ctx._result
        if ctx._link is not None:
            fields["link_url"], fields["link_label"] = ctx._link
    elif ctx._result is not None:
        # A failed job offers nothing to download.
        shutil.rmtree(job.directory / "result", ignore_errors=True)
    # The last progress reported, which throttling may have kept from the table.
    fields["done"], fields["total"], fields["stage"] = ctx._reported
    # Unconditional: whatever a reaper concluded meanwhile, the job itself knows best.
    Job.unscoped.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
