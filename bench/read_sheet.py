"""Reading a 100,000-row × 15-column .xlsx: the safe reader against raw python-calamine.

Measured, each in a fresh child process so that its peak resident memory is its own
(ru_maxrss), three runs each, reported as the median:

1. ``check_file`` alone: the safety checks before parsing (zip directory, inflating every
   part to count its real size and scan XML for DOCTYPE/ENTITY);
2. raw calamine: ``CalamineWorkbook.from_path`` and ``iter_rows`` over every row;
3. ``open_sheet(...).rows()``: checks, sheet and header detection, streaming;
4. the same with ``clean_text`` on every cell (what an import of text columns costs);
5. the same as 4 with ``clean_code``/``clean_date`` on the ID, phone and date columns.

Rows per second count data rows. The peak of Python allocations (tracemalloc) is reported
separately for 3, to show what the streaming keeps on the Python side; calamine holds the
parsed sheet in its own (Rust) memory, which only the resident-memory figure shows. The
database is not used.

Figures (2 cores shared with other work — load average 3–6 during the runs, so read them as
orders of magnitude; Debian 12, Python 3.11, python-calamine 0.9.1; 24 November 2026; an
8.0 MB file of 87 MB sheet XML; medians of 3 runs, the range over three benchmark runs):

| variant                                  | seconds   | rows/s        | peak RSS |
|------------------------------------------|-----------|---------------|----------|
| check_file alone                         | 1.2–2.5   | —             | 84 MB    |
| raw calamine iter_rows                   | 1.8–2.6   | 38,600–54,000 | 213 MB   |
| open_sheet().rows()                      | 2.3–4.0   | 24,900–32,100 | 213 MB   |
| + clean_text on all 15 cells             | 4.2–8.3   | 12,100–24,100 | 213 MB   |
| + clean_code/clean_date on 4 columns     | 6.9–8.3   | 12,000–14,500 | 213 MB   |

Peak Python allocations while streaming all rows through open_sheet: 6.2 MB (tracemalloc):
the rows are never held; the resident memory is calamine's parsed sheet, the same as raw
calamine's. check_file costs about as much as calamine's own parse because it inflates every
part and scans the sheet XML for cell references (to refuse sheets whose cells span billions
of cells before calamine allocates them) and DOCTYPE/ENTITY declarations.
"""

from __future__ import annotations

import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Bench

ROWS = 100_000
HEADER = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "证件号码",
    "移动电话",
    "出生日期",
    "学历",
    "政治面貌",
    "工作单位",
    "职务",
    "入会时间",
    "会员卡号",
    "户籍地址",
    "备注",
]
VARIANTS = ("check_file", "calamine", "open_sheet", "clean_text", "clean_typed")
RUNS = 3


def build(path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("会员信息")
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    surnames, given = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    for r in range(1, ROWS + 1):
        born = datetime.date(1960 + r % 40, 1 + r % 12, 1 + r % 28)
        sheet.write_number(r, 0, r)
        sheet.write_string(r, 1, surnames[r % 10] + given[r % 20] + given[(r // 20) % 20])
        sheet.write_string(r, 2, "男" if r % 2 else "女")
        sheet.write_string(r, 3, "汉族")
        sheet.write_string(r, 4, f"46010019{r % 40 + 60:02d}0101{r % 10000:04d}", text)
        sheet.write_string(r, 5, f"138{r:08d}", text)
        sheet.write_datetime(r, 6, datetime.datetime.combine(born, datetime.time()), day)
        sheet.write_string(r, 7, "大学本科")
        sheet.write_string(r, 8, "群众")
        sheet.write_string(r, 9, f"海口市第{r % 500}建材有限公司")
        sheet.write_string(r, 10, "职工")
        sheet.write_datetime(r, 11, datetime.datetime(2020, 1 + r % 12, 1), day)
        sheet.write_string(r, 12, f"{6200000000000000 + r}", text)
        sheet.write_string(r, 13, f"海南省海口市龙华区某某路{r % 300}号")
        sheet.write_string(r, 14, "")
    workbook.close()


def child(variant: str, path: str) -> None:
    """Run one variant in this (fresh) process and print its figures as JSON."""
    import django

    django.setup()
    import tracemalloc

    from gonghui.core.sheets import reading

    source = Path(path)
    traced = variant == "open_sheet" and os.environ.get("BENCH_TRACE") == "1"
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    rows = 0
    if variant == "check_file":
        reading.check_file(source, "members.xlsx")
    elif variant == "calamine":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        for _values in sheet.iter_rows():
            rows += 1
        rows -= 1  # the header
    else:
        opened = reading.open_sheet(source, "members.xlsx", header_hint=HEADER)
        typed = {
            HEADER.index("证件号码"): lambda v: reading.clean_code(v, digits=18),
            HEADER.index("移动电话"): lambda v: reading.clean_code(v, digits=11),
            HEADER.index("出生日期"): reading.clean_date,
            HEADER.index("入会时间"): reading.clean_date,
        }
        for _number, values in opened.rows():
            rows += 1
            if variant == "clean_text":
                for value in values:
                    reading.clean_text(value)
            elif variant == "clean_typed":
                for i, value in enumerate(values):
                    typed.get(i, reading.clean_text)(value)
    seconds = time.perf_counter() - start
    figures = {
        "seconds": seconds,
        "rows": rows,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if traced:
        figures["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    print(json.dumps(figures))


def _run_child(variant: str, path: Path, *, trace: bool = False) -> dict[str, float]:
    env = {**os.environ, "BENCH_TRACE": "1" if trace else "0"}
    code = f"from bench.read_sheet import child; child({variant!r}, {str(path)!r})"
    root = Path(__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False, cwd=root)
    if done.returncode != 0:
        raise RuntimeError(f"{variant} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(bench: Bench) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "members.xlsx"
        with bench.step(f"building {ROWS:,} rows × {len(HEADER)} columns"):
            build(path)
        bench.figure("file size", round(path.stat().st_size / 1024 / 1024, 1), "MB")
        for variant in VARIANTS:
            results = [_run_child(variant, path) for _ in range(RUNS)]
            seconds = statistics.median(r["seconds"] for r in results)
            rss = statistics.median(r["max_rss_mb"] for r in results)
            rows = results[0]["rows"]
            bench.figure(f"{variant}: seconds (median of {RUNS})", round(seconds, 2), "s")
            if rows:
                bench.figure(f"{variant}: rows per second", round(rows / seconds), "rows/s")
            bench.figure(f"{variant}: peak resident memory", round(rss), "MB")
        traced = _run_child("open_sheet", path, trace=True)
        bench.figure(
            "open_sheet: peak Python allocations while streaming (tracemalloc)",
            round(traced["python_peak_mb"], 1),
            "MB",
            note="tracemalloc slows the run; its time is not reported",
        )
