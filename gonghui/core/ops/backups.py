"""``gonghui backup DIR`` and ``gonghui restore DIR`` (docs/deployment.md, "Backups").

A backup directory holds::

    manifest.json        what is in it: schema (applied migrations), every table's rows and
                         digest, every file's SHA-256, the fingerprints of the keys it needs
    database.sqlite3     SQLite: the main database (online backup API)
    jobs.sqlite3         SQLite: the job tables, when they are a separate file
    database.dump        PostgreSQL: pg_dump -Fc, under the snapshot the manifest describes
    files/attachments/…  stored files: workflow attachments, hardship documents, photos
    files/sheets/…       uploaded import sheets and error workbooks
    files/jobs/…         job input and result files
    files/reference/…    the installation's own reference tables

The personal-data keys are *not* in it (docs/personal-data.md): only their fingerprints
(HMAC-SHA256 of a fixed text under each key, which reveals nothing of the key). ``--keys-to
FILE`` writes them to a separate file, outside the backup directory.

``restore`` checks everything before it changes anything: the manifest and every checksum,
the engine, that this version knows every migration of the backup (a newer schema is
refused), that the keys the data needs are installed (or given with ``--keys``), and that
the target database holds no data. Then it loads the database, compares every table's rows
and digest with the manifest, puts the files back, migrates an older schema forward, and
records the restore in the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from gonghui.core.ops import databases
from gonghui.core.privacy import crypto
from gonghui.env import ConfigError

FORMAT = 1
MANIFEST = "manifest.json"
FINGERPRINT_TEXT = b"gonghui backup key fingerprint"
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """A backup could not be written (the message says why, in the operator's language)."""


class RestoreRefused(RuntimeError):
    """A restore was refused before anything was changed (the message says why)."""


@dataclass
class Report:
    directory: Path
    engine: str
    seconds: float
    bytes: int
    tables: int
    rows: int
    files: int
    notes: list[str] = field(default_factory=list)


# --- Where things are ----------------------------------------------------------------------


def engine() -> str:
    return "sqlite" if connections["default"].vendor == "sqlite" else "postgresql"


def separate_jobs_database() -> bool:
    """Whether the job tables are a second SQLite file (the embedded default)."""
    return engine() == "sqlite" and settings.JOBS_MIGRATE_DATABASE == "jobs" and "jobs" in settings.DATABASES


def file_roots() -> dict[str, Path]:
    """The stored files a backup carries, by the name of their folder in the backup."""
    from gonghui.core.jobs.models import jobs_root

    return {
        "attachments": Path(settings.GONGHUI_ATTACHMENTS_DIR),
        "sheets": Path(settings.SHEETS_DIR),
        "jobs": jobs_root(),
        "reference": Path(settings.DATA_DIR) / "reference",
    }


def _walk(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, _dirs, names in os.walk(root):
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not name.startswith("."):
                yield path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_with_digest(source: Path, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    os.chmod(target, 0o600)
    return digest.hexdigest()


# --- Keys ----------------------------------------------------------------------------------


def fingerprint(key: bytes) -> str:
    return hmac.new(key, FINGERPRINT_TEXT, hashlib.sha256).hexdigest()[:32]


def ring_fingerprints(ring: crypto.KeyRing) -> dict[str, Any]:
    return {
        "data": {key_id: fingerprint(key) for key_id, key in ring.data_keys.items()},
        "index": fingerprint(ring.index_key),
        "active": ring.active_id,
    }


def _missing_keys(needed: dict[str, Any], ring: crypto.KeyRing | None) -> list[str]:
    if ring is None:
        return [*needed["data"], "index"]
    have = ring_fingerprints(ring)
    missing = [key_id for key_id, print_ in needed["data"].items() if have["data"].get(key_id) != print_]
    if have["index"] != needed["index"]:
        missing.append("index")
    return missing


# --- Backup --------------------------------------------------------------------------------


def backup(directory: Path, *, keys_to: Path | None = None, progress: Callable[[str], None] | None = None) -> Report:
    """Write a consistent backup of this installation into ``directory`` (new or empty)."""
    say = progress or (lambda _text: None)
    started = time.monotonic()
    directory = directory.expanduser().resolve()
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(_("%(dir)s is not empty: a backup goes into a new or empty directory.") % {"dir": directory})
    if keys_to is not None:
        keys_to = keys_to.expanduser().resolve()
        if keys_to == directory or directory in keys_to.parents:
            raise BackupError(_("The keys must be written outside the backup directory, to be kept apart from it."))
        if keys_to.exists():
            raise BackupError(_("%(file)s exists already; the keys are written to a new file.") % {"file": keys_to})
    try:
        ring = crypto.keyring()
    except ConfigError as exc:
        raise BackupError(_("The personal-data keys cannot be read: %(error)s") % {"error": exc}) from exc
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "gonghui": _version("gonghui"),
        "django": _version("django"),
        "engine": engine(),
        "keys": ring_fingerprints(ring),
        "tables": {},
        "migrations": {},
        "files": {},
    }
    say(_("Copying the database …"))
    if engine() == "sqlite":
        _backup_sqlite(directory, manifest)
    else:
        _backup_postgres(directory, manifest)
    say(_("Copying the stored files …"))
    for name, root in file_roots().items():
        for path in _walk(root):
            relative = f"files/{name}/{path.relative_to(root).as_posix()}"
            try:
                digest = _copy_with_digest(path, directory / relative)
            except FileNotFoundError:
                continue  # removed meanwhile (a job's files pruned): not part of this backup
            manifest["files"][relative] = {"sha256": digest, "size": (directory / relative).stat().st_size}
    manifest["seconds"] = round(time.monotonic() - started, 2)
    _write_manifest(directory, manifest)
    if keys_to is not None:
        keys_to.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(keys_to, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(crypto._key_file_text(ring.data_keys, ring.index_key))
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    tables = manifest["tables"]
    _record_backup(directory, manifest, keys=keys_to is not None)
    return Report(
        directory=directory,
        engine=manifest["engine"],
        seconds=round(time.monotonic() - started, 2),
        bytes=size,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        files=sum(1 for f in manifest["files"] if f.startswith("files/")),
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _backup_sqlite(directory: Path, manifest: dict[str, Any]) -> None:
    sources = {"database.sqlite3": ("", Path(settings.DATABASES["default"]["NAME"]))}
    if separate_jobs_database():
        sources["jobs.sqlite3"] = ("jobs:", Path(settings.DATABASES["jobs"]["NAME"]))
    for filename, (prefix, source) in sources.items():
        if not source.exists():
            raise BackupError(_("The database %(file)s does not exist.") % {"file": source})
        target = directory / filename
        databases.sqlite_copy(source, target)
        os.chmod(target, 0o600)
        for table, digest in databases.sqlite_digests(target, prefix=prefix).items():
            manifest["tables"][table] = {"rows": digest.rows, "sha256": digest.sha256}
        manifest["migrations"][filename] = databases.sqlite_migrations(target)
        manifest["files"][filename] = {"sha256": sha256_of(target), "size": target.stat().st_size}


def _backup_postgres(directory: Path, manifest: dict[str, Any]) -> None:
    params = databases.postgres_params()
    target = directory / "database.dump"
    try:
        with databases.pg_snapshot(params) as (connection, snapshot):
            databases.pg_dump(params, snapshot, target)
            digests, migrations = databases.pg_digests_and_migrations(connection)
    except databases.DatabaseError as exc:
        raise BackupError(str(exc)) from exc
    os.chmod(target, 0o600)
    manifest["tables"] = {t: {"rows": d.rows, "sha256": d.sha256} for t, d in digests.items()}
    manifest["migrations"]["database.dump"] = migrations
    manifest["files"]["database.dump"] = {"sha256": sha256_of(target), "size": target.stat().st_size}


def _write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    partial = directory / f".{MANIFEST}.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    # The manifest comes last: a directory without one is an unfinished backup.
    os.replace(partial, directory / MANIFEST)


# --- Restore -------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise RestoreRefused(
            _("%(dir)s holds no manifest.json: it is not a gonghui backup, or an unfinished one.") % {"dir": directory}
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise RestoreRefused(_("The manifest of %(dir)s is damaged.") % {"dir": directory}) from exc
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(
            _("This backup was written in format %(format)s, which this version of gonghui does not read.")
            % {"format": manifest.get("format")}
        )
    return manifest


def verify_files(directory: Path, manifest: dict[str, Any]) -> None:
    for relative, expected in manifest["files"].items():
        path = directory / relative
        if not path.is_file():
            raise RestoreRefused(_("The backup is incomplete: %(file)s is missing.") % {"file": relative})
        if sha256_of(path) != expected["sha256"]:
            raise RestoreRefused(
                _("The backup is damaged: %(file)s does not match its checksum in the manifest.") % {"file": relative}
            )


def unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations applied in the backup that this version of gonghui does not have (a newer schema)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = []
    for applied in manifest["migrations"].values():
        for app, name in applied:
            if (app, name) not in known:
                unknown.append(f"{app}.{name}")
    return sorted(set(unknown))


def installed_keyring(keys_file: Path | None) -> crypto.KeyRing | None:
    """The keys restored data would be read with: ``--keys``' file, else the installation's (None if none yet).

    Never creates a key file (``crypto.keyring()`` would, on a fresh installation).
    """
    if keys_file is not None:
        try:
            return crypto.read_key_file(keys_file)
        except (ConfigError, OSError) as exc:
            raise RestoreRefused(
                _("The key file %(file)s cannot be read: %(error)s") % {"file": keys_file, "error": exc}
            ) from exc
    if settings.PRIVACY_DATA_KEYS or settings.PRIVACY_INDEX_KEY:
        try:
            return crypto._load_keyring()
        except ConfigError as exc:
            raise RestoreRefused(str(exc)) from exc
    path = Path(settings.PRIVACY_KEY_FILE)
    if not path.exists():
        return None
    try:
        return crypto.read_key_file(path)
    except ConfigError as exc:
        raise RestoreRefused(str(exc)) from exc


@dataclass
class Plan:
    """What a restore will do, decided before anything is changed."""

    directory: Path
    manifest: dict[str, Any]
    install_keys_from: Path | None = None
    pg_drop_tables: list[str] = field(default_factory=list)
    files: list[tuple[Path, Path]] = field(default_factory=list)  # (from the backup, to its place)
    notes: list[str] = field(default_factory=list)


def plan_restore(directory: Path, *, keys_file: Path | None = None) -> Plan:
    """Check everything a restore needs; raise RestoreRefused, having changed nothing, if anything is wrong."""
    directory = directory.expanduser().resolve()
    if not directory.is_dir():
        raise RestoreRefused(_("%(dir)s is not a directory.") % {"dir": directory})
    manifest = read_manifest(directory)
    plan = Plan(directory=directory, manifest=manifest)
    if manifest["engine"] != engine():
        raise RestoreRefused(
            _("This backup is of a %(backup)s database and this installation uses %(here)s: restore it on %(backup)s.")
            % {"backup": manifest["engine"], "here": engine()}
        )
    unknown = unknown_migrations(manifest)
    if unknown:
        raise RestoreRefused(
            _(
                "This backup comes from a newer version of gonghui (its schema has %(count)d migration(s) this "
                "version does not know, such as %(first)s). Install that version or a later one, then restore."
            )
            % {"count": len(unknown), "first": unknown[0]}
        )
    _check_keys(plan, keys_file)
    _check_target_empty(plan)
    verify_files(directory, manifest)
    _plan_files(plan)
    return plan


def _check_keys(plan: Plan, keys_file: Path | None) -> None:
    needed = plan.manifest["keys"]
    ring = installed_keyring(keys_file)
    missing = _missing_keys(needed, ring)
    if missing:
        raise RestoreRefused(
            _(
                "The personal-data keys of this backup are not installed (missing or different: %(keys)s). Without "
                "them the encrypted ID numbers, phone numbers and bank accounts cannot be read. Put the key file "
                "kept apart from the backup in place (GONGHUI_KEY_FILE), set GONGHUI_DATA_KEYS and "
                "GONGHUI_INDEX_KEY, or give the file with --keys FILE."
            )
            % {"keys": ", ".join(missing)}
        )
    if keys_file is None:
        return
    if settings.PRIVACY_DATA_KEYS or settings.PRIVACY_INDEX_KEY:
        raise RestoreRefused(
            _(
                "This installation takes its keys from GONGHUI_DATA_KEYS and GONGHUI_INDEX_KEY: "
                "set those instead of --keys."
            )
        )
    target = Path(settings.PRIVACY_KEY_FILE)
    if target.exists():
        try:
            current = crypto.read_key_file(target)
        except ConfigError as exc:
            raise RestoreRefused(str(exc)) from exc
        if ring_fingerprints(current) == ring_fingerprints(ring):  # type: ignore[arg-type]
            return
        # A key file made by the first start of an installation that holds no data yet protects
        # nothing (the target's emptiness is checked next); it is kept aside, never deleted.
    plan.install_keys_from = keys_file


def _check_target_empty(plan: Plan) -> None:
    if engine() == "sqlite":
        counts = databases.sqlite_row_counts(Path(settings.DATABASES["default"]["NAME"]), databases.DATA_TABLES)
    else:
        tables, counts = databases.pg_state(databases.postgres_params())
        backed_up = set(plan.manifest["tables"])
        plan.pg_drop_tables = [t for t in tables if t not in backed_up]
    if any(counts.values()):
        raise RestoreRefused(
            _(
                "The database already holds data (%(unions)d unions, %(users)d accounts): a backup is restored only "
                "into an empty database. Create a new one (or move the data directory away) and try again."
            )
            % {"unions": counts.get("tree_union", 0), "users": counts.get("accounts_user", 0)}
        )


def _plan_files(plan: Plan) -> None:
    roots = file_roots()
    for relative, expected in plan.manifest["files"].items():
        if not relative.startswith("files/"):
            continue
        _files, name, rest = relative.split("/", 2)
        if name not in roots or ".." in Path(rest).parts:
            raise RestoreRefused(_("The backup is damaged: %(file)s is not a place for files.") % {"file": relative})
        target = roots[name] / rest
        if target.exists():
            if sha256_of(target) == expected["sha256"]:
                continue
            raise RestoreRefused(
                _("A different file is in place at %(file)s: restore into a data directory without stored files.")
                % {"file": target}
            )
        plan.files.append((plan.directory / relative, target))


def restore(plan: Plan, *, progress: Callable[[str], None] | None = None) -> Report:
    """Carry out a plan from ``plan_restore``: load the database, verify it, put back the files and keys."""
    say = progress or (lambda _text: None)
    started = time.monotonic()
    manifest = plan.manifest
    if plan.install_keys_from is not None:
        target = Path(settings.PRIVACY_KEY_FILE)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            aside = target.with_name(f"{target.name}.before-restore-{datetime.now(UTC):%Y%m%d%H%M%S}")
            os.replace(target, aside)
            plan.notes.append(_("The key file that was in place was kept as %(file)s.") % {"file": aside})
        ring = crypto.read_key_file(plan.install_keys_from)
        crypto.write_key_file(target, ring.data_keys, ring.index_key)
    crypto.reset_keyring()
    say(_("Loading the database …"))
    connections.close_all()
    if manifest["engine"] == "sqlite":
        _restore_sqlite(plan)
    else:
        _restore_postgres(plan)
    connections.close_all()
    say(_("Putting back the stored files …"))
    for source, target in plan.files:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(source, staged)
        os.chmod(staged, 0o600)
        os.replace(staged, target)
    tables = manifest["tables"]
    return Report(
        directory=plan.directory,
        engine=manifest["engine"],
        seconds=round(time.monotonic() - started, 2),
        bytes=sum(f["size"] for f in manifest["files"].values()),
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        files=sum(1 for f in manifest["files"] if f.startswith("files/")),
        notes=plan.notes,
    )


def _mismatches(expected: dict[str, Any], found: dict[str, databases.TableDigest]) -> list[str]:
    wrong = []
    for table, digest in expected.items():
        got = found.get(table)
        if got is None or got.rows != digest["rows"] or got.sha256 != digest["sha256"]:
            wrong.append(table)
    return wrong


def _restore_sqlite(plan: Plan) -> None:
    installs = {"database.sqlite3": ("", Path(settings.DATABASES["default"]["NAME"]))}
    if "jobs.sqlite3" in plan.manifest["files"] and separate_jobs_database():
        installs["jobs.sqlite3"] = ("jobs:", Path(settings.DATABASES["jobs"]["NAME"]))
    expected = plan.manifest["tables"]
    for filename, (prefix, target) in installs.items():
        databases.sqlite_install(plan.directory / filename, target)
        found = databases.sqlite_digests(target, prefix=prefix)
        part = {t: d for t, d in expected.items() if (t.startswith("jobs:") if prefix else not t.startswith("jobs:"))}
        wrong = _mismatches(part, found)
        if wrong:
            target.unlink(missing_ok=True)
            raise BackupError(
                _("The restored database differs from the manifest in %(tables)s; it has been removed again.")
                % {"tables": ", ".join(wrong[:5])}
            )


def _restore_postgres(plan: Plan) -> None:
    params = databases.postgres_params()
    try:
        databases.pg_restore(params, plan.directory / "database.dump", drop_tables=plan.pg_drop_tables)
    except databases.DatabaseError as exc:
        raise BackupError(str(exc)) from exc
    found, _migrations = databases.pg_restored_digests(params)
    wrong = _mismatches(plan.manifest["tables"], found)
    if wrong:
        databases.pg_drop_all(params, list(found))
        raise BackupError(
            _("The restored database differs from the manifest in %(tables)s; it has been removed again.")
            % {"tables": ", ".join(wrong[:5])}
        )
    databases.pg_vacuum_analyze(params)  # before anyone reads it: statistics, index-only scans


def _record_backup(directory: Path, manifest: dict[str, Any], *, keys: bool) -> None:
    """A backup copies all the personal data: one audit row (written after the copy, so not in it)."""
    from django.db import transaction

    from gonghui.core.audit.services import Action, audit_record
    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import system_scope

    with system_scope("audit of a backup"), transaction.atomic():
        root = Union.unscoped.filter(depth=1).order_by("path").first()  # unscoped: the root files the row
        audit_record(
            Action.EXPORT,
            union=root,
            object_repr="backup",
            note=f"backup of the installation to {directory}" + (", with the keys to a separate file" if keys else ""),
        )


def record_restore(manifest: dict[str, Any]) -> None:
    """One audit row for the restore, under the county (or whatever the root union is)."""
    from django.db import transaction

    from gonghui.core.audit.services import Action, audit_record
    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import system_scope

    with system_scope("audit of a restore from the operator's command line"), transaction.atomic():
        root = Union.unscoped.filter(depth=1).order_by("path").first()  # unscoped: the root files the row
        audit_record(
            Action.IMPORT,
            union=root,
            object_repr="backup",
            note=f"restore of the backup made at {manifest['created_at']} (gonghui {manifest.get('gonghui', '')})",
        )
