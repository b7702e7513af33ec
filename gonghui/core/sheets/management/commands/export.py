"""``gonghui export KIND OUT.xlsx``: the export pipeline from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.sheets import services
from gonghui.core.sheets.management.lookup import find_user
from gonghui.core.sheets.specs import REGISTRY, ExportParams, get_spec
from gonghui.core.tree.management.commands.createunion import find_union


class Command(BaseCommand):
    help = "Export a list as .xlsx, in the import template's columns; personal data masked unless --unmasked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="the sheet kind: " + ", ".join(sorted(REGISTRY)))
        parser.add_argument("out", type=Path)
        parser.add_argument("--union", help="only this union's part of the tree (credit code, id or exact name)")
        parser.add_argument("--as", dest="as_user", help="act as this user (their scope and permissions)")
        parser.add_argument("--unmasked", action="store_true", help="show personal data in full (audited)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = get_spec(options["kind"])
        except KeyError:
            raise CommandError(f"Unknown kind {options['kind']!r}; known: {', '.join(sorted(REGISTRY))}") from None
        actor = find_user(options["as_user"]) if options["as_user"] else None
        union = find_union(options["union"]) if options["union"] else None
        try:
            if union is not None:
                union = services.import_root(actor=actor, union=union)
            params = ExportParams(unmasked=options["unmasked"], union=union)
            count = services.sheet_export(actor=actor, spec=spec, params=params, path=options["out"])
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Permission denied.") from exc
        self.stdout.write(self.style.SUCCESS(f"{count} rows written to {options['out']}"))
