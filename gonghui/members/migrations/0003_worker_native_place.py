"""The worker's native place (籍贯), a column of the provincial member sheet.

Added with a plain ``ALTER TABLE … ADD COLUMN`` on both databases: Django's SQLite schema
editor would rebuild ``members_worker`` for a NOT NULL column (copy, drop, rename), and the
rebuild drops the triggers that keep the FTS5 name index (0002) in step. A later migration
on this table must do the same, or recreate those triggers.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_search_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE members_worker ADD COLUMN native_place varchar(100) NOT NULL DEFAULT ''",
                    "ALTER TABLE members_worker DROP COLUMN native_place",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="worker",
                    name="native_place",
                    field=models.CharField(blank=True, max_length=100, verbose_name="native place"),
                ),
            ],
        ),
    ]
