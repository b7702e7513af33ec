"""Background jobs: one row per run of a long piece of work, and the periodic schedule.

These tables live under the "jobs" database alias (see routers.py), so a job refers to its
owner and union by plain values, never by a foreign key across databases.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.scoping import ScopedManager


def jobs_root() -> Path:
    """Where job files live: inside the data directory, never in a web-served place."""
    return Path(settings.DATA_DIR) / "jobs"


def format_duration(seconds: int | None) -> str:
    """A short, readable duration: "45 s", "3 min 5 s", "2 h 10 min"."""
    if seconds is None:
        return ""
    if seconds < 60:
        return _("%(s)d s") % {"s": seconds}
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)d min %(s)d s") % {"m": minutes, "s": secs}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}


class Job(models.Model):
    """One run of a background task for one user: its progress, its outcome and its files.

    Scoped by ``union_path`` (the owner's union when the job started); pages further limit
    a job to its owner.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100, db_index=True)
    task_path = models.CharField(_("task"), max_length=300)
    title = models.CharField(_("title"), max_length=200)
    # Plain values, not foreign keys: the owner and unions live in the other database.
    owner_id = models.BigIntegerField(_("owner"), db_index=True)
    owner_username = models.CharField(_("user name"), max_length=150)
    union_path = models.CharField(_("union"), max_length=255, db_index=True)
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_name = models.CharField(_("input file"), max_length=255, blank=True)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    result_name = models.CharField(_("result file"), max_length=255, blank=True)
    result_filename = models.CharField(_("download name"), max_length=255, blank=True)
    link_url = models.CharField(_("link"), max_length=500, blank=True)
    link_label = models.CharField(_("link text"), max_length=200, blank=True)
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    retry_of = models.UUIDField(_("retry of"), null=True, blank=True)
    task_result_id = models.CharField(_("queue entry"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager(path="union_path")
    unscoped: ClassVar[models.Manager[Job]] = models.Manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        default_permissions = ("view",)
        indexes = [models.Index(fields=["owner_id", "-created_at"], name="jobs_job_owner_created")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:job_detail", kwargs={"job_id": self.pk})

    @property
    def directory(self) -> Path:
        return jobs_root() / str(self.pk)

    @property
    def input_path(self) -> Path | None:
        return self.directory / "input" / self.input_name if self.input_name else None

    @property
    def result_path(self) -> Path | None:
        return self.directory / "result" / self.result_name if self.result_name else None

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.SUCCEEDED else None
        return min(100, int(self.done * 100 / self.total))

    @property
    def elapsed_seconds(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at or timezone.now()
        return max(0.0, (end - self.started_at).total_seconds())

    @property
    def rate(self) -> float | None:
        """Rows per second since the job started."""
        elapsed = self.elapsed_seconds
        if not elapsed or not self.done:
            return None
        return self.done / elapsed

    @property
    def seconds_left(self) -> int | None:
        rate = self.rate
        if rate is None or self.total is None or self.status != self.Status.RUNNING:
            return None
        return max(0, round((self.total - self.done) / rate))

    @property
    def time_left_display(self) -> str:
        return format_duration(self.seconds_left)

    @property
    def elapsed_display(self) -> str:
        elapsed = self.elapsed_seconds
        return format_duration(round(elapsed) if elapsed is not None else None)

    def audit_union(self) -> Any:
        from gonghui.core.tree.models import Union

        return Union.unscoped.filter(path=self.union_path).first()


class PeriodicRun(models.Model):
    """When a periodic function last ran and is next due; the row every worker races for."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        default_permissions = ()

    def __str__(self) -> str:
        return self.name
