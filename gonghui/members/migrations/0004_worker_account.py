"""The worker's own account (``Worker.account``, a nullable one-to-one link to ``accounts.User``) and
the one-time codes with which a worker makes it (``AccountActivation``).

On SQLite the column is added with a plain ``ALTER TABLE … ADD COLUMN`` and a unique index
(SQLite cannot add a UNIQUE column; Django's schema editor would rebuild ``members_worker``
and drop the triggers of the FTS5 name index, see 0002/0003). PostgreSQL takes the schema
editor's own ``add_field``. Going back drops the column on both.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SQLITE_UP = [
    "ALTER TABLE members_worker ADD COLUMN account_id bigint NULL "
    "REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED",
    "CREATE UNIQUE INDEX members_worker_account_id_uniq ON members_worker (account_id)",
]


def _field() -> models.OneToOneField:
    field = models.OneToOneField(
        blank=True,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="worker_record",
        to=settings.AUTH_USER_MODEL,
        verbose_name="worker account",
    )
    field.set_attributes_from_name("account")
    return field


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)
        return
    worker = apps.get_model("members", "Worker")
    field = _field()
    # Added to the historical model so that the link to the user model resolves in these apps.
    field.contribute_to_class(worker, "account")
    schema_editor.add_field(worker, field)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS members_worker_account_id_uniq")
    schema_editor.execute("ALTER TABLE members_worker DROP COLUMN account_id")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_worker_native_place"),
        ("tree", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AddField(
                    model_name="worker",
                    name="account",
                    field=models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="worker_record",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="worker account",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="AccountActivation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("code_hash", models.CharField(editable=False, max_length=128, verbose_name="code (hashed)")),
                ("expires_at", models.DateTimeField(verbose_name="valid until")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="used at")),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="issued by",
                    ),
                ),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tree.union",
                        verbose_name="union",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="account_activations",
                        to="members.worker",
                        verbose_name="worker",
                    ),
                ),
            ],
            options={
                "verbose_name": "account activation code",
                "verbose_name_plural": "account activation codes",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["worker", "used_at"], name="members_activation_worker")],
            },
        ),
    ]
