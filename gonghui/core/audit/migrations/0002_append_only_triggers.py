"""The database itself refuses to change audit rows, or to delete any younger than 183 days.

The application cannot bypass this through the ORM or raw SQL. (In production the
application's database role should also lack TRUNCATE on the table: see docs/deployment.md.)
"""

from django.db import migrations

RETENTION_DAYS = 183  # Cybersecurity Law: logs kept at least six months.

SQLITE_FORWARD = [
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    f"""CREATE TRIGGER audit_auditevent_retention BEFORE DELETE ON audit_auditevent
       WHEN OLD.at >= strftime('%Y-%m-%d %H:%M:%f', 'now', '-{RETENTION_DAYS} days')
       BEGIN SELECT RAISE(ABORT, 'audit rows are kept at least {RETENTION_DAYS} days'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_retention",
]
POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION audit_auditevent_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit log is append-only';
        END IF;
        IF OLD.at >= now() - interval '{RETENTION_DAYS} days' THEN
            RAISE EXCEPTION 'audit rows are kept at least {RETENTION_DAYS} days';
        END IF;
        RETURN OLD;
    END $$""",
    """CREATE TRIGGER audit_auditevent_guard BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_auditevent_guard()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditevent_guard ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_guard()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
