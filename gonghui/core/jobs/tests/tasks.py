"""Job functions used only by the tests."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from gonghui.core.jobs.runner import JobContext, JobFailed, job_task


@job_task("jobs.test_write_rows")
def write_rows(ctx: JobContext) -> None:
    """Write ``rows`` rows in one transaction; on the first attempt, pause at ``pause_at``."""
    rows = int(ctx.params["rows"])
    pause_at = ctx.params.get("pause_at")
    pause = float(ctx.params.get("pause_seconds", 0)) if ctx.job.attempt == 1 else 0.0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS jobs_test_row (n integer, job varchar(40))")
    with transaction.atomic(), connection.cursor() as cursor:
        for n in range(1, rows + 1):
            cursor.execute("INSERT INTO jobs_test_row (n, job) VALUES (%s, %s)", [n, str(ctx.job.pk)])
            ctx.progress(n, rows, stage="writing")
            if n == pause_at and pause:
                time.sleep(pause)
    ctx.summary(f"{rows} rows written")


@job_task("jobs.test_report")
def make_report(ctx: JobContext) -> None:
    """Count the lines of the input file and offer a report to download and a page to follow."""
    assert ctx.input_path is not None
    lines = ctx.input_path.read_text(encoding="utf-8").splitlines()
    for n, _line in enumerate(lines, 1):
        ctx.progress(n, len(lines), stage="counting")
    out = Path(ctx.input_path.parent / "report.tmp")
    out.write_text(f"{ctx.user.username}: {len(lines)}", encoding="utf-8")
    ctx.attach_result(out, "报告.txt")
    ctx.link("/jobs/", "我的任务")
    ctx.summary(f"{len(lines)} lines")


@job_task("jobs.test_refuse")
def refuse(ctx: JobContext) -> None:
    ctx.progress(1, 10)
    raise JobFailed(_("Only a failed or cancelled job can be run again."))


@job_task("jobs.test_crash")
def crash(ctx: JobContext) -> None:
    raise RuntimeError("secret 110101199003077777 in a traceback")


@job_task("jobs.test_progress")
def many_progress_calls(ctx: JobContext) -> None:
    for n in range(1, int(ctx.params["calls"]) + 1):
        ctx.progress(n, int(ctx.params["calls"]))
    ctx.summary(str(ctx.writes))
