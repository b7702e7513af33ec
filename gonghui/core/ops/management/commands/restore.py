"""``gonghui restore DIR``: bring back a backup into an empty installation (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.ops import backups
from gonghui.core.ops.management.commands.backup import size_text
from gonghui.core.sheets.management.language import LocalisedCommand


class Command(LocalisedCommand):
    # The system checks would create a key file on a fresh installation (privacy.E010 reads the
    # keys); a refused restore must leave the installation as it found it.
    requires_system_checks: list[str] = []  # type: ignore[assignment]
    help_text = gettext_lazy(
        "Restore a backup written by `gonghui backup` into this installation, whose database must hold no data. "
        "Everything is checked first (checksums, schema version, keys); a refused restore changes nothing. "
        "Stop the service first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--keys",
            metavar="FILE",
            type=Path,
            help=_("the key file kept apart from the backup (installed as the key file if none is in place)"),
        )
        parser.add_argument("--check", action="store_true", help=_("only check that the backup can be restored here"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = backups.plan_restore(Path(options["directory"]), keys_file=options["keys"])
        except backups.RestoreRefused as exc:
            raise CommandError(_("Restore refused, nothing was changed: %(reason)s") % {"reason": exc}) from exc
        manifest = plan.manifest
        if options["check"]:
            self.stdout.write(self.style.SUCCESS(_("The backup can be restored here.")))
            return
        try:
            report = backups.restore(plan, progress=self.stdout.write)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for note in report.notes:
            self.stdout.write(note)
        self._migrate_forward()
        backups.record_restore(manifest)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored the backup of %(created)s: %(tables)d tables and %(rows)d rows, identical to the "
                    "manifest; %(files)d files (%(size)s) in %(seconds)s s."
                )
                % {
                    "created": manifest["created_at"],
                    "tables": report.tables,
                    "rows": report.rows,
                    "files": report.files,
                    "size": size_text(report.bytes),
                    "seconds": report.seconds,
                }
            )
        )

    def _migrate_forward(self) -> None:
        """A backup of an older version: its schema is brought forward by the usual migrations."""
        executor = MigrationExecutor(connections["default"])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write(_("The backup is of an older version: migrating it forward …"))
        # Also creates the job tables when the backup carried none (a different jobs set-up).
        call_command("migrate", interactive=False, verbosity=0)
