"""Health checks for a load balancer (``/healthz``) and the system status page of the security administrator.

``/healthz`` answers 503 when this server cannot serve: the database does not answer, the
personal-data keys cannot be read, or the data directory's disk is (nearly) full. A job worker
that has not been seen for a while is reported ("degraded") but does not fail the check: taking
every web server out of the pool because the workers stopped would stop the whole service.

The worker's sign of life is the periodic job ``jobs.reap_stale``, which every running worker
claims every 30 seconds (core/jobs/schedule.py): its last start is the last time a worker
was alive.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Count, Min
from django.utils import timezone

WORKER_PULSE = "jobs.reap_stale"


@dataclass
class Check:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)
    critical: bool = True


def _timed(func: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    value = func()
    return value, round((time.perf_counter() - started) * 1000, 1)


def check_database() -> Check:
    detail: dict[str, Any] = {}
    ok = True
    aliases = ["default"] + (["jobs"] if "jobs" in settings.DATABASES else [])
    for alias in aliases:
        try:

            def ping(alias: str = alias) -> None:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SELECT 1")
                    cursor.fetchone()

            _none, ms = _timed(ping)
            detail[alias] = {"ok": True, "ms": ms}
        except Exception as exc:  # any driver error means "not serving"
            ok = False
            detail[alias] = {"ok": False, "error": type(exc).__name__}
    return Check("database", ok, detail)


def check_keys() -> Check:
    """The personal-data keys can be read (from the environment, or the key file as it is now)."""
    from gonghui.core.privacy import crypto
    from gonghui.env import ConfigError

    try:
        if settings.PRIVACY_DATA_KEYS or settings.PRIVACY_INDEX_KEY:
            crypto.keyring()
            return Check("keys", True, {"source": "environment"})
        path = Path(settings.PRIVACY_KEY_FILE)
        crypto.read_key_file(path)  # as it is on disk now, not as cached at start
        return Check("keys", True, {"source": "file"})
    except (ConfigError, OSError) as exc:
        return Check("keys", False, {"error": type(exc).__name__})


def check_disk() -> Check:
    usage = shutil.disk_usage(settings.DATA_DIR)
    free_mb = usage.free // (1024 * 1024)
    percent_free = round(usage.free * 100 / usage.total, 1) if usage.total else 0.0
    ok = free_mb >= settings.GONGHUI_HEALTH_MIN_FREE_MB
    return Check("disk", ok, {"free_mb": free_mb, "free_percent": percent_free})


def worker_last_seen() -> Any:
    from gonghui.core.jobs.models import PeriodicRun

    run = PeriodicRun.objects.filter(name=WORKER_PULSE).values_list("last_started_at", flat=True).first()
    return run


def check_worker() -> Check:
    try:
        seen = worker_last_seen()
    except Exception as exc:
        return Check("worker", False, {"error": type(exc).__name__}, critical=False)
    if seen is None:
        return Check("worker", False, {"last_seen_seconds": None}, critical=False)
    age = int((timezone.now() - seen).total_seconds())
    return Check("worker", age <= settings.GONGHUI_HEALTH_WORKER_SECONDS, {"last_seen_seconds": age}, critical=False)


def run_checks() -> tuple[str, list[Check]]:
    checks = [check_database(), check_keys(), check_disk(), check_worker()]
    if not all(c.ok for c in checks if c.critical):
        status = "fail"
    elif not all(c.ok for c in checks):
        status = "degraded"
    else:
        status = "ok"
    return status, checks


# --- The security administrator's status page -----------------------------------------------


@dataclass
class QueueLine:
    kind: str
    queued: int
    oldest_queued_seconds: int | None
    running: int
    failed_today: int


def job_queue(now: Any = None) -> dict[str, Any]:
    """Queue depth and age, by job kind: counts and ages only, never a job's title, owner or union."""
    from gonghui.core.jobs.models import Job

    now = now or timezone.now()
    day_ago = now - timedelta(days=1)
    jobs = Job.unscoped  # unscoped: system figures (counts and ages) for the security administrator, no row shown
    lines: dict[str, QueueLine] = {}
    for row in (
        jobs.filter(status__in=Job.ACTIVE).values("kind", "status").annotate(n=Count("pk"), oldest=Min("created_at"))
    ):
        line = lines.setdefault(row["kind"], QueueLine(row["kind"], 0, None, 0, 0))
        if row["status"] == Job.Status.QUEUED:
            line.queued = row["n"]
            line.oldest_queued_seconds = int((now - row["oldest"]).total_seconds())
        else:
            line.running = row["n"]
    for row in jobs.filter(status=Job.Status.FAILED, finished_at__gte=day_ago).values("kind").annotate(n=Count("pk")):
        lines.setdefault(row["kind"], QueueLine(row["kind"], 0, None, 0, 0)).failed_today = row["n"]
    ordered = sorted(lines.values(), key=lambda line: line.kind)
    ages = [line.oldest_queued_seconds for line in ordered if line.oldest_queued_seconds is not None]
    return {
        "lines": ordered,
        "queued": sum(line.queued for line in ordered),
        "running": sum(line.running for line in ordered),
        "failed_today": sum(line.failed_today for line in ordered),
        "oldest_queued_seconds": max(ages) if ages else None,
    }


def periodic_runs() -> list[dict[str, Any]]:
    from gonghui.core.jobs.models import PeriodicRun
    from gonghui.core.jobs.schedule import registered

    stored = {run.name: run for run in PeriodicRun.objects.all()}
    rows = []
    for name, periodic in sorted(registered().items()):
        run = stored.get(name)
        rows.append(
            {
                "name": name,
                "every": periodic.every,
                "last_started_at": run.last_started_at if run else None,
                "last_finished_at": run.last_finished_at if run else None,
                "next_run_at": run.next_run_at if run else None,
                "failed": bool(run and run.last_error),
            }
        )
    return rows
