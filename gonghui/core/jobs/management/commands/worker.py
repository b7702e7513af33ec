from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run background jobs and periodic jobs. On PostgreSQL run as many as needed, on any host "
        "(or --processes N); on SQLite `gonghui serve` already runs one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--processes", type=int, default=1, help="worker processes to run and keep running")
        parser.add_argument("--queue-name", default="default", help="queues to take tasks from, comma-separated")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument("--no-periodic", action="store_true", help="do not run periodic jobs in this worker")
        parser.add_argument(
            "--no-startup-delay", action="store_true", help="start at once (no random delay spreading workers)"
        )
        parser.add_argument("--parent-pid", type=int, default=None, help="stop when this process is gone")

    def handle(self, *args: Any, **options: Any) -> None:
        from gonghui.core.jobs.worker import Supervisor, run_worker

        level = logging.INFO if options["verbosity"] > 1 else logging.WARNING
        logging.getLogger("django_tasks_db").setLevel(level)
        logging.getLogger("django_tasks").setLevel(level)
        if options["processes"] > 1:
            extra = ["--queue-name", options["queue_name"], "--interval", str(options["interval"])]
            if options["no_periodic"]:
                extra.append("--no-periodic")
            Supervisor(options["processes"], extra_args=extra).run_forever()
            return
        run_worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            periodic=not options["no_periodic"],
            parent_pid=options["parent_pid"],
            startup_delay=not options["no_startup_delay"],
        )
