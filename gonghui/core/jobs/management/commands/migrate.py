"""``migrate`` that also migrates the jobs database when it is a separate one (SQLite).

With no ``--database``, it migrates "default" and then, if the job tables live in their own
database, "jobs". ``--database X`` migrates only X, as Django's own command does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS


class Command(DjangoMigrate):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(database=None)

    def get_check_kwargs(self, options: dict[str, Any]) -> Any:
        # Django's migrate checks the one database it is given; with none given, check each one
        # this command is about to migrate.
        kwargs = super().get_check_kwargs(options)
        if options["database"] is None:
            kwargs["databases"] = self._targets()
        return kwargs

    @staticmethod
    def _targets() -> list[str]:
        jobs_db = settings.JOBS_MIGRATE_DATABASE
        if jobs_db != DEFAULT_DB_ALIAS and jobs_db in settings.DATABASES:
            return [DEFAULT_DB_ALIAS, jobs_db]
        return [DEFAULT_DB_ALIAS]

    def handle(self, *args: Any, **options: Any) -> None:
        if options["database"] is not None:
            super().handle(*args, **options)
            return
        for database in self._targets():
            super().handle(*args, **{**options, "database": database})
