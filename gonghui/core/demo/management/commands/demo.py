from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from gonghui.core.demo.registry import SIZES, DemoContext, steps
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope

DEMO_PASSWORD = "Gonghui#2026"  # noqa: S105 (printed at start; demo databases only)


class Command(BaseCommand):
    help = "Build the demo county: a realistic union tree, accounts for every role, and each module's data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="county")
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same county")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database holds unions")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo account")

    def handle(self, *args: Any, **options: Any) -> None:
        exists = Union.unscoped.exists()
        if exists and options["if_empty"]:
            self.stdout.write("The database already holds a county; the demo is not rebuilt.")
            return
        if exists:
            raise CommandError("The database already holds unions. Use a fresh database for the demo.")
        ctx = DemoContext(
            rng=random.Random(options["seed"]),
            size=SIZES[options["size"]],
            today=timezone.localdate(),
            password=options["password"],
            write=lambda line: self.stdout.write(line),
        )
        started = time.perf_counter()
        with system_scope("building the demo county"), transaction.atomic():
            for _order, name, step in steps():
                step_started = time.perf_counter()
                step(ctx)
                self.stdout.write(f"  {name}: {time.perf_counter() - step_started:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Demo county built in {time.perf_counter() - started:.1f} s."))
