"""``gonghui export KIND OUT.xlsx``: the export pipeline from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gonghui.core.sheets import services
from gonghui.core.sheets.management.language import LocalisedCommand
from gonghui.core.sheets.management.lookup import find_user
from gonghui.core.sheets.specs import REGISTRY, ExportParams, get_spec
from gonghui.core.tree.management.commands.createunion import find_union


class Command(LocalisedCommand):
    help_text = gettext_lazy(
        "Export a list as .xlsx, in the import template's columns; personal data masked unless --unmasked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("kind", help=_("the sheet kind: %(kinds)s") % {"kinds": ", ".join(sorted(REGISTRY))})
        parser.add_argument("out", type=Path, help=_("the workbook to write (.xlsx)"))
        parser.add_argument("--union", help=_("only this union's part of the tree (credit code, id or exact name)"))
        parser.add_argument("--as", dest="as_user", help=_("act as this user (their scope and permissions)"))
        parser.add_argument("--unmasked", action="store_true", help=_("show personal data in full (audited)"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = get_spec(options["kind"])
            if not spec.exports():
                raise KeyError(options["kind"])
        except KeyError:
            raise CommandError(
                _("Unknown sheet kind “%(kind)s”; the kinds are: %(known)s.")
                % {"kind": options["kind"], "known": ", ".join(sorted(k for k, s in REGISTRY.items() if s.exports()))}
            ) from None
        actor = find_user(options["as_user"]) if options["as_user"] else None
        union = find_union(options["union"]) if options["union"] else None
        try:
            if union is not None:
                union = services.import_root(actor=actor, union=union)
            params = ExportParams(unmasked=options["unmasked"], union=union)
            count = services.sheet_export(actor=actor, spec=spec, params=params, path=options["out"])
        except PermissionDenied as exc:
            raise CommandError(str(exc) or _("Permission denied.")) from exc
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(count)d row written to %(path)s.", "%(count)d rows written to %(path)s.", count)
                % {"count": count, "path": options["out"]}
            )
        )
