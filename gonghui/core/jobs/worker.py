"""The worker loop and the supervisor that keeps worker processes running.

``gonghui worker`` runs :func:`run_worker`: django-tasks-db's worker, one task at a time,
with the due periodic functions run between tasks. ``gonghui worker --processes N`` and the
embedded worker of ``gonghui serve`` run :class:`Supervisor`, which starts worker processes,
restarts one that dies, and stops them all when it stops.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from gonghui.core.jobs import schedule
from gonghui.core.jobs.services import jobs_reap_stale

logger = logging.getLogger("gonghui.jobs")


def run_worker(
    *,
    queue_names: list[str],
    interval: float = 1.0,
    periodic: bool = True,
    parent_pid: int | None = None,
    startup_delay: bool = True,
) -> None:
    """Run tasks until told to stop (SIGTERM, SIGINT) or until the parent process is gone."""
    worker = Worker(
        queue_names=queue_names,
        interval=interval,
        # One task per call of run(), so periodic functions get their turn between tasks.
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{os.uname().nodename[:20]}-{os.getpid()}-{get_random_string(8)}",
        excluded_queue_names=[],
    )
    worker.configure_signals()
    if startup_delay:
        time.sleep(random.random())
    # Jobs left running by a worker that died before this one started.
    jobs_reap_stale()
    while worker.running:
        if parent_pid is not None and os.getppid() != parent_pid:
            logger.warning("the process that started this worker is gone; stopping")
            return
        if periodic:
            schedule.run_due()
        before = worker._run_tasks
        worker.max_tasks = before + 1
        worker.run()
        if worker.running and worker._run_tasks == before:
            time.sleep(interval)


class Supervisor:
    """Keeps ``count`` worker processes running (restarting any that dies) until stopped."""

    def __init__(self, count: int = 1, extra_args: list[str] | None = None, restart_delay: float = 2.0) -> None:
        self.count = count
        self.extra_args = extra_args or []
        self.restart_delay = restart_delay
        self.processes: list[subprocess.Popen[bytes] | None] = [None] * count
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gonghui.cli",
            "worker",
            "--processes",
            "1",
            "--parent-pid",
            str(os.getpid()),
            *self.extra_args,
        ]

    def _spawn(self, slot: int) -> None:
        self.processes[slot] = subprocess.Popen(self.command())  # noqa: S603 (our own command line)

    def check(self) -> None:
        """Start a process in every empty slot and restart any that exited."""
        for slot, process in enumerate(self.processes):
            if self.stopping.is_set():
                return
            if process is None:
                self._spawn(slot)
            elif process.poll() is not None:
                logger.warning("worker process %s stopped (exit %s); starting another", process.pid, process.returncode)
                self._spawn(slot)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                self.check()
            except Exception:
                logger.exception("could not start a worker process")
            self.stopping.wait(self.restart_delay)

    def start_in_background(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="gonghui-worker-supervisor", daemon=True)
        self._thread.start()

    def run_forever(self) -> None:
        def stop(signum: int, frame: Any) -> None:
            self.stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self._loop()
        self.stop()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask every worker to finish its current task and stop; kill those that do not in time."""
        self.stopping.set()
        alive = [p for p in self.processes if p is not None and p.poll() is None]
        for process in alive:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in alive:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
