"""Shared machinery of the benchmarks: throwaway databases, timing, tables and JSON results.

The runner (``python -m bench``) runs each benchmark once per database, each time in a
fresh child process whose environment points the settings at a throwaway database: a
temporary data directory for SQLite, a database created for the run and dropped after it
on PostgreSQL. Settings read the environment at import, so a child process per database is
the simplest way to get both right. In the child, ``run_leg`` migrates the empty database,
calls the benchmark's ``run(bench)`` and writes ``bench/results/<name>-<db>.json``.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import json
import math
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

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


def _postgres_admin(sql: str) -> None:
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


@contextlib.contextmanager
def throwaway_database(benchmark: str, db: str) -> Iterator[dict[str, str]]:
    """Yield the environment of a child process that uses a fresh, empty database."""
    with tempfile.TemporaryDirectory(prefix=f"gonghui-bench-{benchmark}-") as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gonghui.settings",
            "GONGHUI_DATA_DIR": data_dir,
            "GONGHUI_SECRET_KEY": secrets.token_urlsafe(40),
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
    a sheet of ``kind`` under the union ``root_id`` as the user ``actor_id``, measured."""
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
    """In the child process: migrate the empty database, run the benchmark, report."""
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
    with bench.step("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    module = importlib.import_module(f"bench.{benchmark}")
    module.run(bench)
    bench.finish()
