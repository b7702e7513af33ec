"""Where the job tables live: their own alias, and migrations on the database that holds them."""

from __future__ import annotations

from django.apps import apps
from django.db.migrations.state import ProjectState

from gonghui.core.jobs.models import Job
from gonghui.core.jobs.routers import JobsRouter


def test_job_tables_go_to_the_jobs_alias_and_nothing_else_does(settings):
    settings.JOBS_DATABASE = "jobs"
    settings.JOBS_MIGRATE_DATABASE = "jobs"
    router = JobsRouter()
    result_model = apps.get_model("django_tasks_database", "DBTaskResult")
    assert router.db_for_write(Job) == "jobs"
    assert router.db_for_read(result_model) == "jobs"
    assert router.db_for_read(apps.get_model("tree", "Union")) is None
    # separate database (SQLite): job tables are made there, nothing else is
    assert router.allow_migrate("jobs", "jobs") is True
    assert router.allow_migrate("default", "django_tasks_database") is False
    assert router.allow_migrate("jobs", "tree") is False
    assert router.allow_migrate("default", "tree") is None


def test_on_a_shared_database_job_tables_are_migrated_with_the_rest(settings):
    settings.JOBS_DATABASE = "jobs"
    settings.JOBS_MIGRATE_DATABASE = "default"
    router = JobsRouter()
    assert router.allow_migrate("default", "jobs") is True
    assert router.allow_migrate("jobs", "jobs") is False


def test_a_migrations_historical_model_uses_the_migrated_connection(settings):
    # django-tasks-db's data migration 0016 forgets .using(): on PostgreSQL a second
    # connection would wait for the migration's own lock.
    settings.JOBS_DATABASE = "jobs"
    settings.JOBS_MIGRATE_DATABASE = "default"
    historical = ProjectState.from_apps(apps).apps.get_model("django_tasks_database", "DBTaskResult")
    assert JobsRouter().db_for_write(historical) == "default"
