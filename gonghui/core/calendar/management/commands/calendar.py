"""``gonghui calendar``: which years the statutory calendar knows, and one year's special days."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.calendar import statutory

WEEKDAYS = "一二三四五六日"


class Command(BaseCommand):
    help = "Show the known years of the statutory calendar, or the holidays and made-up working days of one year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="show this year's holidays and made-up working days (调休)")

    def handle(self, *args: Any, year: int | None = None, **options: Any) -> None:
        try:
            overrides = statutory.load_overrides()
        except statutory.CalendarOverridesError as exc:
            raise CommandError(str(exc)) from exc
        if year is None:
            self.stdout.write(f"Overrides file: {overrides.path}")
            known_years = statutory.coverage()
            for known, source in known_years.items():
                self.stdout.write(f"{known}  {source}")
            next_year = date.today().year + 1
            if next_year not in known_years:
                self.stdout.write(
                    self.style.WARNING(
                        f"The calendar of {next_year} is not known yet: deadlines running into it are provisional. "
                        "Add the State Council's notice (docs/calendar.md)."
                    )
                )
            return
        try:
            days = statutory.year_days(year)
        except statutory.CalendarYearUnknown as exc:
            raise CommandError(str(exc)) from exc
        source = statutory.coverage()[year]
        self.stdout.write(f"{year}: known from {source}")
        if year in overrides.notices:
            self.stdout.write(f"  notice: {overrides.notices[year]}")
        self.stdout.write(f"  overrides file: {overrides.path}")
        for day in days:
            kind = "holiday     " if day.kind == statutory.HOLIDAY else "working day "
            self.stdout.write(
                f"{day.date:%Y-%m-%d} 周{WEEKDAYS[day.date.weekday()]}  {kind} {day.name}  [{day.source}]"
            )
        holidays = sum(1 for d in days if d.kind == statutory.HOLIDAY)
        self.stdout.write(f"{holidays} holidays, {len(days) - holidays} made-up working days")
