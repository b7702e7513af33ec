from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the periodic jobs that are due, once (for cron when no worker runs); --name X runs X now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", action="append", default=[], help="run this periodic job now (repeatable)")
        parser.add_argument("--all", action="store_true", help="run every periodic job now, due or not")
        parser.add_argument("--list", action="store_true", help="list the periodic jobs and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        from gonghui.core.jobs import schedule

        known = schedule.registered()
        if options["list"]:
            for name, periodic in sorted(known.items()):
                self.stdout.write(f"{name}\t{periodic.every}")
            return
        unknown = [n for n in options["name"] if n not in known]
        if unknown:
            raise CommandError(f"no periodic job named {', '.join(unknown)}; see --list")
        if options["name"]:
            ran = schedule.run_due(names=options["name"], force=True)
        else:
            ran = schedule.run_due(force=options["all"])
        for name in ran:
            self.stdout.write(f"ran {name}")
