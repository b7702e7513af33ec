"""Importing 100,000 unions from .xlsx: the pipeline beside reading alone and read + raw insert (the floor).

Target (the import acceptance): a 100,000-row sheet checked and written in ≤ 10 s on 2 cores,
within 2× of reading the file and inserting its rows raw, with memory flat as the file grows.

Measured on one 100,000-row file (6 columns, the union template, 3.5 MB), under a township:
(a) reading only (python-calamine ``iter_rows``, every cell touched); (b) the floor: the same
read plus a raw ``executemany`` INSERT of the rows, paths computed in the loop, no validation,
one transaction; (c) the pipeline's check pass (``validate_file``: the preview) and write pass
(``write_file``: checks again and writes in batches, one transaction, audited), as the web
flow runs them one after the other. Peak memory is the process's peak resident set above its
resident set at the start of the step (Linux ``VmHWM``, reset before each step through
``/proc/self/clear_refs``), so it includes calamine's Rust buffers, not only Python objects.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from django.db import connection, transaction
from django.utils import timezone

from bench.harness import Bench, import_step_child, step_in_fresh_process
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import user_create
from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.sheets import engine
from gonghui.core.sheets.specs import get_spec
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.tree.services import union_create

ROWS = 100_000
GROWTH = (25_000, 50_000)
RUNS = 3
TOWNSHIP = "青山镇总工会"
HEADERS = ["工会名称", "工会统一社会信用代码", "上级工会名称", "建会日期", "基层工会类型"]


def credit_code(serial: int) -> str:
    first17 = f"81339901{serial:09d}"
    return first17 + credit_code_check_char(first17)


def write_file(path: Path, rows: int) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("数据")
    text = book.add_format({"num_format": "@"})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header)
    for i in range(1, rows + 1):
        sheet.write_string(i, 0, f"青山县第{i}号企业工会委员会")
        sheet.write_string(i, 1, credit_code(i), text)
        sheet.write_string(i, 2, TOWNSHIP)
        sheet.write_string(i, 3, f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}")
        sheet.write_string(i, 4, "独立基层工会" if i % 10 else "联合基层工会")
    book.close()


# --- memory -----------------------------------------------------------------------------------


def child(step: str, path: str, township_id: int, staff_id: int) -> None:
    """In the fresh process of ``step_in_fresh_process``: one step, measured."""
    import_step_child("unions", step, path, township_id, staff_id, read_only=read_only, raw_insert=raw_insert)


# --- the three measurements ---------------------------------------------------------------------


def read_only(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    count = 0
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    for row in sheet.iter_rows():
        for _value in row:
            pass
        count += 1
    return count - 1


def raw_insert(path: Path, township: Union) -> int:
    """Read, and INSERT every row as it is, paths computed in the loop: no validation, no ORM."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    now = timezone.now()
    table = Union._meta.db_table
    sql = (
        f"INSERT INTO {table} (path, depth, numchild, name, kind, credit_code, founding_date, created_at, updated_at) "
        "VALUES (%s, %s, 0, %s, %s, %s, %s, %s, %s)"
    )
    kinds = {"独立基层工会": "grassroots", "联合基层工会": "joint"}
    batch: list[tuple[Any, ...]] = []
    position = township.numchild
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        rows = sheet.iter_rows()
        next(rows)
        for name, code, _parent, founded, kind in rows:
            position += 1
            path = Union._get_path(township.path, 3, position)
            batch.append((path, 3, name, kinds[kind], code, date.fromisoformat(founded), now, now))
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        cursor.execute(f"UPDATE {table} SET numchild = numchild + %s WHERE id = %s", [count, township.pk])
    return count


def remove_imported(township: Union) -> None:
    table = Union._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE depth = 3 AND path LIKE %s", [township.path + "%"])
        cursor.execute(f"UPDATE {table} SET numchild = 0 WHERE id = %s", [township.pk])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")


def run(bench: Bench) -> None:
    spec = get_spec("unions")
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    with system_scope("benchmark"):
        county = union_create(actor=None, parent=None, name="青山县总工会", kind=Union.Kind.COUNTY)
        township = union_create(actor=None, parent=county, name=TOWNSHIP, kind=Union.Kind.TOWNSHIP)
        staff = user_create(
            actor=None,
            username="bench_import",
            full_name="导入测试",
            union=township,
            role=Role.UNION_STAFF,
            password="Qz7#mountain-river",  # noqa: S106 (a throwaway benchmark account)
            phone="",
            must_change_password=False,
        )
    staff = User.unscoped.select_related("union").get(pk=staff.pk)
    path = tmp / "unions-100000.xlsx"
    with bench.step("write the 100,000-row file (xlsxwriter)"):
        write_file(path, ROWS)
    bench.figure("file size", round(path.stat().st_size / 1e6, 1), "MB")

    def fresh_township() -> Union:
        with system_scope("benchmark"):
            return Union.unscoped.get(pk=township.pk)

    def clean(_i: int) -> None:
        with system_scope("benchmark"):
            remove_imported(township)

    def rate(label: str, measured: Any, rows: int) -> None:
        bench.figure(f"{label}: rows per second", round(rows / (measured.median_ms / 1000)))

    # (a) reading only
    ids = (township.pk, staff.pk)
    read = bench.measure_runs("read only (calamine iter_rows)", lambda _i: read_only(path), runs=RUNS)
    rate("read only", read, ROWS)

    # (b) the floor: read + raw insert
    with system_scope("benchmark"):
        floor = bench.measure_runs(
            "floor: read + raw executemany INSERT",
            lambda _i: raw_insert(path, fresh_township()),
            runs=RUNS,
            setup=clean,
        )
        rate("floor", floor, ROWS)
        clean(0)

    # (c) the pipeline: the check pass (preview) and the write pass
    def check() -> engine.ImportReport:
        with acting_as(staff):
            report = engine.validate_file(spec, path, path.name, actor=staff, root=fresh_township())
        assert report.ok, report.messages()[:5]
        assert report.to_create == ROWS
        return report

    def write() -> engine.ImportReport:
        with acting_as(staff):
            report = engine.write_file(spec, path, path.name, actor=staff, root=fresh_township())
        assert report.written, (report.messages()[:5], report.file_errors)
        assert report.created == ROWS
        return report

    checked = bench.measure_runs("pipeline: check pass (validate_file, the preview)", lambda _i: check(), runs=RUNS)
    rate("pipeline check pass", checked, ROWS)
    clean(0)
    written = bench.measure_runs(
        "pipeline: write pass (write_file: check again + write)", lambda _i: write(), runs=RUNS, setup=clean
    )
    rate("pipeline write pass", written, ROWS)
    total_s = (checked.median_ms + written.median_ms) / 1000
    bench.figure("pipeline check + write: seconds", round(total_s, 2), "s")
    bench.figure("pipeline check + write: rows per second", round(ROWS / total_s))
    bench.figure("write pass ÷ floor", round(written.median_ms / floor.median_ms, 2), "×")
    bench.figure("check + write ÷ floor", round(total_s * 1000 / floor.median_ms, 2), "×")

    # Memory, each step in a fresh process; the pipeline on 25,000, 50,000 and 100,000 rows.
    for label, step in (("read only", "read"), ("floor (read + raw insert)", "floor")):
        clean(0)
        memory, _seconds = step_in_fresh_process("import_unions", step, str(path), *ids)
        bench.figure(f"{label}: peak RSS added", round(memory / 1e6), "MB")
    for rows in (*GROWTH, ROWS):
        sized = path if rows == ROWS else tmp / f"unions-{rows}.xlsx"
        if rows != ROWS:
            write_file(sized, rows)
        for label, step in (("check pass", "check"), ("write pass", "write")):
            clean(0)
            memory, seconds = step_in_fresh_process("import_unions", step, str(sized), *ids)
            bench.figure(
                f"pipeline {label}, {rows:,} rows: peak RSS added", round(memory / 1e6), "MB", note=f"{seconds:.1f} s"
            )
    clean(0)
