"""Failover drill: lose the PostgreSQL primary under writes; measure the gap, count what was lost.

``python -m bench.failover`` (as root, on a machine with PostgreSQL 15 and the Debian packages
``postgresql-15-auto-failover`` and ``pg-auto-failover-cli``) builds a pg_auto_failover formation
on the loopback — a monitor (port 6000), a primary (6001) and a synchronous secondary (6002), each
its own data directory, the way a province runs it on three machines — then:

1. migrates gonghui and builds the small demo county through the multi-host URL
   ``postgres://postgres@/gonghui?host=127.0.0.1,127.0.0.1&port=6001,6002&target_session_attrs=read-write``;
2. starts the writer (``writer.py``): members join one after another through ``member_add``;
3. after ``--before`` seconds kills the primary outright (SIGKILL to its keeper and its postmaster:
   the machine is gone), and lets the writer go on for ``--after`` seconds;
4. reads every written member back from the new primary and checks each committed join is there
   exactly once, nothing is there twice, and what happened to the joins whose COMMIT was in flight.

It prints the figures (seconds without a successful write, joins committed, lost, duplicated) and
writes them to ``bench/results/failover.json``. The formation is removed afterwards (``--keep`` to
look at it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
MONITOR_PORT, PRIMARY_PORT, SECONDARY_PORT = 6000, 6001, 6002
DATABASE_URL = (
    f"postgres://postgres@/gonghui?host=127.0.0.1,127.0.0.1&port={PRIMARY_PORT},{SECONDARY_PORT}"
    "&target_session_attrs=read-write"
)


def as_postgres(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{PG_BIN}:{os.environ['PATH']}", "PG_CONFIG": str(PG_BIN / "pg_config")}
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], env=env, text=True, **kwargs)  # type: ignore[call-overload]


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PATH": f"{PG_BIN}:{os.environ['PATH']}", "PG_CONFIG": str(PG_BIN / "pg_config")}
    handle = log.open("ab")
    # A session of its own: killing its process group kills the keeper and every process it started.
    return subprocess.Popen(
        ["runuser", "-u", "postgres", "--", *args], env=env, stdout=handle, stderr=handle, start_new_session=True
    )


def states(work: Path) -> dict[str, str]:
    """Node name → its current state, as the monitor sees them."""
    shown = as_postgres(
        "pg_autoctl", "show", "state", "--pgdata", str(work / "monitor"), "--json", capture_output=True, check=False
    )
    try:
        nodes = json.loads(shown.stdout)
    except json.JSONDecodeError:
        return {}
    return {node["nodename"]: node["current_group_state"] for node in nodes}


def wait_for(what: str, predicate: object, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(f"failover drill: timed out waiting for {what}")


def gonghui(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(ROOT / ".venv/bin/gonghui"), *args], env=env, check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.failover", description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=float, default=15, help="seconds of writes before the primary is killed")
    parser.add_argument("--after", type=float, default=60, help="seconds of writes after it")
    parser.add_argument("--keep", action="store_true", help="leave the formation running afterwards")
    args = parser.parse_args(argv)
    if os.geteuid() != 0 or not shutil.which("pg_autoctl"):
        raise SystemExit(
            "failover drill: run as root, with pg-auto-failover-cli and postgresql-15-auto-failover installed"
        )

    work = Path(tempfile.mkdtemp(prefix="gonghui-failover-"))
    shutil.chown(work, "postgres", "postgres")
    logs = work / "logs"
    logs.mkdir()
    shutil.chown(logs, "postgres", "postgres")
    keepers: dict[str, subprocess.Popen[bytes]] = {}
    monitor_url = f"postgres://autoctl_node@127.0.0.1:{MONITOR_PORT}/pg_auto_failover?sslmode=disable"
    try:
        print(f"failover drill: formation in {work}", flush=True)
        as_postgres(
            "pg_autoctl",
            "create",
            "monitor",
            "--pgdata",
            str(work / "monitor"),
            "--pgport",
            str(MONITOR_PORT),
            "--hostname",
            "127.0.0.1",
            "--auth",
            "trust",
            "--no-ssl",
            check=True,
            capture_output=True,
        )
        keepers["monitor"] = start(["pg_autoctl", "run", "--pgdata", str(work / "monitor")], logs / "monitor.log")
        for name, port in (("node1", PRIMARY_PORT), ("node2", SECONDARY_PORT)):
            as_postgres(
                "pg_autoctl",
                "create",
                "postgres",
                "--pgdata",
                str(work / name),
                "--pgport",
                str(port),
                "--hostname",
                "127.0.0.1",
                "--name",
                name,
                "--dbname",
                "gonghui",
                "--auth",
                "trust",
                "--no-ssl",
                "--monitor",
                monitor_url,
                check=True,
                capture_output=True,
            )
            keepers[name] = start(["pg_autoctl", "run", "--pgdata", str(work / name)], logs / f"{name}.log")
            wanted = "single" if name == "node1" else "secondary"
            wait_for(f"{name} to be {wanted}", lambda n=name, w=wanted: states(work).get(n) == w, 240)
        wait_for("node1 to be primary", lambda: states(work).get("node1") == "primary", 120)
        print(f"failover drill: primary node1:{PRIMARY_PORT}, synchronous secondary node2:{SECONDARY_PORT}", flush=True)

        data = work / "gonghui-data"
        data.mkdir()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GONGHUI_") or k == "GONGHUI_DISABLED_MODULES"},
            "DATABASE_URL": DATABASE_URL,
            "GONGHUI_DATA_DIR": str(data),
            "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        }
        gonghui("migrate", "--noinput", "-v0", env=env)
        gonghui("demo", "--size", "small", env=env)

        results = work / "writes.json"
        python = str(ROOT / ".venv/bin/python")
        writer = subprocess.Popen(
            [
                python,
                "-m",
                "bench.failover.writer",
                str(results),
                str(args.before + args.after),
            ],
            env=env,
            cwd=ROOT,
        )
        ready = Path(f"{results}.ready")
        wait_for("the writer to start writing", ready.exists, 300)
        time.sleep(args.before)
        killed_at = time.time()
        # The machine is gone: every process of node1 (its keeper and its PostgreSQL) killed at once.
        postmaster = int((work / "node1" / "postmaster.pid").read_text().split()[0])
        with contextlib.suppress(ProcessLookupError):
            os.killpg(keepers["node1"].pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(postmaster, signal.SIGKILL)
        print("failover drill: primary killed", flush=True)
        promoted = wait_for(
            "node2 to be primary", lambda: states(work).get("node2") in {"wait_primary", "primary"}, 400
        )
        print(f"failover drill: node2 promoted {promoted:.1f} s after the kill", flush=True)
        writer.wait(timeout=args.after + 600)
        log = json.loads(results.read_text())

        check = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-m", "bench.failover.check", str(results)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        found: dict[str, int] = json.loads(check.stdout)
        committed = [w for w in log if w["outcome"] == "committed"]
        unknown = [w for w in log if w["outcome"] == "unknown"]
        lost = [w["seq"] for w in committed if found.get(str(w["seq"]), 0) != 1]
        twice = [seq for seq, count in found.items() if count > 1]
        before = [w for w in committed if w["end"] < killed_at]
        after = [w for w in committed if w["start"] > killed_at]
        gap = (after[0]["end"] - killed_at) if after else None
        figures = {
            "attempts": len(log),
            "committed": len(committed),
            "committed_before_kill": len(before),
            "committed_after_kill": len(after),
            "in_flight_at_kill": [{"seq": w["seq"], "landed": found.get(str(w["seq"]), 0)} for w in unknown],
            "failed_attempts": sum(1 for w in log if w["outcome"] in {"failed", "error"}),
            "errors": sorted({w.get("error", "") for w in log if w["outcome"] == "error"}),
            "seconds_until_promoted": round(promoted, 1),
            "seconds_without_a_successful_write": round(gap, 1) if gap is not None else None,
            "committed_writes_lost": len(lost),
            "written_twice": len(twice),
        }
        out = ROOT / "bench" / "results" / "failover.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0 if not lost and not twice and after else 1
    finally:
        if not args.keep:
            for keeper in keepers.values():
                if keeper.poll() is None:
                    keeper.send_signal(signal.SIGTERM)
            for keeper in keepers.values():
                try:
                    keeper.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    keeper.kill()
            for name in ("node2", "node1", "monitor"):
                as_postgres(
                    "pg_ctl", "stop", "-D", str(work / name), "-m", "immediate", check=False, capture_output=True
                )
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
