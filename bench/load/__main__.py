"""Load test: 50 staff working at once for 5 minutes, per page kind, on SQLite and PostgreSQL.

``python -m bench.load [--db sqlite|postgres|both] [--users 50] [--minutes 5]`` (the client,
Locust, is in the ``load`` dependency group: ``.tools/bin/uv sync --frozen --group load``).

For each database, on a throwaway database (see ``bench/harness.py``), it:

1. migrates, collects the static files and builds the demo county, then the load test's own
   accounts and member sheets (``prepare.py``);
2. starts the server as a deployment runs it, on the loopback: on SQLite ``gonghui serve`` (gunicorn,
   2 workers × 4 threads, with the embedded background-job worker); on PostgreSQL the same
   gunicorn with 2 worker processes and a separate ``gonghui worker``;
3. runs Locust headless (``locustfile.py``: county administrators, township staff, grassroots
   officers, the assistance centre, leaders, and one officer importing a member sheet and exporting
   the register meanwhile), bounded in users and time;
4. reads Locust's figures per page kind and the server's own logs (every 5xx, every "database is
   locked", every worker restart), prints the table and writes ``bench/results/load-<db>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.harness import PROJECT_DIR, RESULTS_DIR, throwaway_database

BIN = Path(sys.executable).parent
ACCOUNTS_PER_ROLE = 12  # county administrators, assistance centre and leaders each (TOTP: one account per person)
TARGET_P95_MS = 300
# Page kinds that are not pages: sign-in's password step is slow on purpose (Argon2), a job is
# background work measured by its wall time, the static files come from WhiteNoise.
NOT_PAGES = ("sign-in (password)", "import check (job)", "import write (job)", "member export (job)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("ab") as handle:
        subprocess.run(command, env=env, cwd=PROJECT_DIR, stdout=handle, stderr=subprocess.STDOUT, check=True)


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (the loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer at {url}")


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def leg(db: str, args: argparse.Namespace) -> dict[str, Any]:
    with throwaway_database("load", db) as env:
        work = Path(env["GONGHUI_DATA_DIR"])
        log = work / "setup.log"
        port = free_port()
        env = {**env, "GONGHUI_LOG_LEVEL": "WARNING", "GONGHUI_ACCESS_LOG": str(work / "access.log")}
        gh = str(BIN / "gonghui")
        print(f"== {db}: building the demo county in {work}", flush=True)
        started = time.monotonic()
        run([gh, "migrate", "--noinput", "-v0"], env, log)
        run([gh, "collectstatic", "--noinput", "-v0"], env, log)
        run([gh, "demo"], env, log)
        run([str(BIN / "python"), "-m", "bench.load.prepare", str(work / "load"), str(ACCOUNTS_PER_ROLE)], env, log)
        print(f"   ready in {time.monotonic() - started:.0f} s", flush=True)
        server_log = work / "server.log"
        processes = []
        with server_log.open("ab") as out:
            if db == "sqlite":
                command = [gh, "serve", "--port", str(port)]
            else:
                command = [gh, "serve", "--port", str(port), "--workers", "2", "--no-worker"]
                worker = [gh, "worker"]
                processes.append(subprocess.Popen(worker, env=env, cwd=PROJECT_DIR, stdout=out, stderr=out))
            processes.insert(0, subprocess.Popen(command, env=env, cwd=PROJECT_DIR, stdout=out, stderr=out))
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")
            load_before = load_average()
            csv_prefix = work / "locust"
            locust = [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.minutes * 60:.0f}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(csv_prefix),
                "--only-summary",
                "--stop-timeout",
                "30",
                "--loglevel",
                "WARNING",
            ]
            client_env = {
                **os.environ,
                "PYTHONPATH": str(PROJECT_DIR),
                "GONGHUI_LOAD_ACCOUNTS": str(work / "load" / "accounts.json"),
                "GONGHUI_LOAD_SHEETS": str(work / "load" / "sheets"),
            }
            print(f"   {args.users} users for {args.minutes:g} min (load average {load_before})", flush=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            with (work / "locust.log").open("wb") as out:
                subprocess.run(locust, env=client_env, cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            client_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            load_after = load_average()
        finally:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        result = summarise(db, args, work, load_before, load_after)
        # CPU seconds of the whole run (the server's gunicorn workers are counted once they exit).
        result["cpu_seconds"] = {"client": round(client_cpu, 1), "server": round(server_cpu, 1)}
        if args.keep:
            kept = Path(args.keep) / db
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(work, kept, ignore=shutil.ignore_patterns("*.sqlite3*", "static"))
        return result


def summarise(db: str, args: argparse.Namespace, work: Path, load_before: str, load_after: str) -> dict[str, Any]:
    rows = []
    with (work / "locust_stats.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            rows.append(
                {
                    "kind": line["Name"],
                    "method": line["Type"],
                    "requests": int(line["Request Count"]),
                    "failures": int(line["Failure Count"]),
                    "p50_ms": float(line["50%"] or 0),
                    "p95_ms": float(line["95%"] or 0),
                    "p99_ms": float(line["99%"] or 0),
                    "max_ms": float(line["Max Response Time"] or 0),
                }
            )
    failures = []
    failures_csv = work / "locust_failures.csv"
    if failures_csv.exists():
        with failures_csv.open(encoding="utf-8") as handle:
            failures = [
                {"kind": line["Name"], "error": line["Error"][:300], "count": int(line["Occurrences"])}
                for line in csv.DictReader(handle)
            ]
    access = (
        (work / "access.log").read_text(encoding="utf-8", errors="replace") if (work / "access.log").exists() else ""
    )
    server = (work / "server.log").read_text(encoding="utf-8", errors="replace")
    statuses = re.findall(r'" (\d{3}) ', access)
    total = next(row for row in rows if row["kind"] == "Aggregated")
    pages = [row for row in rows if row["kind"] != "Aggregated"]
    return {
        "benchmark": "load",
        "db": db,
        "when": datetime.now().isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True, check=False
        ).stdout.strip(),
        "users": args.users,
        "minutes": args.minutes,
        "cpus": os.cpu_count(),
        "load_average": {"before": load_before, "after": load_after},
        "requests": total["requests"],
        "failures": total["failures"],
        "requests_per_second": round(total["requests"] / (args.minutes * 60), 1),
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        "p99_ms": total["p99_ms"],
        "server": {
            "responses": len(statuses),
            "5xx": sum(1 for status in statuses if status.startswith("5")),
            "database_locked": server.count("database is locked"),
            "worker_timeouts": server.count("WORKER TIMEOUT"),
            "tracebacks": server.count("Traceback"),
        },
        "pages": pages,
        "errors": failures,
    }


def report(result: dict[str, Any]) -> None:
    print(
        f"\n{result['db']}: {result['users']} users, {result['minutes']:g} min, {result['requests']:,} requests "
        f"({result['requests_per_second']}/s), {result['failures']} failures; p50 {result['p50_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms; load average {result['load_average']['before']} → "
        f"{result['load_average']['after']}; CPU seconds {result['cpu_seconds']}; server: {result['server']}"
    )
    print(f"{'page kind':44} {'method':6} {'requests':>8} {'failed':>6} {'p50':>6} {'p95':>6} {'p99':>6}")
    for row in sorted(result["pages"], key=lambda r: -r["p95_ms"]):
        over = " !" if row["p95_ms"] > TARGET_P95_MS and row["kind"] not in NOT_PAGES else ""
        print(
            f"{row['kind']:44} {row['method']:6} {row['requests']:8} {row['failures']:6} {row['p50_ms']:6.0f} "
            f"{row['p95_ms']:6.0f} {row['p99_ms']:6.0f}{over}"
        )
    for error in result["errors"]:
        print(f"  error ×{error['count']} {error['kind']}: {error['error']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=1, help="users started per second")
    parser.add_argument("--keep", help="copy the logs and Locust's files to this folder")
    args = parser.parse_args(argv)
    if not (BIN / "locust").exists():
        parser.error("Locust is not installed: .tools/bin/uv sync --frozen --group load")
    RESULTS_DIR.mkdir(exist_ok=True)
    status = 0
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        result = leg(db, args)
        (RESULTS_DIR / f"load-{db}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
        report(result)
        if result["failures"] or result["server"]["5xx"] or result["server"]["database_locked"]:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
