"""Routes the job tables to their own database alias (see docs/jobs.md).

A job's progress must commit while its work is still inside one long transaction on
"default". Writing the progress through a second connection does that: on SQLite the job
tables are a second file (SQLite has one writer per file, so a second connection to the main
file would wait for the import to commit); on PostgreSQL the alias is the same database
reached through another, autocommitting connection.

No foreign key crosses the two: a job keeps its owner's id and union path as plain values.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.conf import settings

# Apps whose tables live with the jobs: ours, and the django-tasks-db queue.
JOB_APPS = frozenset({"jobs", "django_tasks_database"})
JOBS_ALIAS = "jobs"


class JobsRouter:
    def _alias_for(self, model: Any) -> str | None:
        if model._meta.app_label not in JOB_APPS:
            return None
        if model._meta.apps is not global_apps:
            # A migration's historical model: it must use the connection being migrated, or
            # on PostgreSQL a data migration that forgets `.using()` (django-tasks-db 0016)
            # would wait, on the second connection, for the migration's own lock.
            return str(settings.JOBS_MIGRATE_DATABASE)
        return str(settings.JOBS_DATABASE)

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return self._alias_for(model)

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return self._alias_for(model)

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        if app_label in JOB_APPS:
            return db == settings.JOBS_MIGRATE_DATABASE
        if db == JOBS_ALIAS:
            # Nothing else is ever created in the jobs database.
            return False
        return None
