"""Helper process for test_worker_sigkill: sets up a data directory and starts or retries a job.

Run with DJANGO_SETTINGS_MODULE=gonghui.core.jobs.tests.sigkill_settings and GONGHUI_DATA_DIR set:
``python -m gonghui.core.jobs.tests.sigkill_driver setup ROWS PAUSE_AT PAUSE_SECONDS`` prints a job id;
``... retry JOB_ID`` prints the new job's id.
"""

from __future__ import annotations

import sys

import django


def main(argv: list[str]) -> None:
    django.setup()
    from django.core.management import call_command

    from gonghui.core.jobs.models import Job
    from gonghui.core.jobs.services import job_retry, job_start
    from gonghui.core.jobs.tests.tasks import write_rows
    from gonghui.core.testing.world import build_world, load_world

    if argv[0] == "setup":
        call_command("migrate", verbosity=0)
        build_world()
        carol = load_world().carol
        rows, pause_at, pause = int(argv[1]), int(argv[2]), float(argv[3])
        job = job_start(
            actor=carol,
            task=write_rows,
            title="写入测试行",
            params={"rows": rows, "pause_at": pause_at, "pause_seconds": pause},
        )
        print(job.pk)
    elif argv[0] == "retry":
        carol = load_world().carol
        again = job_retry(actor=carol, job=Job.unscoped.get(pk=argv[1]))
        print(again.pk)


if __name__ == "__main__":
    main(sys.argv[1:])
