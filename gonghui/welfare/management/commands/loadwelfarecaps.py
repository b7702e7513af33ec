from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gonghui.welfare.caps import CapFileError, caps_load


class Command(BaseCommand):
    help = (
        "Load or refresh the provinces' welfare caps from gonghui/welfare/data/*.csv "
        "(files of the same names in <DATA_DIR>/welfare/ replace the shipped ones)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="data_dir", type=Path, help="read the two files from this directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                counts = caps_load(options["data_dir"])
        except CapFileError as exc:
            raise CommandError("The cap files have problems:\n  " + "\n  ".join(exc.problems)) from exc
        self.stdout.write(self.style.SUCCESS(f"{counts['tables']} cap tables, {counts['caps']} caps loaded."))
