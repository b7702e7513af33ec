"""Consistent copies of the databases, and a digest of every table, for SQLite and PostgreSQL.

* SQLite: the online backup API (``sqlite3.Connection.backup``) copies the main file, and the
  jobs file when it is a separate one, while the server runs: one step, under one read
  transaction, so the copy is the database as it was at one instant (WAL lets writers go on).
* PostgreSQL: ``pg_dump -Fc`` under a snapshot exported by a REPEATABLE READ transaction
  that stays open while the tables are counted and digested, so the manifest describes exactly
  the rows in the dump, whatever was written meanwhile.

A table's digest is SHA-256 over its rows in primary-key order, each row's ``repr``: equal
digests on the same engine mean equal rows. Digests are compared only within one engine.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

BATCH = 2000
# The tables a database holds data in once anyone has used it: restore refuses such a database.
DATA_TABLES = ("tree_union", "accounts_user")


class DatabaseError(RuntimeError):
    """A copy or restore step failed (the message names the tool and its output)."""


@dataclass
class TableDigest:
    rows: int
    sha256: str


def _digest(cursor: Any, sql: str) -> TableDigest:
    cursor.execute(sql)
    digest = hashlib.sha256()
    rows = 0
    while True:
        batch = cursor.fetchmany(BATCH)
        if not batch:
            break
        for row in batch:
            digest.update(repr(tuple(row)).encode())
            digest.update(b"\n")
        rows += len(batch)
    return TableDigest(rows=rows, sha256=digest.hexdigest())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- SQLite ------------------------------------------------------------------------------


def sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _sqlite_order(connection: sqlite3.Connection, table: str) -> str:
    columns = connection.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    keys = sorted((c for c in columns if c[5]), key=lambda c: c[5]) or columns
    return ", ".join(_quote(c[1]) for c in keys)


def sqlite_digests(path: Path, *, prefix: str = "") -> dict[str, TableDigest]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = connection.cursor()
        return {
            prefix + table: _digest(
                cursor,
                f"SELECT * FROM {_quote(table)} ORDER BY {_sqlite_order(connection, table)}",  # noqa: S608 (names from the catalogue, quoted)
            )
            for table in sqlite_tables(connection)
        }
    finally:
        connection.close()


def sqlite_migrations(path: Path) -> list[list[str]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if "django_migrations" not in sqlite_tables(connection):
            return []
        rows = connection.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
        return [[app, name] for app, name in rows]
    finally:
        connection.close()


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database into ``target`` with the online backup API, in one step."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.execute("PRAGMA busy_timeout = 30000")
        # pages=-1: the whole database in one step, under one read transaction (a consistent copy).
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()


def sqlite_row_counts(path: Path, tables: tuple[str, ...]) -> dict[str, int]:
    """Rows in ``tables`` of the database at ``path`` (0 for an absent file or table)."""
    if not path.exists() or path.stat().st_size == 0:
        return {}
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = set(sqlite_tables(connection))
        return {
            t: connection.execute(f"SELECT count(*) FROM {_quote(t)}").fetchone()[0]  # noqa: S608 (quoted names)
            for t in tables
            if t in present
        }
    finally:
        connection.close()


def sqlite_install(copy: Path, target: Path) -> None:
    """Put a restored copy in place of ``target`` (which holds no data), with its -wal and -shm gone."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(copy, staged)
    os.chmod(staged, 0o600)
    os.replace(staged, target)


# --- PostgreSQL ----------------------------------------------------------------------------


def postgres_params(alias: str = "default") -> dict[str, Any]:
    """What psycopg and the PostgreSQL tools need to reach database ``alias``."""
    params = dict(connections[alias].get_connection_params())
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    return params


def _tool_env(params: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    mapping = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", "dbname": "PGDATABASE"}
    for key, variable in mapping.items():
        if params.get(key):
            env[variable] = str(params[key])
    if params.get("sslmode"):
        env["PGSSLMODE"] = str(params["sslmode"])
    if params.get("target_session_attrs"):
        env["PGTARGETSESSIONATTRS"] = str(params["target_session_attrs"])
    return env


def _connect(params: dict[str, Any]) -> Any:
    import psycopg

    names = {"host", "port", "user", "password", "dbname", "sslmode", "target_session_attrs", "options"}
    keep = {k: v for k, v in params.items() if k in names}
    # Autocommit: transactions are opened explicitly, with the isolation level they need.
    return psycopg.connect(**keep, autocommit=True)


def postgres_tool(name: str, server_version: int | None = None) -> str:
    """``pg_dump`` or ``pg_restore``: the one of the server's major version when installed, else PATH's."""
    if server_version:
        candidate = Path(f"/usr/lib/postgresql/{server_version // 10000}/bin/{name}")
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise DatabaseError(f"{name} was not found: install the PostgreSQL client tools (postgresql-client)")
    return found


def tool_major(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else 0


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _pg_order(cursor: Any, table: str) -> str:
    cursor.execute(
        """
        SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = %s::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)
        """,
        [_quote(table)],
    )
    keys = [row[0] for row in cursor.fetchall()]
    if not keys:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
            "ORDER BY attnum",
            [_quote(table)],
        )
        keys = [row[0] for row in cursor.fetchall()]
    return ", ".join(_quote(k) for k in keys)


def pg_digests_and_migrations(connection: Any) -> tuple[dict[str, TableDigest], list[list[str]]]:
    with connection.cursor() as cursor:
        tables = _pg_tables(cursor)
        digests = {
            table: _digest(cursor, f"SELECT * FROM {_quote(table)} ORDER BY {_pg_order(cursor, table)}")  # noqa: S608 (names from the catalogue, quoted)
            for table in tables
        }
        migrations: list[list[str]] = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations = [[app, name] for app, name in cursor.fetchall()]
    return digests, migrations


@contextmanager
def pg_snapshot(params: dict[str, Any]) -> Iterator[tuple[Any, str]]:
    """An open REPEATABLE READ transaction and the id of its exported snapshot."""
    connection = _connect(params)
    try:
        connection.execute("SET TIME ZONE 'UTC'")
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        yield connection, snapshot
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def pg_server_version(params: dict[str, Any]) -> int:
    with _connect(params) as connection:
        return int(connection.info.server_version)


def pg_dump(params: dict[str, Any], snapshot: str, target: Path) -> None:
    version = pg_server_version(params)
    tool = postgres_tool("pg_dump", version)
    if tool_major(tool) < version // 10000:
        raise DatabaseError(
            f"{tool} is older than the server (PostgreSQL {version // 10000}): install the matching client tools"
        )
    done = subprocess.run(  # noqa: S603 (our own command line)
        [tool, "--format=custom", f"--snapshot={snapshot}", "--file", str(target), "--no-password"],
        env=_tool_env(params),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DatabaseError(f"pg_dump failed: {done.stderr.strip()}")


def pg_state(params: dict[str, Any]) -> tuple[list[str], dict[str, int]]:
    """The tables of the target database's schema, and the rows of its data tables."""
    with _connect(params) as connection, connection.cursor() as cursor:
        tables = _pg_tables(cursor)
        counts = {}
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608 (names from the catalogue, quoted)
                counts[table] = cursor.fetchone()[0]
        return tables, counts


def pg_restore(params: dict[str, Any], dump: Path, *, drop_tables: list[str]) -> None:
    """Load ``dump`` into the (data-free) target in one transaction, after dropping ``drop_tables``."""
    if drop_tables:
        with _connect(params) as connection, connection.transaction():
            for table in drop_tables:
                connection.execute(f"DROP TABLE IF EXISTS {_quote(table)} CASCADE")
    version = pg_server_version(params)
    tool = postgres_tool("pg_restore", version)
    done = subprocess.run(  # noqa: S603 (our own command line)
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            "--dbname",
            str(params.get("dbname", "")),
            str(dump),
        ],
        env=_tool_env(params),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DatabaseError(f"pg_restore failed: {done.stderr.strip()}")


def pg_vacuum_analyze(params: dict[str, Any]) -> None:
    """Give a freshly loaded database its statistics and visibility map (``VACUUM (ANALYZE)``).

    Without the map an index-only scan checks every entry against its table page: a township's
    dense member search took 3.4 s on an unvacuumed copy of a 1,000,000-worker registry, 0.1 s
    after (bench/README.md, members_search). Autovacuum would get there within minutes.
    """
    with _connect(params) as connection:
        connection.execute("VACUUM (ANALYZE)")


def pg_restored_digests(params: dict[str, Any]) -> tuple[dict[str, TableDigest], list[list[str]]]:
    with pg_snapshot(params) as (connection, _snapshot):
        return pg_digests_and_migrations(connection)


def pg_drop_all(params: dict[str, Any], tables: list[str]) -> None:
    """Undo a restore that failed its verification: leave the target without those tables again."""
    with _connect(params) as connection, connection.transaction():
        for table in tables:
            connection.execute(f"DROP TABLE IF EXISTS {_quote(table)} CASCADE")
