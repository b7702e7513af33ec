from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create


def find_union(reference: str) -> Union:
    """A union by credit code, by id, or by exact name (system scope)."""
    with system_scope("operator command line"):
        unions = Union.unscoped.all()
        match = unions.filter(credit_code=reference.upper()).first()
        if match is None and reference.isdigit():
            match = unions.filter(pk=int(reference)).first()
        if match is None:
            named = list(unions.filter(name=reference)[:2])
            if len(named) > 1:
                raise CommandError(
                    _("Several unions are named “%(name)s”: give the credit code.") % {"name": reference}
                )
            match = named[0] if named else None
    if match is None:
        raise CommandError(
            _("There is no union “%(union)s” (give its credit code, id or exact name).") % {"union": reference}
        )
    return match


class Command(BaseCommand):
    help = "Add a union to the tree (the county root first, with no --parent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--kind", required=True, choices=Union.Kind.values)
        parser.add_argument("--parent", help="credit code, id or exact name of the parent union")
        parser.add_argument("--credit-code")
        parser.add_argument("--founded", help="founding date, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        parent = find_union(options["parent"]) if options["parent"] else None
        try:
            with system_scope("operator command line"):
                union = union_create(
                    actor=None,
                    parent=parent,
                    name=options["name"],
                    kind=options["kind"],
                    credit_code=options["credit_code"],
                    founding_date=options["founded"],
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Added {union.name} (id {union.pk})."))
