"""The database's own inverted index on worker names, and prefix indexes on the pinyin columns.

``members_worker.name_grams`` holds the name's characters and character pairs
("张 伟 强 张伟 伟强", written with the name). A name query looks up one term (1 character) or
all its pairs (2+ characters) — the common two-character query is one exact term:

* SQLite: an FTS5 table over ``name_grams`` (unicode61 tokenizer: a CJK run between spaces
  is one token), external content kept by triggers, so ``bulk_create`` and ``update()``
  keep it too.
* PostgreSQL: a GIN index on ``string_to_array(name_grams, ' ')`` (an array ``@>`` lookup,
  independent of the database's locale; no extension needed), and ``varchar_pattern_ops``
  indexes on the pinyin columns so ``LIKE 'zs%'`` is an index range whatever the collation.
  (SQLite uses a plain ``>= / <`` range on the B-tree index instead.)
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS members_worker_grams USING fts5("
    "name_grams, content='members_worker', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS members_worker_grams_ai AFTER INSERT ON members_worker BEGIN "
    "INSERT INTO members_worker_grams(rowid, name_grams) VALUES (new.id, new.name_grams); END",
    "CREATE TRIGGER IF NOT EXISTS members_worker_grams_ad AFTER DELETE ON members_worker BEGIN "
    "INSERT INTO members_worker_grams(members_worker_grams, rowid, name_grams) "
    "VALUES ('delete', old.id, old.name_grams); END",
    "CREATE TRIGGER IF NOT EXISTS members_worker_grams_au AFTER UPDATE OF name_grams ON members_worker BEGIN "
    "INSERT INTO members_worker_grams(members_worker_grams, rowid, name_grams) "
    "VALUES ('delete', old.id, old.name_grams); "
    "INSERT INTO members_worker_grams(rowid, name_grams) VALUES (new.id, new.name_grams); END",
    "INSERT INTO members_worker_grams(members_worker_grams) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS members_worker_grams_au",
    "DROP TRIGGER IF EXISTS members_worker_grams_ad",
    "DROP TRIGGER IF EXISTS members_worker_grams_ai",
    "DROP TABLE IF EXISTS members_worker_grams",
]
POSTGRES_UP = [
    "CREATE INDEX IF NOT EXISTS members_worker_grams_gin ON members_worker "
    "USING gin (string_to_array(name_grams, ' '))",
    "CREATE INDEX IF NOT EXISTS members_worker_pinyin_like ON members_worker (pinyin varchar_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS members_worker_initials_like ON members_worker (pinyin_initials varchar_pattern_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS members_worker_initials_like",
    "DROP INDEX IF EXISTS members_worker_pinyin_like",
    "DROP INDEX IF EXISTS members_worker_grams_gin",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
