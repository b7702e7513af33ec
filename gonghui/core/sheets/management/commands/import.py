"""``gonghui import KIND FILE``: the import pipeline from the command line.

It speaks the operator's language (``--language``, else LANGUAGE / LC_ALL / LANG, else zh-hans:
``management/language.py``); the reader's and the checks' messages come in the same language,
since they are translated as the file is read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gonghui.core.sheets import engine, services, workbooks
from gonghui.core.sheets.management.language import LocalisedCommand
from gonghui.core.sheets.management.lookup import find_user
from gonghui.core.sheets.specs import REGISTRY, get_spec
from gonghui.core.tree.management.commands.createunion import find_union
from gonghui.core.tree.scoping import system_scope

REPAIR_LINES = 50  # repairs listed without --all-repairs (the report keeps the first 5,000)


class Command(LocalisedCommand):
    help_text = gettext_lazy(
        "Import a spreadsheet (.xlsx, .xls, .csv): check every row, then write all of them in one "
        "transaction, or nothing. Exit code 0: imported (or checked, with --dry-run); 1: data errors, "
        "nothing written; 2: the file was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("kind", help=_("the sheet kind: %(kinds)s") % {"kinds": ", ".join(sorted(REGISTRY))})
        parser.add_argument("file", type=Path, help=_("the spreadsheet to import"))
        parser.add_argument("--union", help=_("import under this union (credit code, id or exact name)"))
        parser.add_argument("--as", dest="as_user", help=_("act as this user (their scope and permissions)"))
        parser.add_argument("--dry-run", action="store_true", help=_("check only; write nothing"))
        parser.add_argument("--errors", type=Path, help=_("write the error workbook here when there are errors"))
        parser.add_argument(
            "--all-repairs",
            action="store_true",
            help=_("list every repair made while reading, not only the first %(count)d") % {"count": REPAIR_LINES},
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = get_spec(options["kind"])
        except KeyError:
            raise CommandError(
                _("Unknown sheet kind “%(kind)s”; the kinds are: %(known)s.")
                % {"kind": options["kind"], "known": ", ".join(sorted(REGISTRY))}
            ) from None
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        actor = find_user(options["as_user"]) if options["as_user"] else None
        union = find_union(options["union"]) if options["union"] else None
        try:
            root = services.import_root(actor=actor, union=union)
        except PermissionDenied as exc:
            raise CommandError(str(exc) or _("Permission denied.")) from exc

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
            raise CommandError(str(exc) or _("Permission denied.")) from exc
        sys.stderr.write("\n")
        out = self.stdout
        out.write(
            _("Import of %(title)s: %(file)s → %(union)s")
            % {"title": spec.title, "file": path.name, "union": root.name}
        )
        if report.refused:
            out.write(self.style.ERROR(_("The file was refused: %(reason)s") % {"reason": report.refused}))
        for message in report.file_errors:
            out.write(self.style.ERROR(message))
        for notice in report.notices:
            out.write(_("Notice: %(notice)s") % {"notice": notice})
        if not report.refused:
            out.write(
                ngettext(
                    "%(total)d row: %(valid)d valid, %(invalid)d with errors; %(create)d to add, %(update)d to update.",
                    "%(total)d rows: %(valid)d valid, %(invalid)d with errors; "
                    "%(create)d to add, %(update)d to update.",
                    report.total,
                )
                % {
                    "total": report.total,
                    "valid": report.valid,
                    "invalid": report.invalid,
                    "create": report.to_create,
                    "update": report.to_update,
                }
            )
        self._write_repairs(report, show_all=options["all_repairs"])
        if report.error_count:
            out.write(
                ngettext("%(count)d error:", "%(count)d errors:", report.error_count) % {"count": report.error_count}
            )
            for line in report.row_errors():
                out.write(f"  {line}")
        if options["errors"] and report.error_count and not report.refused:
            with system_scope("operator command line"):
                workbooks.write_error_workbook(spec, report, path, options["errors"])
            out.write(_("Error workbook written to %(path)s.") % {"path": options["errors"]})
        if report.written:
            out.write(
                self.style.SUCCESS(
                    _("Imported: %(created)d added, %(updated)d updated.")
                    % {"created": report.created, "updated": report.updated}
                )
            )
        elif options["dry_run"] and report.ok:
            out.write(self.style.SUCCESS(_("Checked: no errors (dry run: nothing was written).")))
        else:
            out.write(self.style.ERROR(_("Nothing was written.")))
        if report.exit_code:
            sys.exit(report.exit_code)

    def _write_repairs(self, report: engine.ImportReport, *, show_all: bool) -> None:
        """The repairs made while reading: a count, the first ``REPAIR_LINES`` (or all kept), what is left."""
        if not report.warnings:
            return
        out = self.stdout
        out.write(
            ngettext(
                "%(count)d repair made while reading (not an error):",
                "%(count)d repairs made while reading (not errors):",
                report.warnings,
            )
            % {"count": report.warnings}
        )
        lines = report.repairs(None if show_all else REPAIR_LINES)
        for line in lines:
            out.write(f"  {line}")
        rest = report.warnings - len(lines)
        if rest <= 0:
            return
        if len(lines) < len(report.warning_list):
            out.write("  " + _("… and %(count)d more: --all-repairs lists them all.") % {"count": rest})
        else:
            out.write(
                "  "
                + _("… and %(count)d more, not kept: only the first %(kept)d repairs are kept.")
                % {"count": rest, "kept": len(report.warning_list)}
            )
