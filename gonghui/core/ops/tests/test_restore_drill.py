"""The restore drill: back up a live installation while it writes, restore it elsewhere, compare everything.

Real processes on a real installation, as an operator runs them: SQLite files in a data directory, or,
when the suite runs on PostgreSQL (DATABASE_URL), two fresh databases on that server. The source is the
demo county plus an account with a known ID number and some stored files; a writer process commits
numbered changes to two tables (an audit row and the account's name, in one transaction) while
``gonghui backup`` runs. The restored installation must hold every table's rows exactly as the source
held them at one instant (the writer's changes a prefix, the two tables agreeing), every stored file
with its checksum, and the account must be found by its ID number's blind index and decrypted.

A restore that cannot be done (no key, a newer schema) is refused in the operator's language and
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from gonghui.core.ops import databases
from gonghui.core.ops.tests.drill_driver import FILES, ID_NUMBER, WRITER

# One worker runs the whole drill: its installations are built once, by the module's fixture.
pytestmark = pytest.mark.xdist_group("restore_drill")

SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
RESTORE_ROW = "restore of the backup"


# --- Installations ------------------------------------------------------------------------


@dataclass
class Installation:
    data_dir: Path
    database_url: str | None

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GONGHUI_") and k != "DATABASE_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="gonghui.core.ops.tests.drill_settings",
            GONGHUI_DATA_DIR=str(self.data_dir),
            GONGHUI_LOG_LEVEL="CRITICAL",
            LANGUAGE="",
            LC_ALL="C.UTF-8",
            LANG="C.UTF-8",
            PYTHONUNBUFFERED="1",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(extra)
        return env

    def run(
        self, *args: str, timeout: float = 300, check: bool = True, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603 (our own command line)
            [sys.executable, *args], env=self.env(**extra), capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def gonghui(self, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "gonghui.cli", *args, **kwargs)

    def driver(self, *args: str) -> str:
        return self.run("-m", "gonghui.core.ops.tests.drill_driver", *args).stdout.strip().splitlines()[-1]

    # Reading the installation's database directly, as the test's own witness.

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows in primary-key order (SQLite: the jobs file's tables prefixed "jobs:")."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as connection:
                connection.execute("SET TIME ZONE 'UTC'")
                cursor = connection.cursor()
                found = {}
                for table in databases._pg_tables(cursor):
                    order = databases._pg_order(cursor, table)
                    cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')  # noqa: S608 (catalogue names)
                    found[table] = [tuple(row) for row in cursor.fetchall()]
                return found
        found = {}
        for prefix, name in (("", "gonghui.sqlite3"), ("jobs:", "jobs.sqlite3")):
            path = self.data_dir / name
            if not path.exists():
                continue
            connection = sqlite3.connect(path)
            try:
                for table in databases.sqlite_tables(connection):
                    order = databases._sqlite_order(connection, table)
                    rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()  # noqa: S608
                    found[prefix + table] = rows
            finally:
                connection.close()
        return found

    def columns(self, table: str) -> list[str]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                cursor = connection.execute(f'SELECT * FROM "{table}" LIMIT 0')  # noqa: S608
                return [c.name for c in cursor.description or []]
        connection = sqlite3.connect(self.data_dir / "gonghui.sqlite3")
        try:
            return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        finally:
            connection.close()

    def stored_files(self) -> dict[str, str]:
        found = {}
        for name in ("attachments", "sheets", "jobs", "reference"):
            root = self.data_dir / name
            for path in sorted(root.rglob("*")) if root.exists() else []:
                if path.is_file():
                    found[f"{name}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found

    def state(self) -> Any:
        """What a refused restore must leave as it was: the data directory's files, and the database's tables."""
        files = {p.relative_to(self.data_dir).as_posix(): p.stat().st_mtime_ns for p in self.data_dir.rglob("*")}
        return files, sorted(self.tables())


def _database_url(name: str) -> str:
    parts = urlsplit(SERVER_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_database_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def new_installation(root: Path, name: str, created: list[str]) -> Installation:
    data_dir = root / name
    data_dir.mkdir()
    if not ON_POSTGRES:
        return Installation(data_dir, None)
    database = f"gonghui_drill_{name}_{uuid.uuid4().hex[:8]}"
    _admin(f"CREATE DATABASE {database} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0")
    created.append(database)
    return Installation(data_dir, _database_url(database))


@dataclass
class Drill:
    source: Installation
    restored: Installation
    backup_dir: Path
    source_tables: dict[str, list[tuple[Any, ...]]]
    source_files: dict[str, str]
    writes_total: int
    root: Path
    # One empty installation every refused restore is tried on: each must leave it as it was.
    empty: Installation


def _drill_rows(rows: list[tuple[Any, ...]], note_at: int) -> list[int]:
    return sorted(int(row[note_at].split()[1]) for row in rows if str(row[note_at]).startswith("drill "))


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    root = tmp_path_factory.mktemp("drill")
    created: list[str] = []
    try:
        source = new_installation(root, "source", created)
        # given an installation with the demo county, an account with an ID number, and stored files
        assert source.driver("build") == "built"
        note_at = source.columns("audit_auditevent").index("note")
        # and a writer committing changes to two tables, one transaction at a time
        stop = root / "stop-writing"
        writer = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gonghui.core.ops.tests.drill_driver", "write", str(stop)],
            env=source.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while len(_drill_rows(source.tables()["audit_auditevent"], note_at)) < 20:
                assert writer.poll() is None, writer.communicate()
                assert time.monotonic() < deadline, "the writer does not write"
                time.sleep(0.2)
            # when the installation is backed up while the writer goes on
            backup_dir = root / "backup"
            source.gonghui("backup", str(backup_dir))
            time.sleep(0.5)
        finally:
            stop.touch()
            out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        # and restored into a new, empty installation with the key file kept apart
        restored = new_installation(root, "restored", created)
        restored.gonghui("restore", str(backup_dir), "--keys", str(source.data_dir / "data_keys"))
        yield Drill(
            source=source,
            restored=restored,
            backup_dir=backup_dir,
            source_tables=source.tables(),
            source_files=source.stored_files(),
            writes_total=int(out.strip().splitlines()[-1]),
            root=root,
            empty=new_installation(root, "empty", created),
        )
    finally:
        for database in created:
            _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def test_the_restored_installation_is_the_source_at_one_instant(drill: Drill) -> None:
    restored = drill.restored.tables()
    source = drill.source_tables
    assert set(restored) == set(source)
    note_at = drill.source.columns("audit_auditevent").index("note")
    name_at = drill.source.columns("accounts_user").index("full_name")
    user_at = drill.source.columns("accounts_user").index("username")

    # The writer's changes: a prefix 1..k of what it committed, taken while it was still writing
    audit = [row for row in restored["audit_auditevent"] if not str(row[note_at]).startswith(RESTORE_ROW)]
    written = _drill_rows(audit, note_at)
    k = len(written)
    assert written == list(range(1, k + 1))
    assert 20 <= k < drill.writes_total, "the backup was not taken while the writer wrote"
    # and both tables of each transaction agree: the account's name is the last audit row's number
    writer_row = next(row for row in restored["accounts_user"] if row[user_at] == WRITER)
    assert writer_row[name_at] == f"drill {k}"

    # The audit log is the source's up to the last row in the backup, plus the restore's own record
    last_id = max(row[0] for row in audit)
    assert audit == [row for row in source["audit_auditevent"] if row[0] <= last_id]
    assert next(row[note_at] for row in restored["audit_auditevent"] if row not in audit).startswith(RESTORE_ROW)

    # The backup itself is in the source's audit log, written after the copy (so not in it)
    backed_up = [
        row for row in source["audit_auditevent"] if str(row[note_at]).startswith("backup of the installation")
    ]
    assert len(backed_up) == 1
    assert backed_up[0] not in restored["audit_auditevent"]

    # The accounts are the source's, the writer's name as of that instant
    def without_writer_name(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [row[:name_at] + row[name_at + 1 :] if row[user_at] == WRITER else row for row in rows]

    assert without_writer_name(restored["accounts_user"]) == without_writer_name(source["accounts_user"])

    # and every other table holds exactly the source's rows
    different = [
        table
        for table in source
        if table not in {"audit_auditevent", "accounts_user"} and restored[table] != source[table]
    ]
    assert different == []
    assert sum(len(rows) for rows in restored.values()) > 10_000


def test_a_restored_postgresql_database_is_vacuumed_and_analysed(drill: Drill) -> None:
    """Its statistics and visibility map are there before anyone reads it (index-only scans)."""
    if not ON_POSTGRES:
        pytest.skip("SQLite keeps no visibility map")
    import psycopg

    with psycopg.connect(drill.restored.database_url) as connection:
        row = connection.execute(
            "SELECT reltuples > 0, relallvisible > 0 FROM pg_class WHERE relname = 'members_worker'"
        ).fetchone()
    assert row == (True, True)


def test_every_stored_file_comes_back_with_its_checksum(drill: Drill) -> None:
    restored = drill.restored.stored_files()
    assert restored == drill.source_files
    for relative in FILES:
        assert relative in restored


def test_an_id_number_is_found_by_its_blind_index_and_decrypted(drill: Drill) -> None:
    found = json.loads(drill.restored.driver("lookup"))
    assert found == {"username": WRITER, "id_number": ID_NUMBER, "phone": "13812345678"}


def test_the_backup_holds_no_key(drill: Drill) -> None:
    keys = json.loads((drill.source.data_dir / "data_keys").read_text())
    secrets = [k["key"] for k in keys["data"]] + [keys["index"]]
    for path in drill.backup_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not any(secret.encode() in content for secret in secrets), path


def _refused(drill: Drill, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    target = drill.empty
    # The settings would make the data directory's secret key at start-up: made here beforehand.
    secret = target.data_dir / "secret_key"
    if not secret.exists():
        secret.write_text(uuid.uuid4().hex * 2)
    before = target.state()
    done = target.gonghui("restore", *args, check=False, **env)
    assert done.returncode != 0
    assert target.state() == before, "a refused restore changed the installation"
    return done


def test_a_restore_without_the_key_is_refused_in_chinese_and_changes_nothing(drill: Drill) -> None:
    done = _refused(drill, str(drill.backup_dir))
    assert "恢复被拒绝，未做任何改动" in done.stderr
    assert "密钥" in done.stderr


def test_the_refusal_is_in_english_for_an_english_operator(drill: Drill) -> None:
    done = _refused(drill, str(drill.backup_dir), LANGUAGE="en")
    assert "Restore refused, nothing was changed" in done.stderr
    assert "keys" in done.stderr


def test_a_backup_of_a_newer_schema_is_refused_and_changes_nothing(drill: Drill) -> None:
    newer = drill.root / "newer-backup"
    shutil.copytree(drill.backup_dir, newer)
    manifest = json.loads((newer / "manifest.json").read_text())
    next(iter(manifest["migrations"].values())).append(["accounts", "9999_from_a_later_version"])
    (newer / "manifest.json").write_text(json.dumps(manifest))
    keys = str(drill.source.data_dir / "data_keys")
    done = _refused(drill, str(newer), "--keys", keys)
    assert "恢复被拒绝，未做任何改动" in done.stderr
    assert "更新版本" in done.stderr
    assert "accounts.9999_from_a_later_version" in done.stderr


def test_a_damaged_backup_is_refused(drill: Drill) -> None:
    damaged = drill.root / "damaged-backup"
    shutil.copytree(drill.backup_dir, damaged)
    victim = damaged / "files" / next(iter(FILES))
    victim.write_bytes(victim.read_bytes() + b"!")
    done = _refused(drill, str(damaged), "--keys", str(drill.source.data_dir / "data_keys"))
    assert "校验" in done.stderr


def test_a_database_holding_data_is_not_overwritten(drill: Drill) -> None:
    done = drill.source.gonghui("restore", str(drill.backup_dir), check=False)
    assert done.returncode != 0
    assert "已有数据" in done.stderr


def test_the_keys_go_to_a_separate_file_only_when_asked_with_a_warning(drill: Drill) -> None:
    inside = drill.root / "with-keys"
    refused = drill.source.gonghui("backup", str(inside), "--keys-to", str(inside / "keys"), check=False)
    assert refused.returncode != 0
    assert "备份目录之外" in refused.stderr
    keys = drill.root / "kept-apart" / "data_keys"
    done = drill.source.gonghui("backup", str(inside), "--keys-to", str(keys))
    assert "警告" in done.stderr
    assert (keys.stat().st_mode & 0o777) == 0o600
    assert json.loads(keys.read_text())["data"] == json.loads((drill.source.data_dir / "data_keys").read_text())["data"]
    assert not any(p.name == "data_keys" for p in inside.rglob("*"))
