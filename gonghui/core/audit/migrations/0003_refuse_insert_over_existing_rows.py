"""SQLite: the database refuses an insert that reuses the id of an existing audit row.

``INSERT OR REPLACE`` (and ``REPLACE``) resolves a primary-key conflict by deleting the old
row, and SQLite fires no delete trigger for that unless ``recursive_triggers`` is on: the
statement would rewrite a row in place past ``audit_auditevent_no_update`` and, if the row
was old, past ``audit_auditevent_retention`` too. A BEFORE INSERT trigger runs before any
conflict resolution, whatever the statement's ``OR`` clause or connection's pragmas, so it
closes the way for every client of the file, not only the application's connections.

PostgreSQL needs nothing: it has no REPLACE, and ``INSERT ... ON CONFLICT DO UPDATE`` fires
the UPDATE trigger of 0002, which refuses it.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TRIGGER audit_auditevent_no_replace BEFORE INSERT ON audit_auditevent
       WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_auditevent_no_replace"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_FORWARD}), _run({"sqlite": SQLITE_BACKWARD})),
    ]
