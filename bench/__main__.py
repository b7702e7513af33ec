"""Run benchmarks: ``python -m bench [names...] [--db sqlite|postgres|both]``.

Every benchmark runs once per database, each time in a child process on a fresh
throwaway database (see bench/harness.py). Results go to bench/results/<name>-<db>.json.
"""

from __future__ import annotations

import argparse
import sys

from bench.harness import DATABASES, available, run_in_child, run_leg


def main(argv: list[str] | None = None) -> int:
    benchmarks = available()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", metavar="name", help=f"benchmarks to run (default: all of {', '.join(benchmarks)})"
    )
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="both", help="database to run on (default: both)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    # Internal: the child process that runs one benchmark on one throwaway database.
    parser.add_argument("--leg", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.leg:
        run_leg(args.leg, args.db)
        return 0
    if args.list:
        for name, description in benchmarks.items():
            print(f"{name:16} {description}")
        return 0
    unknown = [name for name in args.names if name not in benchmarks]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(benchmarks)}")
    databases = DATABASES if args.db == "both" else (args.db,)
    failures = []
    for name in args.names or list(benchmarks):
        for db in databases:
            if run_in_child(name, db) != 0:
                failures.append(f"{name} on {db}")
    if failures:
        print(f"failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
