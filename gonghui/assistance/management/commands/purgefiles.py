"""``gonghui purgefiles``: delete hardship files kept ten years after the household left hardship."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.assistance.services import files_purge


class Command(BaseCommand):
    help = (
        "Delete hardship files whose household left hardship more than ten years ago, with their household "
        "members, documents and timeline; grants stay in the figures without the household."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list the files that would go, delete nothing")
        parser.add_argument("--today", help="count from this day (YYYY-MM-DD) instead of today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today takes a date as YYYY-MM-DD") from None
        numbers = files_purge(today=today, dry_run=options["dry_run"])
        verb = "would be purged" if options["dry_run"] else "purged"
        for number in numbers:
            self.stdout.write(number)
        self.stdout.write(self.style.SUCCESS(f"{len(numbers)} files {verb}."))
