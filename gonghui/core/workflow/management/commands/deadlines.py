"""``gonghui deadlines``: mark overdue deadlines and escalate them, once (the schedule runs it hourly)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.core.workflow.services import deadlines_check


class Command(BaseCommand):
    help = "Mark overdue deadlines and escalate those past the grace period to the parent union."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="check as of this date (YYYY-MM-DD)")

    def handle(self, *args: Any, today: date | None = None, **options: Any) -> None:
        result = deadlines_check(today=today)
        self.stdout.write(
            f"{result.overdue} newly overdue, {result.escalated} escalated, {result.recomputed} recomputed"
            + (f", {len(result.failed)} failed: {result.failed}" if result.failed else "")
        )
