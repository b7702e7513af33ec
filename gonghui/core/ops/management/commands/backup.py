"""``gonghui backup DIR``: a consistent copy of the database and the stored files (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.ops import backups
from gonghui.core.sheets.management.language import LocalisedCommand


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class Command(LocalisedCommand):
    help_text = gettext_lazy(
        "Back up the database and the stored files into DIR (new or empty) while the service runs. The "
        "personal-data keys are not in the backup: keep them apart, or write them with --keys-to FILE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--keys-to",
            metavar="FILE",
            type=Path,
            help=_("also write the personal-data keys to FILE (outside DIR; keep it apart from the backup)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backups.backup(Path(options["directory"]), keys_to=options["keys_to"], progress=self.stdout.write)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(dir)s: %(tables)d tables, %(rows)d rows, %(files)d files, "
                    "%(size)s in %(seconds)s s."
                )
                % {
                    "dir": report.directory,
                    "tables": report.tables,
                    "rows": report.rows,
                    "files": report.files,
                    "size": size_text(report.bytes),
                    "seconds": report.seconds,
                }
            )
        )
        if options["keys_to"]:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "Warning: %(file)s holds the keys of every ID number, phone number and bank account. Keep it "
                        "apart from the backup (another medium, another place) and never send the two together."
                    )
                    % {"file": options["keys_to"]}
                )
            )
        else:
            self.stdout.write(
                _("The personal-data keys are not in the backup: a restore needs the key file kept apart from it.")
            )
