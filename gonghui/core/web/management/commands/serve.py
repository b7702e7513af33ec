from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve gonghui with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GONGHUI_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("GONGHUI_WEB_THREADS", "4")))

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from gonghui.wsgi import application

        bind = f"{options['host']}:{options['port']}"
        config = {
            "bind": bind,
            "workers": options["workers"],
            "threads": options["threads"],
            "timeout": 120,
            "accesslog": os.environ.get("GONGHUI_ACCESS_LOG", "-"),
            "errorlog": "-",
            "loglevel": "warning",
            "when_ready": self._ready,
        }

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
        self.stdout.write(self.style.SUCCESS(f"gonghui is serving at http://{self._bind}/ (Ctrl+C stops it)"))
        self.stdout.flush()
