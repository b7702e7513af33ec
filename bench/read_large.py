"""Reading a 1,000,000-row member sheet: python-calamine against the streaming reader (stream.py).

Target (product): read a 1,000,000-row × 20-column .xlsx member sheet with peak memory
≤ 400 MB, while 100,000 rows keep going at calamine speed.

Data: a member sheet of the provincial form's 20 columns (序号 … 是否农民工会员), written with
xlsxwriter ``constant_memory`` (which writes every string inline), then rewritten as Excel
saves it: every string moved to a shared strings table (sharedStrings.xml), cells pointing
at it. IDs and phones are text, dates are date cells, 序号 is a number. 100,000 and
1,000,000 rows, in a temporary directory.

Measured, each in a fresh child process so that its peak resident memory is its own
(ru_maxrss), reported as the median of the runs:

1. ``baseline``: the child with Django set up and nothing read;
   ``check_file``: the safety checks that run before any reader (with the size limits
   raised: the defaults refuse a 1,000,000-row file, see bench/README.md);
2. ``calamine``: ``CalamineWorkbook.from_path``, ``get_sheet_by_index(0)``, ``iter_rows`` over
   every row (what workbook.py does);
3. ``calamine_head``: the lighter calamine paths: ``to_python(nrows=100)`` (only the first
   rows) — calamine still parses the whole sheet before returning them;
4. ``shared_strings``: the streaming reader's shared strings table alone (list of str);
5. ``stream``: ``StreamedWorkbook.iter_rows`` over every row, as shipped: plain rows through
   one regular expression per row, anything else through expat;
6. ``stream_expat``: the same with the fast path off (every row through expat handlers);
7. ``stream_pull``: the same rows through ``xml.etree.ElementTree.XMLPullParser`` instead
   of expat handlers (the alternative the reader did not take);
8. ``stream_inline`` (1,000,000 rows only): ``stream`` on the xlsxwriter file as written,
   with inline strings and no shared strings table.

Rows per second count every row read (the header included). ``python -m bench read_large``
runs it (about 10 minutes: building the 1,000,000-row file takes 2–6); the figures are in
bench/README.md, section ``read_large``. ``BENCH_READ_LARGE_ROWS=100000`` limits the sizes.

Figures (2 cores shared with other work, Python 3.11, python-calamine 0.9.1; 24 November 2026;
medians of 3; the bare child process is 128 MB):

| rows × 20 columns | calamine         | stream           | stream, expat only |
|-------------------|------------------|------------------|--------------------|
| 100,000 (9.8 MB)  | 1.9 s, 273 MB    | 3.2 s, 141 MB    | 6.5 s, 141 MB      |
| 1,000,000 (98 MB) | 19.9 s, 1,599 MB | 27.6 s, 279 MB   | —                  |

calamine's ``to_python(nrows=100)`` costs as much as reading every row: it does not stream.
The stream's memory above the bare process is its shared strings table (2,002,806 strings:
150 MB); with inline strings it reads 1,000,000 rows at 128 MB.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from bench.harness import Bench
from gonghui.members.samples import HEADERS

SIZES = (100_000, 1_000_000)
RUNS = 3
HEADER = list(HEADERS)
VARIANTS = (
    "baseline",
    "check_file",
    "calamine",
    "calamine_head",
    "shared_strings",
    "stream",
    "stream_expat",
    "stream_pull",
)
# Too slow to be worth minutes at 1,000,000 rows: their 100,000-row figures say enough.
SMALL_ONLY = ("stream_expat", "stream_pull")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玉兰志"
NATIONS = ("汉族", "汉族", "汉族", "汉族", "回族", "满族", "壮族", "黎族", "苗族", "土家族")
EMPLOYMENT = ("在岗", "在岗", "在岗", "灵活就业", "下岗", "退休")
EDUCATION = ("初中", "高中", "中专", "大学专科", "大学本科", "硕士研究生")
SKILL = ("", "初级工", "中级工", "高级工", "技师", "高级技师")
HUKOU = ("农业户口", "非农业户口", "居民户口")
CHANGE = ("新入会", "转入", "转出", "恢复会籍")
REASON = ("新建工会", "工作调动", "单位合并", "重新就业")
POLITICS = ("群众", "群众", "中共党员", "共青团员", "民主党派")
PROVINCES = ("海南省海口市", "广东省湛江市", "湖南省长沙市", "四川省成都市", "河南省郑州市", "广西壮族自治区南宁市")
DISTRICTS = ("龙华区", "美兰区", "秀英区", "琼山区", "赤坎区", "岳麓区", "武侯区", "金水区", "青秀区")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(area: int, born: datetime.date, sequence: int) -> str:
    body = f"{area:06d}{born:%Y%m%d}{sequence % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    return body + check


def build(path: Path, rows: int) -> None:
    """Write ``rows`` member rows with xlsxwriter in constant memory (strings inline)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("会员信息")
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    for r in range(1, rows + 1):
        born = datetime.date(1960 + r % 45, 1 + r % 12, 1 + r % 28)
        area = 460100 + (r % 97) * 3
        sex = "男" if r % 2 else "女"
        write_number(r, 0, r)
        write_string(r, 1, SURNAMES[r % 20] + GIVEN[(r * 7) % 30] + ("" if r % 3 == 0 else GIVEN[(r // 30) % 30]))
        write_string(r, 2, sex)
        write_datetime(r, 3, datetime.datetime(born.year, born.month, born.day), day)
        write_string(r, 4, NATIONS[r % 10])
        write_string(r, 5, EMPLOYMENT[r % 6])
        write_string(r, 6, "居民身份证")
        write_string(r, 7, _id_number(area, born, r * 2 + (r % 2)), text)
        write_string(r, 8, EDUCATION[r % 6])
        if SKILL[r % 6]:
            write_string(r, 9, SKILL[r % 6])
        write_string(r, 10, f"1{3 + r % 7}{r % 10}{r:08d}"[:11], text)
        write_string(r, 11, HUKOU[r % 3])
        write_string(r, 12, PROVINCES[r % 6] + DISTRICTS[r % 9])
        write_string(r, 13, CHANGE[r % 4])
        write_datetime(r, 14, datetime.datetime(2015 + r % 11, 1 + r % 12, 1 + r % 28), day)
        write_string(r, 15, REASON[r % 4])
        write_string(r, 16, POLITICS[r % 5])
        write_string(r, 17, f"{PROVINCES[r % 6]}第{r % 700}建材有限公司")
        write_string(r, 18, PROVINCES[(r // 6) % 6])
        write_string(r, 19, "是" if r % 4 == 0 else "否")
    workbook.close()


_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>'
)


def to_shared_strings(source: Path, target: Path) -> int:
    """Rewrite ``source`` as Excel saves it: inline strings moved to a shared strings table.

    Streams the sheet XML through a regular expression (the xlsxwriter output is regular);
    returns the number of distinct strings.
    """
    index: dict[bytes, int] = {}
    order: list[bytes] = []
    counts = [0]

    def shared(match: re.Match[bytes]) -> bytes:
        body = match.group(3)
        number = index.get(body)
        if number is None:
            number = index[body] = len(order)
            order.append(body)
        counts[0] += 1
        return b'<c r="' + match.group(1) + b'"' + (match.group(2) or b"") + b' t="s"><v>%d</v></c>' % number

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with old.open(info) as src, new.open(info.filename, "w", force_zip64=True) as dst:
                    tail = b""
                    while chunk := src.read(4 * 1024 * 1024):
                        data = tail + chunk
                        cut = data.rfind(b"</row>") + len(b"</row>")
                        if cut < len(b"</row>"):
                            tail = data
                            continue
                        dst.write(_INLINE.sub(shared, data[:cut]))
                        tail = data[cut:]
                    dst.write(_INLINE.sub(shared, tail))
            elif info.filename == "[Content_Types].xml":
                types = old.read(info).replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
                new.writestr(info.filename, types)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                rels = old.read(info).replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId900" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
                new.writestr(info.filename, rels)
            else:
                new.writestr(info, old.read(info))
        with new.open("xl/sharedStrings.xml", "w", force_zip64=True) as dst:
            dst.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
                % (counts[0], len(order))
            )
            for start in range(0, len(order), 10_000):
                dst.write(b"".join(b"<si><t>" + body + b"</t></si>" for body in order[start : start + 10_000]))
            dst.write(b"</sst>")
    return len(order)


def _pull_rows(path: str) -> Any:
    """The rows of the first sheet through ElementTree's XMLPullParser (for comparison only)."""
    from xml.etree.ElementTree import XMLPullParser

    from gonghui.core.sheets.reading.stream import (
        DATE,
        DURATION,
        MAIN_NS,
        NUMBER,
        StreamedWorkbook,
        column_index,
        excel_date,
        excel_duration,
    )

    c_tag, v_tag, row_tag, is_tag = (f"{{{MAIN_NS}}}{n}" for n in ("c", "v", "row", "is"))
    with StreamedWorkbook(path) as workbook:
        strings, formats = workbook.shared_strings(), workbook._formats
        parser = XMLPullParser(events=("end",))
        with workbook._zip.open(workbook.sheets[0].part) as stream:
            row: list[Any] = []
            while chunk := stream.read(256 * 1024):
                parser.feed(chunk)
                for _event, element in parser.read_events():
                    tag = element.tag
                    if tag == c_tag:
                        kind = element.get("t")
                        if kind == "inlineStr":
                            value: Any = "".join(element.find(is_tag).itertext())
                        else:
                            v = element.find(v_tag)
                            if v is None or not v.text:
                                continue
                            if kind == "s":
                                value = strings[int(v.text)]
                            elif kind is None or kind == "n":
                                value = float(v.text)
                                style = element.get("s")
                                fmt = formats[int(style)] if style is not None else NUMBER
                                if fmt == DATE:
                                    value = excel_date(value)
                                elif fmt == DURATION:
                                    value = excel_duration(value)
                            else:
                                value = v.text
                        column = column_index(element.get("r"))
                        if column > len(row):
                            row.extend([""] * (column - len(row)))
                        row.append(value)
                    elif tag == row_tag:
                        yield row
                        row = []
                        element.clear()


def child(variant: str, path: str) -> None:
    """Run one variant in this (fresh) process and print its figures as JSON."""
    import django

    django.setup()
    start = time.perf_counter()
    rows = 0
    extra: dict[str, Any] = {}
    if variant == "check_file":
        from django.conf import settings

        from gonghui.core.sheets.reading import check_file

        # The default limits (50 MB file, 500 MB unpacked) refuse a 1,000,000-row sheet.
        settings.GONGHUI_IMPORT_MAX_BYTES = settings.GONGHUI_IMPORT_MAX_UNPACKED_BYTES = 4 * 1024**3
        check_file(Path(path), "members.xlsx")
    elif variant == "calamine":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        extra["loaded_seconds"] = time.perf_counter() - start
        for _values in sheet.iter_rows():
            rows += 1
    elif variant == "calamine_head":
        from python_calamine import CalamineWorkbook

        rows = len(CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python(nrows=100))
    elif variant == "shared_strings":
        from gonghui.core.sheets.reading.stream import StreamedWorkbook

        with StreamedWorkbook(path) as workbook:
            extra["strings"] = len(workbook.shared_strings())
    elif variant in ("stream", "stream_inline", "stream_expat"):
        from gonghui.core.sheets.reading import stream

        stream.FAST = variant != "stream_expat"
        for _values in stream.read_rows(path):
            rows += 1
    elif variant == "stream_pull":
        for _values in _pull_rows(path):
            rows += 1
    seconds = time.perf_counter() - start
    figures = {
        "seconds": seconds,
        "rows": rows,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **extra,
    }
    print(json.dumps(figures))


def _run_child(variant: str, path: Path) -> dict[str, float]:
    code = f"from bench.read_large import child; child({variant!r}, {str(path)!r})"
    root = Path(__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=root)
    if done.returncode != 0:
        raise RuntimeError(f"{variant} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(bench: Bench, label: str, variant: str, path: Path, runs: int = RUNS) -> None:
    results = [_run_child(variant, path) for _ in range(runs)]
    seconds = statistics.median(r["seconds"] for r in results)
    rss = statistics.median(r["max_rss_mb"] for r in results)
    rows = results[0]["rows"]
    if variant != "baseline":
        bench.figure(f"{label} {variant}: seconds (median of {runs})", round(seconds, 2), "s")
    if rows and variant != "calamine_head":
        bench.figure(f"{label} {variant}: rows per second", round(rows / seconds), "rows/s")
    if "loaded_seconds" in results[0]:
        loaded = statistics.median(r["loaded_seconds"] for r in results)
        bench.figure(f"{label} {variant}: seconds before the first row", round(loaded, 2), "s")
    if "strings" in results[0]:
        bench.figure(f"{label} {variant}: distinct strings", results[0]["strings"])
    bench.figure(f"{label} {variant}: peak resident memory", round(rss), "MB")


def run(bench: Bench) -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_READ_LARGE_ROWS", "").split(",") if s] or SIZES
    with tempfile.TemporaryDirectory() as directory:
        for rows in sizes:
            label = f"{rows:,} rows"
            inline = Path(directory) / f"inline-{rows}.xlsx"
            path = Path(directory) / f"members-{rows}.xlsx"
            with bench.step(f"building {label} × {len(HEADER)} columns"):
                build(inline, rows)
            with bench.step(f"{label}: moving strings to a shared strings table"):
                to_shared_strings(inline, path)
            bench.figure(f"{label}: file size", round(path.stat().st_size / 1024 / 1024, 1), "MB")
            with zipfile.ZipFile(path) as archive:
                for part in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                    size = archive.getinfo(part).file_size
                    bench.figure(f"{label}: {part} unpacked", round(size / 1024 / 1024, 1), "MB")
            for variant in VARIANTS:
                if rows <= 100_000 or variant not in SMALL_ONLY:
                    measure(bench, label, variant, path)
            if rows >= 1_000_000:
                measure(bench, label, "stream_inline", inline)
            inline.unlink()
            path.unlink()
