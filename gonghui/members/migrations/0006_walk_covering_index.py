"""The walk's index carries the columns a dense search or filter tests (PostgreSQL's INCLUDE).

SQLite has no covering columns (Django leaves INCLUDE out there): its index stays as it is, so
the database operation runs on PostgreSQL only; the state is the same on both.
"""

from django.db import migrations, models

NAME = "members_worker_union_status"
KEY = ["union", "member_status", "id"]
INCLUDE = ["pinyin_initials", "pinyin", "card_number", "category", "birth_date"]
OLD = models.Index(fields=KEY, name=NAME)
NEW = models.Index(fields=KEY, name=NAME, include=INCLUDE)


def _swap(apps, schema_editor, old, new):
    if schema_editor.connection.vendor != "postgresql":
        return
    worker = apps.get_model("members", "Worker")
    schema_editor.remove_index(worker, old)
    schema_editor.add_index(worker, new)


def forward(apps, schema_editor):
    _swap(apps, schema_editor, OLD, NEW)


def backward(apps, schema_editor):
    _swap(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_index_diet")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="worker", name=NAME),
                migrations.AddIndex(model_name="worker", index=NEW),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        )
    ]
