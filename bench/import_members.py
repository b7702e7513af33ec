"""Importing a member collection sheet (会员信息采集表): 100,000 rows beside the floor, and 1,000,000 rows' memory.

Targets (issue: member registry): 100,000 rows imported and validated in ≤ 5 s on 2 cores,
within 3× of the floor (reading the file with calamine and inserting the rows raw);
1,000,000 rows with peak memory ≤ 400 MB.

Data: the provincial 20 columns written by ``gonghui.members.samples.write_member_sheet``
(valid GB 11643 ID numbers, names, phones, dates; 90 % of the rows join the union), then
saved as Excel saves it (strings in the shared strings table; xlsxwriter's constant-memory
mode writes them inline, which makes the sheet XML twice as large). Every row is a new worker
of one grassroots union's own employer, imported by that union's officer.

Measured (medians of ``RUNS`` runs, each on an empty registry):

1. *read only*: the file through ``workbook.open_workbook`` (what the pipeline reads with:
   python-calamine, or the streaming reader above the size threshold), every cell touched;
2. *floor* (the target's denominator): python-calamine's ``iter_rows`` plus the sheet's values
   inserted raw into a plain table with the worker table's columns and no secondary index
   (``executemany`` on SQLite, ``COPY`` on PostgreSQL): no cleaning, no validation, no
   encryption, no memberships; beside it, for comparison with earlier figures, the same rows
   into the worker table itself (its indexes and triggers);
3. *check pass*: ``engine.validate_file``, what the preview shows (once without its plan, once
   keeping it: check once);
4. *write pass*: ``engine.write_file`` without a plan, what the command line runs: reads and
   checks every row again, writes workers (encrypted ID number and phone, blind indexes,
   pinyin, name grams), memberships and events, recounts the union; one transaction, audited;
5. *confirm*: ``engine.write_file`` given the check's plan (nothing changed in between): writes
   the checked rows without reading the file again. The web flow is the check keeping its plan
   plus the confirm; before check once it was the check plus the write pass. The confirm runs
   a second time the other way of the database's default about the helper process that
   prepares the values (``GONGHUI_BULK_HELPER_ROWS``: on with SQLite, off with PostgreSQL),
   for the ratio of the two.

Peak memory of each step runs in a fresh process (``VmHWM`` above the resident set once Django
is set up). ``GONGHUI_BENCH_IMPORT_ROWS`` adds a second size (``1000000``: the memory target;
that size runs each step once in a fresh process, with its time; ``GONGHUI_BENCH_IMPORT_LARGE_STEPS``
picks them, e.g. ``plan,confirm``). ``GONGHUI_BENCH_PROFILE=1``
prints the cProfile (top 45 by own time) of the write pass, the check keeping its plan and the confirm.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from bench.harness import Bench, import_step_child, step_in_fresh_process
from bench.read_large import to_shared_strings
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import user_create
from gonghui.core.reference.services import reference_load
from gonghui.core.sheets import engine
from gonghui.core.sheets.specs import get_spec
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.tree.services import union_create
from gonghui.members.models import Membership, MembershipEvent, Worker
from gonghui.members.samples import write_member_sheet
from gonghui.organisations.models import Employer, UnionProfile

ROWS = int(os.environ.get("GONGHUI_BENCH_IMPORT_BASE_ROWS") or 100_000)  # fewer: a quick trial
RUNS = int(os.environ.get("GONGHUI_BENCH_RUNS") or 3)
EXTRA_ROWS_ENV = "GONGHUI_BENCH_IMPORT_ROWS"
LARGE_STEPS_ENV = "GONGHUI_BENCH_IMPORT_LARGE_STEPS"  # the steps run at that size (default: all but the floor)
PROFILE_ENV = "GONGHUI_BENCH_PROFILE"
# Peak memory, each step in a fresh process: the confirm writes the plan the step before kept.
MEMORY_STEPS = (
    ("read only", "read"),
    ("floor", "floor"),
    ("check pass", "check"),
    ("write pass", "write"),
    ("check pass keeping its plan", "plan"),
    ("confirm", "confirm"),
)
UNION = "青山县机械厂工会委员会"
EMPLOYER = "青山县机械厂"


# --- the file ------------------------------------------------------------------------------------


def write_file(path: Path, rows: int) -> None:
    """The sample sheet, then rewritten with a shared strings table as Excel saves it."""
    inline = path.with_suffix(".inline.xlsx")
    write_member_sheet(inline, rows=rows, employers=("",), seed=2026)
    to_shared_strings(inline, path)
    inline.unlink()


def sheet_xml_mb(path: Path) -> float:
    with zipfile.ZipFile(path) as z:
        return z.getinfo("xl/worksheets/sheet1.xml").file_size / 1e6


# --- the world -----------------------------------------------------------------------------------


def build_world() -> tuple[Union, User]:
    with system_scope("benchmark"):
        reference_load(actor=None)
        county = union_create(actor=None, parent=None, name="青山县总工会", kind=Union.Kind.COUNTY)
        township = union_create(actor=None, parent=county, name="青山镇总工会", kind=Union.Kind.TOWNSHIP)
        union = union_create(actor=None, parent=township, name=UNION, kind=Union.Kind.GRASSROOTS)
        Employer.unscoped.create(union=union, own_union=union, name=EMPLOYER, headcount=120_000)
        UnionProfile.unscoped.get_or_create(union=union, defaults={"union_type": "independent", "member_count": 0})
        officer = user_create(
            actor=None,
            username="bench_members",
            full_name="会员导入",
            union=union,
            role=Role.GRASSROOTS_OFFICER,
            password="Qz7#mountain-river",  # noqa: S106 (a throwaway benchmark account)
            phone="",
            must_change_password=False,
        )
    return union, User.unscoped.select_related("union").get(pk=officer.pk)


def clear() -> None:
    """Remove every worker, membership and event (raw: the audit triggers guard only the audit log)."""
    with system_scope("benchmark"), transaction.atomic(), connection.cursor() as cursor:
        for model in (MembershipEvent, Membership, Worker):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (MembershipEvent, Membership, Worker):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


# --- the steps -----------------------------------------------------------------------------------


def read_only(path: Path) -> int:
    from gonghui.core.sheets.reading.workbook import open_sheet
    from gonghui.members.samples import HEADERS

    count = 0
    for _number, row in open_sheet(path, path.name, header_hint=HEADERS).rows():
        for _value in row:
            pass
        count += 1
    return count


FLOOR_TABLE = "bench_floor_worker"
FLOOR_COLUMNS = (
    "name, id_number, id_number_hash, sex, birth_date, household_place, pinyin, pinyin_initials, "
    "name_grams, phone_last4, category, member_status, union_id, created_at, updated_at"
)


def _sheet_rows(path: Path, union: Union) -> Any:
    """calamine's rows as the floor inserts them: the sheet's values, as they are."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    now = timezone.now()
    rows = sheet.iter_rows()
    next(rows)
    for row in rows:
        sex = "male" if row[2] == "男" else "female"
        yield (row[1], row[7], row[7], sex, row[3], row[12], "", "", "", "", "regular", "none", union.pk, now, now)


def floor_table() -> None:
    """A plain table with the worker table's columns: no secondary index, no trigger, no constraint."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cursor.execute(f"CREATE TABLE {FLOOR_TABLE} AS SELECT * FROM {Worker._meta.db_table} WHERE 1 = 0")


def raw_insert(path: Path, union: Union) -> int:
    """The floor: calamine's rows inserted as they are into a plain table of the worker's columns
    (``executemany`` on SQLite, ``COPY`` on PostgreSQL), in one transaction."""
    floor_table()
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {FLOOR_TABLE} ({FLOOR_COLUMNS}) FROM STDIN") as copy:
                for row in _sheet_rows(path, union):
                    copy.write_row(row)
                    count += 1
            return count
        return _executemany(cursor, FLOOR_TABLE, _sheet_rows(path, union))


def _executemany(cursor: Any, table: str, rows: Any) -> int:
    """``executemany`` INSERTs of 5,000 rows at a time; the number of rows."""
    sql = f"INSERT INTO {table} ({FLOOR_COLUMNS}) VALUES ({', '.join(['%s'] * 15)})"
    count = 0
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5000:
            cursor.executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


def raw_insert_registry(path: Path, union: Union) -> int:
    """The earlier floor, for comparison: the same rows into the worker table itself (its 19 indexes,
    the name index's and the stamps' triggers), ``executemany`` on both databases."""
    with transaction.atomic(), connection.cursor() as cursor:
        return _executemany(cursor, Worker._meta.db_table, _sheet_rows(path, union))


def child(step: str, path: str, union_id: int, officer_id: int) -> None:
    """In the fresh process of ``step_in_fresh_process``: one step, measured."""
    import_step_child("members", step, path, union_id, officer_id, read_only=read_only, raw_insert=raw_insert)


def run(bench: Bench) -> None:
    spec = get_spec("members")
    tmp = Path(tempfile.mkdtemp(prefix="bench-members-"))
    with bench.step("reference data, a county, a township, a grassroots union and its employer"):
        union, officer = build_world()
    path = tmp / f"members-{ROWS}.xlsx"
    with bench.step(f"write the {ROWS:,}-row sheet (xlsxwriter, then shared strings)"):
        write_file(path, ROWS)
    bench.figure("file size", round(path.stat().st_size / 1e6, 1), "MB", note=f"sheet XML {sheet_xml_mb(path):.0f} MB")

    def fresh_union() -> Union:
        with system_scope("benchmark"):
            return Union.unscoped.get(pk=union.pk)

    def rate(label: str, measured: Any, rows: int) -> None:
        bench.figure(f"{label}: rows per second", round(rows / (measured.median_ms / 1000)))

    read = bench.measure_runs("read only (the pipeline's reader)", lambda _i: read_only(path), runs=RUNS)
    rate("read only", read, ROWS)
    insert = "COPY" if connection.vendor == "postgresql" else "executemany INSERT"
    with system_scope("benchmark"):
        floor = bench.measure_runs(
            f"floor: calamine + {insert} into a plain table of the worker's columns",
            lambda _i: raw_insert(path, fresh_union()),
            runs=RUNS,
        )
        rate("floor", floor, ROWS)
        registry_floor = bench.measure_runs(
            "for comparison: calamine + executemany INSERT into the worker table itself",
            lambda _i: raw_insert_registry(path, fresh_union()),
            runs=RUNS,
            setup=lambda _i: clear(),
        )
    rate("raw INSERT into the worker table", registry_floor, ROWS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
    clear()

    def check() -> None:
        with acting_as(officer):
            report = engine.validate_file(spec, path, path.name, actor=officer, root=fresh_union())
        assert report.ok, report.messages()[:5]
        assert report.to_create == ROWS, (report.to_create, report.to_update)

    def write() -> None:
        with acting_as(officer):
            report = engine.write_file(spec, path, path.name, actor=officer, root=fresh_union())
        assert report.written, (report.messages()[:5], report.file_errors)
        assert report.created == ROWS

    checked = bench.measure_runs("pipeline: check pass (validate_file, the preview)", lambda _i: check(), runs=RUNS)
    rate("pipeline check pass", checked, ROWS)
    written = bench.measure_runs(
        "pipeline: write pass (write_file: check again + write)",
        lambda _i: write(),
        runs=RUNS,
        setup=lambda _i: clear(),
    )
    rate("pipeline write pass", written, ROWS)
    # Check once: the preview keeps its plan, the confirm step writes it (nothing changed between).
    plan_path = tmp / "members.plan"
    kept: dict[str, Any] = {}

    def check_keeping() -> Any:
        with acting_as(officer):
            report = engine.validate_file(spec, path, path.name, actor=officer, root=fresh_union(), plan_path=plan_path)
        assert report.ok, report.messages()[:5]
        assert report.plan, "the check kept no plan"
        return report

    def confirm() -> None:
        with acting_as(officer):
            report = engine.write_file(
                spec, path, path.name, actor=officer, root=fresh_union(), checked=kept["report"], plan_path=plan_path
            )
        assert report.written, report.file_errors
        assert report.checked_once, report.rechecked
        assert report.created == ROWS

    def before_confirm(_i: int) -> None:
        clear()
        kept["report"] = check_keeping()

    clear()
    keeping = bench.measure_runs(
        "check once: check pass keeping its plan (the preview)", lambda _i: check_keeping(), runs=RUNS
    )
    bench.figure("plan size", round(plan_path.stat().st_size / 1e6, 1), "MB")
    confirmed = bench.measure_runs(
        "check once: confirm (write the checked plan)", lambda _i: confirm(), runs=RUNS, setup=before_confirm
    )
    rate("confirm", confirmed, ROWS)
    # The other way of the helper process than this database's default (GONGHUI_BULK_HELPER_ROWS).
    helped = bool(settings.GONGHUI_BULK_HELPER_ROWS)
    with override_settings(GONGHUI_BULK_HELPER_ROWS=0 if helped else 1):
        other = bench.measure_runs(
            "check once: confirm "
            + ("in one process (no helper process)" if helped else "with a helper process preparing the values"),
            lambda _i: confirm(),
            runs=RUNS,
            setup=before_confirm,
        )
    alone, with_helper = (other, confirmed) if helped else (confirmed, other)
    bench.figure("confirm: one process ÷ with the helper", round(alone.median_ms / with_helper.median_ms, 2), "×")
    flow_s = (keeping.median_ms + confirmed.median_ms) / 1000
    bench.figure("web flow, check once (preview + confirm): seconds", round(flow_s, 2), "s")
    bench.figure("confirm ÷ floor", round(confirmed.median_ms / floor.median_ms, 2), "×")
    bench.figure("preview + confirm ÷ floor", round(flow_s * 1000 / floor.median_ms, 2), "×")
    plan_path.unlink(missing_ok=True)

    with system_scope("benchmark"):
        bench.figure(
            "after a write pass: workers / memberships / events",
            f"{Worker.unscoped.count():,} / {Membership.unscoped.count():,} / {MembershipEvent.unscoped.count():,}",
        )
    total_s = (checked.median_ms + written.median_ms) / 1000
    bench.figure("web flow (check + write): seconds", round(total_s, 2), "s")
    bench.figure("write pass ÷ floor", round(written.median_ms / floor.median_ms, 2), "×")
    bench.figure("check + write ÷ floor", round(total_s * 1000 / floor.median_ms, 2), "×")

    if os.environ.get(PROFILE_ENV):
        for label, before, step in (
            ("write pass", clear, write),
            ("check pass keeping its plan", clear, lambda: kept.update(report=check_keeping())),
            ("confirm", lambda: None, confirm),
        ):
            before()
            profile = cProfile.Profile()
            profile.enable()
            step()
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(45)
            bench.text(f"{label}, cProfile by own time", out.getvalue())

    ids = (union.pk, officer.pk)
    for label, step in MEMORY_STEPS:
        if step != "confirm":  # the confirm writes the plan of the step before, on the same database
            clear()
        memory, seconds = step_in_fresh_process("import_members", step, str(path), *ids)
        bench.figure(f"{label}, {ROWS:,} rows: peak RSS added", round(memory / 1e6), "MB", note=f"{seconds:.1f} s")

    extra = int(os.environ.get(EXTRA_ROWS_ENV) or 0)
    if extra:
        big = tmp / f"members-{extra}.xlsx"
        with bench.step(f"write the {extra:,}-row sheet"):
            write_file(big, extra)
        bench.figure(
            f"{extra:,} rows: file size",
            round(big.stat().st_size / 1e6, 1),
            "MB",
            note=f"sheet XML {sheet_xml_mb(big):.0f} MB",
        )
        wanted = os.environ.get(LARGE_STEPS_ENV, "read,check,write,plan,confirm").split(",")
        for label, step in MEMORY_STEPS:
            if step not in wanted:
                continue
            if step != "confirm":
                clear()
            memory, seconds = step_in_fresh_process("import_members", step, str(big), *ids)
            bench.figure(
                f"{label}, {extra:,} rows: peak RSS added",
                round(memory / 1e6),
                "MB",
                note=f"{seconds:.1f} s, {extra / seconds:,.0f} rows/s",
            )
        big.unlink()
    clear()
