from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.reference.files import ReferenceFileError, overlay_dir
from gonghui.core.reference.services import KindPlan, reference_load, reference_plan

SHOWN_DIFFERENCES = 20


class Command(BaseCommand):
    help = (
        "Load or refresh the reference data (divisions, industries, ethnic groups …) from its CSV files: "
        "new codes are created, changed ones updated, missing ones marked inactive. "
        "Files in <GONGHUI_DATA_DIR>/reference/ replace the shipped ones of the same name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="check the files and show the differences; write nothing"
        )
        parser.add_argument(
            "--from", dest="data_dir", type=Path, help=f"read files from this directory instead of {overlay_dir()}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = options["data_dir"]
        if data_dir is not None and not data_dir.is_dir():
            raise CommandError(f"{data_dir} is not a directory")
        try:
            report = reference_plan(data_dir=data_dir) if options["check"] else reference_load(data_dir=data_dir)
        except ReferenceFileError as exc:
            raise CommandError("The reference files have problems:\n  " + "\n  ".join(exc.problems)) from exc
        verb = "would be" if options["check"] else ""
        for plan in report.kinds:
            counts = plan.counts()
            self.stdout.write(
                f"{plan.kind.key:<18} {plan.rows:>5} rows  "
                + "  ".join(f"{n} {verb + ' ' if verb else ''}{what}" for what, n in counts.items())
                + f"  ({plan.path})"
            )
            if options["check"]:
                self._differences(plan)
        if not report.changed:
            self.stdout.write(self.style.SUCCESS("The reference data is up to date."))
        elif options["check"]:
            self.stdout.write(self.style.WARNING("The reference data differs from its files; nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS("Reference data loaded."))

    def _differences(self, plan: KindPlan) -> None:
        lines = [f"  + {obj.pk} {getattr(obj, 'name', '')}" for obj in plan.create]
        lines += [
            f"  ~ {code} " + ", ".join(f"{name}: {old!r} → {new!r}" for name, (old, new) in changes.items())
            for code, changes in plan.update.items()
        ]
        lines += [f"  - {code} (to be marked inactive)" for code in plan.deactivate]
        for line in lines[:SHOWN_DIFFERENCES]:
            self.stdout.write(line)
        if len(lines) > SHOWN_DIFFERENCES:
            self.stdout.write(f"  … and {len(lines) - SHOWN_DIFFERENCES} more")
