from __future__ import annotations

import argparse
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve gonghui with gunicorn (static files through WhiteNoise). On the embedded default "
        "(GONGHUI_EMBEDDED_WORKER, on with SQLite) it also runs one background-job worker, "
        "restarted if it dies and stopped with the server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GONGHUI_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("GONGHUI_WEB_THREADS", "4")))
        parser.add_argument(
            "--pid",
            default=os.environ.get("GONGHUI_PID_FILE") or None,
            help="write the server's process id to this file (an upgrade sends it USR2, see docs/deployment.md)",
        )
        parser.add_argument(
            "--worker",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="run a background-job worker beside the server (default: GONGHUI_EMBEDDED_WORKER)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings
        from gunicorn.app.base import BaseApplication

        from gonghui.wsgi import application

        bind = f"{options['host']}:{options['port']}"
        config = {
            "bind": bind,
            "workers": options["workers"],
            "threads": options["threads"],
            "timeout": 120,
            # An idle kept-alive connection is closed by the client (a browser, a proxy) before the server
            # does: gunicorn's default of 2 s let a request cross the server's close on the way, and the
            # client saw the connection reset with no answer (the load test's dropped requests).
            "keepalive": int(os.environ.get("GONGHUI_KEEPALIVE", "75")),
            "accesslog": os.environ.get("GONGHUI_ACCESS_LOG", "-"),
            "errorlog": "-",
            "loglevel": "warning",
            "pidfile": options["pid"],
            "when_ready": self._ready,
            "on_exit": self._exit,
        }
        embedded = settings.JOBS_EMBEDDED_WORKER if options["worker"] is None else options["worker"]
        self._supervisor = None
        if embedded:
            from gonghui.core.jobs.worker import Supervisor

            # Runs in gunicorn's master process, which outlives the web workers it restarts.
            self._supervisor = Supervisor(1)

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        self._bind = bind
        Server().run()

    def _ready(self, server: Any) -> None:
        """Called by gunicorn once the socket is bound, so the address printed really answers."""
        if self._supervisor is not None:
            self._supervisor.start_in_background()
        self.stdout.write(self.style.SUCCESS(f"gonghui is serving at http://{self._bind}/ (Ctrl+C stops it)"))
        if self._supervisor is not None:
            self.stdout.write("A background-job worker runs beside it.")
        self.stdout.flush()

    def _exit(self, server: Any) -> None:
        """Called by gunicorn as it stops: the embedded worker finishes its task and stops too."""
        if self._supervisor is not None:
            self._supervisor.stop()
