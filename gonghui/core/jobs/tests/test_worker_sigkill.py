"""A worker killed with SIGKILL in the middle of a job: nothing written, job failed, retry succeeds.

Real processes on real SQLite files (the embedded default): a driver process sets up the data
directory and starts the job, `gonghui worker` runs it, and this test reads both databases
directly while the job's transaction is open.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROWS = 3000
PAUSE_AT = 1200


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="gonghui.core.jobs.tests.sigkill_settings",
        GONGHUI_DATA_DIR=str(data_dir),
        GONGHUI_JOBS_STALE_SECONDS="2",
        GONGHUI_JOBS_HEARTBEAT_SECONDS="1",
        GONGHUI_LOG_LEVEL="CRITICAL",
    )
    return env


def _driver(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "-m", "gonghui.core.jobs.tests.sigkill_driver", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,  # a migrated database and 3,000 rows: slow on a loaded machine, never stuck
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gonghui.cli", "worker", "--skip-checks", "--interval", "0.1", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _query(path: Path, sql: str, *params: Any) -> Any:
    connection = sqlite3.connect(path, timeout=10)
    try:
        return connection.execute(sql, params).fetchone()
    finally:
        connection.close()


def _wait_for(condition: Callable[[], Any], what: str, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_worker_leaves_nothing_and_the_job_runs_again(tmp_path):
    env = _env(tmp_path)
    jobs_db, main_db = tmp_path / "jobs.sqlite3", tmp_path / "gonghui.sqlite3"
    # given a job writing 3,000 rows in one transaction, pausing after 1,200 on its first attempt
    job_id = _driver(env, "setup", str(ROWS), str(PAUSE_AT), "60").replace("-", "")
    worker = _worker(env)
    try:
        # when the worker is in the middle of it
        def paused() -> Any:
            row = _query(jobs_db, "SELECT status, done, total FROM jobs_job WHERE id = ?", job_id)
            return row if row and row[1] >= PAUSE_AT else None

        status, done, total = _wait_for(paused, "the job to reach its pause")
        # then its progress is visible from outside while its rows are not yet committed
        assert (status, done, total) == ("running", PAUSE_AT, ROWS)
        assert _query(main_db, "SELECT count(*) FROM jobs_test_row")[0] == 0
        # when the worker is killed outright
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    # then nothing of the job was written
    assert _query(main_db, "SELECT count(*) FROM jobs_test_row")[0] == 0
    # and once its heartbeat is stale, the next worker to start shows it as failed
    time.sleep(2.2)
    worker = _worker(env)
    try:
        failed = _wait_for(
            lambda: _query(jobs_db, "SELECT message FROM jobs_job WHERE id = ? AND status = 'failed'", job_id),
            "the dead job to show as failed",
        )
        assert "没有写入任何数据" in failed[0]
        # and its queue entry no longer claims to be running
        running = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        assert _query(jobs_db, running)[0] == 0
        # when it runs again
        again = _driver(env, "retry", job_id).replace("-", "")
        # then the second attempt writes every row
        _wait_for(
            lambda: _query(jobs_db, "SELECT 1 FROM jobs_job WHERE id = ? AND status = 'succeeded'", again),
            "the retried job to succeed",
        )
        assert _query(main_db, "SELECT count(*) FROM jobs_test_row")[0] == ROWS
        assert _query(jobs_db, "SELECT attempt, done FROM jobs_job WHERE id = ?", again) == (2, ROWS)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
