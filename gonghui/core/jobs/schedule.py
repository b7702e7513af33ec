"""Periodic jobs: functions that run every so often, once across all workers.

Apps register them in ``AppConfig.ready()``::

    register_periodic("workflow.overdue", timedelta(minutes=15), detect_overdue)

Every worker checks between tasks which are due. A run is claimed by a conditional UPDATE of
the function's ``PeriodicRun`` row (``next_run_at <= now`` → ``now + every``), which only
one worker can win, so several workers never run the same function twice. Without a worker,
``gonghui runperiodic`` (e.g. from cron) does the same. Each run is under ``system_scope``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.jobs.models import PeriodicRun
from gonghui.core.tree.scoping import system_scope

logger = logging.getLogger("gonghui.jobs")


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    func: Callable[[], Any]


_PERIODIC: dict[str, Periodic] = {}


def register_periodic(name: str, every: timedelta, func: Callable[[], Any]) -> None:
    """Run ``func()`` every ``every`` (under system_scope), on one worker at a time."""
    if every <= timedelta(0):
        raise ValueError("a periodic job needs a positive interval")
    _PERIODIC[name] = Periodic(name, every, func)


def registered() -> dict[str, Periodic]:
    return dict(_PERIODIC)


def _claim(periodic: Periodic, now: datetime, *, force: bool) -> bool:
    if not PeriodicRun.objects.filter(name=periodic.name).exists():
        try:
            with transaction.atomic(using=PeriodicRun.objects.db):
                PeriodicRun.objects.create(name=periodic.name, next_run_at=now)
        except IntegrityError:
            pass  # another worker made it first
    runs = PeriodicRun.objects.filter(name=periodic.name)
    if not force:
        runs = runs.filter(next_run_at__lte=now)
    return runs.update(next_run_at=now + periodic.every, last_started_at=now) == 1


def _run(periodic: Periodic) -> bool:
    error = ""
    try:
        with system_scope(f"periodic job {periodic.name}"):
            periodic.func()
    except Exception:
        logger.exception("periodic job %s failed", periodic.name)
        error = traceback.format_exc()[-4000:]
    PeriodicRun.objects.filter(name=periodic.name).update(last_finished_at=timezone.now(), last_error=error)
    return not error


def run_due(*, now: datetime | None = None, names: list[str] | None = None, force: bool = False) -> list[str]:
    """Run the periodic functions that are due (all of ``names`` if ``force``); return those run."""
    ran = []
    for name in sorted(names if names is not None else _PERIODIC):
        periodic = _PERIODIC[name]
        if _claim(periodic, now or timezone.now(), force=force):
            _run(periodic)
            ran.append(name)
    return ran
