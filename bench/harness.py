"""Shared machinery of the benchmarks: throwaway databases, timing, tables and JSON results.

The runner (``python -m bench``) runs each benchmark once per database, each time in a
fresh child process whose environment points the settings at a throwaway database: a
temporary data directory for SQLite, a database created for the run and dropped after it
on PostgreSQL. Settings read the environment at import, so a child process per database is
the simplest way to get both right. In the child, ``run_leg`` migrates the empty database (or
restores it migrated), calls the benchmark's ``run(bench)`` and writes
``bench/results/<name>-<db>.json``.

Prepared data is cached between runs (``Bench.prepared``): the migrated empty database and the
data a benchmark builds (``Bench.demo``: the demo county; the province of ``coverage.py``) are
built once, kept under ``$GONGHUI_BENCH_CACHE`` (default ``~/.cache/gonghui-bench/``) and
restored by later runs. An entry's key is its name (the demo's size, say), the database vendor,
anything else the caller says the data varies with (the demo's date: it dates its rows from
today) and a hash of what the data is made from: every migration, the demo generator (every
``demo.py`` and ``demo/`` package under ``gonghui/``, as the ``demo`` command finds them), the
shipped data files (``gonghui/**/data/*``), the personal-data encryption (``core/privacy``), the
builder's own sources, the installed packages' versions, and the secret key's fingerprint. Other
code a builder calls (a module's services) is not in the key: ``GONGHUI_BENCH_FRESH=1`` rebuilds
and replaces the entries a run uses. A new key replaces the entry of the same name and vendor.

An entry holds everything the rows depend on: the database (SQLite: every database file of the
data directory, copied with sqlite3's backup API after Django's connections are closed, so the
WAL is folded in; PostgreSQL: a database ``gonghui_cache_<key>`` on the server, created with the
throwaway one as its template, from which a restore drops and recreates the throwaway one) and
the rest of the data directory: ``data_keys``, without which encrypted columns cannot be read
nor blind indexes matched, and stored files if any. After a restore the process forgets what it
had read (the key ring, Django's caches, content types) and runs ``migrate``, which has nothing
to apply but runs the post-migrate hooks (the figures' stamp triggers, permissions): code that
shapes the schema without a migration.

The secret key: the settings read ``GONGHUI_SECRET_KEY`` at import, in the child, before the
benchmark names the data it wants, so a key stored with each entry could only be honoured by
starting the child again. Instead every run gets the same key, made once and kept in the cache
directory (``secret_key``, mode 0600), and its fingerprint is part of every entry's key: what is
stored keyed with it (the public forms' throttle rows, say) stays valid after a restore, and a
new key (the file removed, another cache directory) makes every entry stale rather than wrong.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
DATABASES = ("sqlite", "postgres")
NOT_BENCHMARKS = {"harness", "__main__", "__init__"}
# The PostgreSQL server the throwaway databases are created on (trust auth on loopback).
POSTGRES_SERVER = os.environ.get("GONGHUI_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Set by the runner in the child: the database name the child must find in its settings.
THROWAWAY_ENV = "GONGHUI_BENCH_THROWAWAY"
# The cache of prepared databases (see the module docstring).
CACHE_DIR = Path(os.environ.get("GONGHUI_BENCH_CACHE") or Path.home() / ".cache" / "gonghui-bench").expanduser()
FRESH_ENV = "GONGHUI_BENCH_FRESH"
CACHE_DATABASE_PREFIX = "gonghui_cache_"
# What any prepared data is made from, beside its builder's own sources.
CACHE_SOURCES = (
    "gonghui/**/migrations/*.py",
    "gonghui/**/demo.py",
    "gonghui/**/demo/**/*.py",
    "gonghui/**/data/*",
    "gonghui/core/privacy/*.py",  # how personal data is encrypted and indexed
)
J = TypeVar("J")


# --- The runner's side: finding benchmarks, throwaway databases, child processes -------------


def available() -> dict[str, str]:
    """Benchmark names and their one-line descriptions, read without importing Django."""
    found = {}
    for path in sorted(BENCH_DIR.glob("*.py")):
        if path.stem in NOT_BENCHMARKS or path.stem.startswith("_"):
            continue
        module = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in module.body):
            docstring = ast.get_docstring(module) or ""
            found[path.stem] = docstring.strip().splitlines()[0] if docstring else ""
    return found


def postgres_database_name(benchmark: str) -> str:
    return f"gonghui_bench_{benchmark}"


def _postgres_admin(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def bench_secret_key() -> str:
    """The ``SECRET_KEY`` of every run: made once and kept in the cache directory (module docstring)."""
    CACHE_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = CACHE_DIR / "secret_key"
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(40))
    return path.read_text(encoding="ascii").strip()


@contextlib.contextmanager
def throwaway_database(benchmark: str, db: str) -> Iterator[dict[str, str]]:
    """Yield the environment of a child process that uses a fresh, empty database."""
    with tempfile.TemporaryDirectory(prefix=f"gonghui-bench-{benchmark}-") as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gonghui.settings",
            "GONGHUI_DATA_DIR": data_dir,
            "GONGHUI_SECRET_KEY": bench_secret_key(),
            "GONGHUI_LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(PROJECT_DIR),
        }
        if db == "sqlite":
            env.pop("DATABASE_URL", None)
            env[THROWAWAY_ENV] = str(Path(data_dir).resolve() / "gonghui.sqlite3")
            yield env
            return
        name = postgres_database_name(benchmark)
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{name}"
        env[THROWAWAY_ENV] = name
        try:
            yield env
        finally:
            _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_in_child(benchmark: str, db: str) -> int:
    """Run one benchmark on one database in a child process; return its exit status."""
    try:
        with throwaway_database(benchmark, db) as env:
            command = [sys.executable, "-m", "bench", "--leg", benchmark, "--db", db]
            return subprocess.run(command, env=env, cwd=PROJECT_DIR, check=False).returncode
    except (OSError, psycopg.Error) as exc:
        print(f"!! {benchmark} on {db}: cannot prepare the database: {exc}", file=sys.stderr)
        return 2


# --- The child's side: one benchmark on one database -----------------------------------------


@dataclass
class Measurement:
    label: str
    group: str
    runs: int
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float
    queries: int | None = None
    note: str = ""


@dataclass
class Figure:
    label: str
    value: float | int | str
    unit: str = ""
    note: str = ""


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 200 runs is the 190th fastest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def count_queries(fn: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@dataclass
class Bench:
    """What a benchmark's ``run()`` receives: measuring helpers and the report they fill."""

    name: str
    db: str
    measurements: list[Measurement] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def measure(
        self,
        label: str,
        fn: Callable[[], Any],
        *,
        group: str = "",
        repeat: int = 200,
        warmup: int = 20,
        queries: bool = True,
        note: str = "",
    ) -> Measurement:
        """Time ``fn`` ``repeat`` times after ``warmup`` untimed calls (warm caches)."""
        for _ in range(warmup):
            fn()
        query_count = count_queries(fn) if queries else None
        gc.collect()
        samples = []
        for _ in range(repeat):
            start = time.perf_counter_ns()
            fn()
            samples.append((time.perf_counter_ns() - start) / 1e6)
        return self._record(label, group, samples, query_count, note)

    def measure_runs(
        self,
        label: str,
        fn: Callable[[int], Any],
        *,
        runs: int = 5,
        setup: Callable[[int], Any] | None = None,
        group: str = "",
        note: str = "",
    ) -> Measurement:
        """Time a slow operation a few times; ``setup(i)`` runs untimed before ``fn(i)``."""
        samples = []
        query_count = None
        for i in range(runs):
            if setup is not None:
                setup(i)
            gc.collect()
            if i == 0:
                from django.db import connection
                from django.test.utils import CaptureQueriesContext

                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter_ns()
                    fn(i)
                    elapsed = time.perf_counter_ns() - start
                query_count = len(captured.captured_queries)
            else:
                start = time.perf_counter_ns()
                fn(i)
                elapsed = time.perf_counter_ns() - start
            samples.append(elapsed / 1e6)
        return self._record(label, group, samples, query_count, note)

    def _record(self, label: str, group: str, samples: list[float], queries: int | None, note: str) -> Measurement:
        measurement = Measurement(
            label=label,
            group=group,
            runs=len(samples),
            median_ms=round(statistics.median(samples), 3),
            p95_ms=round(percentile(samples, 0.95), 3),
            min_ms=round(min(samples), 3),
            max_ms=round(max(samples), 3),
            queries=queries,
            note=note,
        )
        self.measurements.append(measurement)
        print(
            f"   {group + ': ' if group else ''}{label}: median {measurement.median_ms:.2f} ms, "
            f"p95 {measurement.p95_ms:.2f} ms ({measurement.runs} runs)",
            flush=True,
        )
        return measurement

    def figure(self, label: str, value: float | int | str, unit: str = "", note: str = "") -> None:
        self.figures.append(Figure(label, value, unit, note))
        print(f"   {label}: {value}{' ' + unit if unit else ''}{'  (' + note + ')' if note else ''}", flush=True)

    def text(self, title: str, body: str) -> None:
        """A block of text for the report (a query plan, say), printed now and kept in the JSON."""
        self.texts[title] = body
        print(f"\n   {title}:")
        for line in body.splitlines():
            print(f"     {line}")
        print(flush=True)

    @contextlib.contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Time a one-off step (building data, say) and keep it as a figure in seconds."""
        print(f"   {label} …", flush=True)
        start = time.perf_counter()
        yield
        self.figure(f"{label} (s)", round(time.perf_counter() - start, 2))

    # --- Prepared data, cached between runs (see the module docstring) -------------------

    def prepared(
        self, name: str, build: Callable[[], J], *, sources: Iterable[str] = (), varies: str = ""
    ) -> tuple[J, bool]:
        """Build the data called ``name`` with ``build()``, or restore it from the cache; a timed step.

        ``sources`` are globs (from the project directory) of what ``build`` is made from beyond
        ``CACHE_SOURCES``; ``varies`` is anything else the data depends on (today's date, say).
        ``build`` may return a JSON value (paths of unions it made, say): it is kept with the
        entry and returned, round-tripped through JSON either way, with True if restored. Call it
        outside any transaction; Django's connections are closed and reopened.
        """
        from django.db import connection

        if connection.in_atomic_block:
            raise RuntimeError("prepared() needs every transaction committed: it copies the database")
        print(f"   {name} …", flush=True)
        start = time.perf_counter()
        entry = CacheEntry.for_data(name, connection.vendor, sources, varies)
        meta = None if os.environ.get(FRESH_ENV) else entry.meta()
        if meta is not None:
            entry.restore()
            seconds = time.perf_counter() - start
            built = meta["built_seconds"]
            note = f"restored from the cache; built in {built} s, {built - seconds:.1f} s saved"
            self.figure(f"{name} (s)", round(seconds, 2), note=note)
            return meta["value"], True
        value = json.loads(json.dumps(build()))
        seconds = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        size = entry.save(value, seconds)
        note = f"built; cached in {time.perf_counter() - start:.1f} s ({size / 1e6:.0f} MB in {entry.path})"
        self.figure(f"{name} (s)", seconds, note=note)
        return value, False

    def demo(self, size: str) -> bool:
        """The demo of ``size`` (``manage.py demo --size``), built or restored; True if restored.

        The demo dates its data from today, so its entry is kept for the day."""
        from django.core.management import call_command
        from django.utils import timezone

        _value, restored = self.prepared(
            f"demo {size}",
            lambda: call_command("demo", size=size, verbosity=0),
            varies=timezone.localdate().isoformat(),
        )
        return restored

    # --- The report -----------------------------------------------------------------------

    def table(self) -> str:
        header = ("measurement", "median ms", "p95 ms", "queries", "runs", "note")
        rows = [
            (
                f"{m.group}: {m.label}" if m.group else m.label,
                f"{m.median_ms:.2f}",
                f"{m.p95_ms:.2f}",
                "" if m.queries is None else str(m.queries),
                str(m.runs),
                m.note,
            )
            for m in self.measurements
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        align = ["<", ">", ">", ">", ">", "<"]

        def line(row: tuple[str, ...]) -> str:
            return "  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True)).rstrip()

        return "\n".join([line(header), line(tuple("-" * w for w in widths)), *(line(row) for row in rows)])

    def environment(self) -> dict[str, Any]:
        import django
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
            else:
                cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
        return {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "database": self.db,
            "database_version": version,
            "python": platform.python_version(),
            "django": django.get_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        }

    def finish(self) -> Path:
        environment = self.environment()
        total = round(time.perf_counter() - self.started, 1)
        print(f"\n== {self.name} on {self.db} ({environment['database_version']}), {total} s in all\n")
        print(self.table())
        if self.figures:
            print()
            for f in self.figures:
                print(f"{f.label}: {f.value}{' ' + f.unit if f.unit else ''}{'  (' + f.note + ')' if f.note else ''}")
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{self.name}-{self.db}.json"
        payload = {
            "benchmark": self.name,
            "environment": environment,
            "total_seconds": total,
            "measurements": [asdict(m) for m in self.measurements],
            "figures": [asdict(f) for f in self.figures],
            "texts": self.texts,
        }
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwritten to {path.relative_to(PROJECT_DIR)}\n", flush=True)
        return path


# --- The cache of prepared databases --------------------------------------------------------


@functools.cache
def _files_digest(patterns: tuple[str, ...]) -> str:
    """A hash of the files ``patterns`` match (tests left out) and of the installed packages."""
    digest = hashlib.sha256()
    paths = {path for pattern in patterns for path in PROJECT_DIR.glob(pattern) if path.is_file()}
    for path in sorted(paths):
        relative = path.relative_to(PROJECT_DIR)
        if "tests" not in relative.parts and "__pycache__" not in relative.parts:
            digest.update(f"{relative}\0".encode() + path.read_bytes() + b"\0")
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\0"


SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class CacheEntry:
    """One prepared database in the cache: ``CACHE_DIR/<name>-<vendor>-<key>/`` holding
    ``meta.json`` and ``data/`` (the data directory's files), and on PostgreSQL a database."""

    name: str
    vendor: str
    key: str

    @classmethod
    def for_data(cls, name: str, vendor: str, sources: Iterable[str], varies: str) -> CacheEntry:
        from django.conf import settings

        secret = hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()
        files = _files_digest(tuple(sorted({*CACHE_SOURCES, *sources})))
        key = hashlib.sha256(json.dumps([name, vendor, varies, secret, files]).encode()).hexdigest()
        return cls(name, vendor, key)

    @property
    def path(self) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")
        return CACHE_DIR / f"{slug}-{self.vendor}-{self.key[:12]}"

    @property
    def database(self) -> str:
        return f"{CACHE_DATABASE_PREFIX}{self.key[:16]}" if self.vendor == "postgresql" else ""

    def meta(self) -> dict[str, Any] | None:
        """The entry's ``meta.json`` if the entry is whole (on PostgreSQL: its database exists)."""
        try:
            meta = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("key") != self.key:
            return None
        if self.database and not _postgres_admin("SELECT 1 FROM pg_database WHERE datname = %s", (self.database,)):
            return None
        return meta

    def save(self, value: Any, built_seconds: float) -> int:
        """Keep the database and the data directory as they are now; the bytes kept on disk.

        Replaces every entry of the same name and vendor (another key, or this one when fresh)."""
        from django.conf import settings
        from django.db import connections

        connections.close_all()
        for stale in CACHE_DIR.glob("*/meta.json"):
            with contextlib.suppress(OSError, ValueError):
                old = json.loads(stale.read_text(encoding="utf-8"))
                if old["name"] == self.name and old["vendor"] == self.vendor:
                    _remove_entry(stale.parent, old.get("database", ""))
        partial = CACHE_DIR / f".{self.path.name}.partial"
        _remove_entry(partial, self.database)
        _copy_data_dir(Path(settings.DATA_DIR), partial / "data")
        if self.database:
            # Every connection to the source is closed (autovacuum's are ended by the server).
            throwaway = settings.DATABASES["default"]["NAME"]
            _postgres_admin(f'CREATE DATABASE "{self.database}" TEMPLATE "{throwaway}"')
            _postgres_admin(f'ALTER DATABASE "{self.database}" WITH ALLOW_CONNECTIONS false')
        meta = {
            "name": self.name,
            "vendor": self.vendor,
            "key": self.key,
            "database": self.database,
            "built_seconds": built_seconds,
            "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "value": value,
        }
        (partial / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(self.path, ignore_errors=True)  # a broken entry of this key, if any
        partial.rename(self.path)
        size = sum(path.stat().st_size for path in self.path.rglob("*") if path.is_file())
        if self.database:
            size += _postgres_admin("SELECT pg_database_size(%s)", (self.database,))[0][0]
        return size

    def restore(self) -> None:
        """Replace the throwaway database and the data directory's files with the entry's."""
        from django.conf import settings
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import caches
        from django.core.management import call_command
        from django.db import connections

        from gonghui.core.privacy.crypto import reset_keyring

        connections.close_all()
        if self.database:
            throwaway = settings.DATABASES["default"]["NAME"]
            _postgres_admin(f'DROP DATABASE IF EXISTS "{throwaway}" WITH (FORCE)')
            _postgres_admin(f'CREATE DATABASE "{throwaway}" TEMPLATE "{self.database}"')
        data_dir = Path(settings.DATA_DIR)
        source = self.path / "data"
        for path in sorted(source.rglob("*")):
            target = data_dir / path.relative_to(source)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            for side in SQLITE_SIDE_FILES:
                target.with_name(target.name + side).unlink(missing_ok=True)
            shutil.copy2(path, target)
        # What this process read before the restore: the encryption keys, cached rows and ids.
        reset_keyring()
        ContentType.objects.clear_cache()
        for cache in caches.all():
            cache.clear()
        # The post-migrate hooks (permissions, the figures' stamp triggers) are code the key does
        # not cover: a migrate with nothing to apply brings the restored database up to them.
        call_command("migrate", verbosity=0, interactive=False)


def _copy_data_dir(source: Path, target: Path) -> None:
    """Copy a data directory whose database connections are closed: SQLite files with the backup
    API (a consistent copy, any WAL folded in, kept in rollback mode), the rest as they are."""
    target.mkdir(mode=0o700, parents=True)
    for path in sorted(source.rglob("*")):
        copy = target / path.relative_to(source)
        if path.is_dir():
            copy.mkdir(exist_ok=True)
        elif path.name.endswith(SQLITE_SIDE_FILES):
            continue
        elif _is_sqlite(path):
            with contextlib.closing(sqlite3.connect(path)) as src, contextlib.closing(sqlite3.connect(copy)) as dst:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
        else:
            shutil.copy2(path, copy)


def _remove_entry(path: Path, database: str) -> None:
    if database:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{database}"')
    shutil.rmtree(path, ignore_errors=True)


# --- peak memory of one step in a fresh process ---------------------------------------------


def proc_status_bytes(field: str) -> int:
    """A ``/proc/self/status`` memory figure (``VmRSS``, ``VmHWM`` …) in bytes; 0 where there is none."""
    import re

    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else 0


def step_in_fresh_process(module: str, step: str, *args: Any) -> tuple[int, float]:
    """Run ``bench.<module>.child(step, *args)`` in a new Python process on the same throwaway database.

    The child measures itself (``measured_step``) and prints the peak RSS its step added above
    its resident set once Django was set up, and the step's seconds. A process of its own, so
    that memory an earlier step freed (which Python keeps for reuse) cannot hide this one's peak.
    """
    from django.db import connection

    connection.close()
    call = ", ".join(repr(a) for a in (step, *args))
    code = f"import django; django.setup(); from bench.{module} import child; child({call})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
        cwd=Path(__file__).resolve().parents[1],
    )
    if result.returncode != 0:
        raise RuntimeError(f"step {step} of {module} failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return int(figures["peak"]), float(figures["seconds"])


def measured_step(fn: Callable[[], Any]) -> None:
    """In the child of ``step_in_fresh_process``: run ``fn`` and print its peak RSS added and seconds."""
    gc.collect()
    start_rss = proc_status_bytes("VmRSS")
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(json.dumps({"peak": max(proc_status_bytes("VmHWM") - start_rss, 0), "seconds": seconds}))


def import_step_child(
    kind: str,
    step: str,
    path: str,
    root_id: int,
    actor_id: int,
    *,
    read_only: Callable[[Path], Any],
    raw_insert: Callable[[Path, Any], Any],
) -> None:
    """The child of an import benchmark's memory steps: ``read``, ``floor``, ``check`` or ``write``
    a sheet of ``kind`` under the union ``root_id`` as the user ``actor_id``, measured; ``plan`` checks
    keeping the plan beside the sheet (and the report), ``confirm`` then writes that plan (check once)."""
    from django.core.serializers.json import DjangoJSONEncoder

    from gonghui.core.accounts.models import User
    from gonghui.core.sheets import engine
    from gonghui.core.sheets.specs import get_spec
    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import acting_as, system_scope

    spec = get_spec(kind)
    source = Path(path)
    with system_scope("benchmark"):
        root = Union.unscoped.get(pk=root_id)
        actor = User.unscoped.select_related("union").get(pk=actor_id)

    def one() -> None:
        if step == "read":
            read_only(source)
        elif step == "floor":
            with system_scope("benchmark"):
                raw_insert(source, root)
        elif step in ("plan", "confirm"):
            plan = source.with_name(source.name + ".plan")
            kept = source.with_name(source.name + ".checked.json")
            with acting_as(actor):
                if step == "plan":
                    report = engine.validate_file(spec, source, source.name, actor=actor, root=root, plan_path=plan)
                    assert report.plan, report.messages()[:3]
                    kept.write_text(json.dumps(report.as_dict(), cls=DjangoJSONEncoder))
                else:
                    checked = engine.ImportReport.from_dict(json.loads(kept.read_text()))
                    report = engine.write_file(
                        spec, source, source.name, actor=actor, root=root, checked=checked, plan_path=plan
                    )
                    assert report.checked_once, report.rechecked
                    plan.unlink()
                    kept.unlink()
            assert report.ok, report.messages()[:3]
        else:
            passes = {"check": engine.validate_file, "write": engine.write_file}
            with acting_as(actor):
                report = passes[step](spec, source, source.name, actor=actor, root=root)
            assert report.ok, report.messages()[:3]

    measured_step(one)


def _check_throwaway() -> None:
    """Refuse to run anywhere but the database the runner created for this run."""
    from django.conf import settings

    expected = os.environ.get(THROWAWAY_ENV)
    actual = str(settings.DATABASES["default"]["NAME"])
    if not expected or expected != actual:
        raise SystemExit(
            f"refusing to benchmark on {actual!r}: run benchmarks through `python -m bench`, "
            "which creates a throwaway database for each run"
        )


def run_leg(benchmark: str, db: str) -> None:
    """In the child process: migrate the empty database (or restore it migrated), run the benchmark, report."""
    import importlib

    import django

    if not os.environ.get(THROWAWAY_ENV):
        # Refuse before the settings load: they would create a data directory and a key.
        raise SystemExit("run benchmarks through `python -m bench`, which creates a throwaway database for each run")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    _check_throwaway()
    from django.core.management import call_command

    print(f"\n== {benchmark} on {db}", flush=True)
    bench = Bench(benchmark, db)
    bench.prepared("migrate", lambda: call_command("migrate", verbosity=0, interactive=False))
    module = importlib.import_module(f"bench.{benchmark}")
    module.run(bench)
    bench.finish()
