"""``gonghui import KIND FILE``: the import pipeline from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.sheets import services, workbooks
from gonghui.core.sheets.management.lookup import find_user
from gonghui.core.sheets.specs import REGISTRY, get_spec
from gonghui.core.tree.management.commands.createunion import find_union
from gonghui.core.tree.scoping import system_scope


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (.xlsx, .xls, .csv): check every row, then write all of them in one "
        "transaction, or nothing. Exit code 0: imported (or checked, with --dry-run); 1: data errors, "
        "nothing written; 2: the file was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="the sheet kind: " + ", ".join(sorted(REGISTRY)))
        parser.add_argument("file", type=Path)
        parser.add_argument("--union", help="import under this union (credit code, id or exact name)")
        parser.add_argument("--as", dest="as_user", help="act as this user (their scope and permissions)")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--errors", type=Path, help="write the error workbook here when there are errors")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = get_spec(options["kind"])
        except KeyError:
            raise CommandError(f"Unknown kind {options['kind']!r}; known: {', '.join(sorted(REGISTRY))}") from None
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        actor = find_user(options["as_user"]) if options["as_user"] else None
        union = find_union(options["union"]) if options["union"] else None
        try:
            root = services.import_root(actor=actor, union=union)
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Permission denied.") from exc

        def progress(done: int, total: int | None, stage: str) -> None:
            of = f" / {total}" if total else ""
            sys.stderr.write(f"\r{stage} {done}{of}   ")
            sys.stderr.flush()

        try:
            report = services.sheet_import_run(
                actor=actor,
                spec=spec,
                path=path,
                filename=path.name,
                root=root,
                write=not options["dry_run"],
                progress=progress,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Permission denied.") from exc
        sys.stderr.write("\n")
        out = self.stdout
        out.write(f"{spec.kind}: {path.name} → {root.name}")
        if report.refused:
            out.write(f"REFUSED: {report.refused}")
        out.write(
            f"rows {report.total}, valid {report.valid}, with errors {report.invalid}, "
            f"to create {report.to_create}, to update {report.to_update}"
        )
        for notice in report.notices:
            out.write(f"notice: {notice}")
        for line in report.messages():
            if line != report.refused:
                out.write(line)
        if options["errors"] and report.error_count and not report.refused:
            with system_scope("operator command line"):
                workbooks.write_error_workbook(spec, report, path, options["errors"])
            out.write(f"error workbook: {options['errors']}")
        if report.written:
            out.write(self.style.SUCCESS(f"imported: {report.created} created, {report.updated} updated"))
        elif options["dry_run"] and report.ok:
            out.write(self.style.SUCCESS("checked: no errors (dry run, nothing written)"))
        else:
            out.write(self.style.ERROR("nothing written"))
        if report.exit_code:
            sys.exit(report.exit_code)
