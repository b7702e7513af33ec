"""Realistic member collection sheets (会员信息采集表) for tests, the benchmark and the demo journey.

``write_member_sheet(path, rows=…, employers=[…], seed=…, damage=True)`` writes an .xlsx in the
provincial columns with xlsxwriter (constant memory): valid GB 11643 ID numbers of the demo
county's area (``core.demo.names.COUNTY_DIVISION``), names from the demo name lists, mobile
numbers, birth and joining dates. With ``damage=True`` a handful of typical faults are put in
(one each, at fixed rows listed in the result): an ID stored as a number, a wrong check digit,
a sex that does not match the ID, an unknown ethnic group, an employer outside the importer's
scope, the same ID twice with another name, a change date in the future.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from gonghui.core.demo.names import COUNTY_DIVISION, GIVEN, SURNAMES

HEADERS = (
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "就业状况",
    "证件类别",
    "证件号码",
    "学历",
    "技术等级",
    "移动电话",
    "户籍类型",
    "户籍所在地",
    "会籍变化类型",
    "会籍变化日期",
    "会籍变化原因",
    "政治面貌",
    "工作单位",
    "籍贯",
    "是否农民工会员",
)
DAMAGE_KINDS = (
    "id_as_number",
    "check_digit",
    "sex_mismatch",
    "unknown_ethnic_group",
    "employer_out_of_scope",
    "duplicate_id",
    "future_date",
)
OUT_OF_SCOPE_EMPLOYER = "不在本辖区的某某有限公司"
ETHNIC = ("汉族",) * 18 + ("回族", "满族", "壮族", "苗族")
EDUCATION = ("初中", "高中", "中专（中技）", "大学专科", "大学本科", "本科", "大专", "硕士研究生")
SKILL = ("无", "职业资格五级（初级）", "职业资格四级（中级）", "高级工", "")
EMPLOYMENT = ("在岗",) * 8 + ("待（下）岗", "其他")
HOUSEHOLD = ("农业户口", "非农业户口", "居民户口")
POLITICAL = ("群众",) * 6 + ("中共党员", "共青团员", "")
PLACES = ("浙江省青山县", "浙江省杭州市", "安徽省阜阳市", "江西省上饶市", "河南省信阳市", "四川省南充市")


@dataclass
class SampleSheet:
    """What was written: the file, its data rows, and the Excel row numbers of each fault."""

    path: Path
    rows: int
    id_numbers: list[str] = field(default_factory=list)  # per data row, as intended (before damage)
    names: list[str] = field(default_factory=list)
    damaged: dict[str, list[int]] = field(default_factory=dict)  # damage kind → Excel row numbers


def id_number(birth: date, sequence: int, *, area: str = COUNTY_DIVISION) -> str:
    """A valid 18-character ID number (the sequence's parity gives the sex: odd male).

    Sequence digits 000–499 only: the demo county's workers use 500–999, so a sample sheet
    imported into the demo never meets one of them by chance.
    """
    body = f"{area}{birth:%Y%m%d}{sequence % 500:03d}"
    return body + ric.calc_check_digit(body + "0")


def _wrong_check(number: str) -> str:
    right = number[17]
    wrong = "0" if right != "0" else "1"
    return number[:17] + wrong


def write_member_sheet(
    path: Path | str,
    *,
    rows: int,
    employers: list[str] | tuple[str, ...] = ("",),
    seed: int = 0,
    damage: bool = False,
    today: date | None = None,
    members_share: float = 0.9,
    transfer_in_share: float = 0.05,
) -> SampleSheet:
    """Write ``rows`` data rows to ``path`` (.xlsx). ``employers``: names for 工作单位 ("" = empty cell).

    ``damage`` needs at least 20 rows; the faults go to fixed rows (see ``SampleSheet.damaged``).
    """
    import xlsxwriter

    rng = random.Random(seed)
    today = today or date.today()
    path = Path(path)
    result = SampleSheet(path=path, rows=rows)
    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet("会员信息")
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "yyyy/mm/dd"})
    header = book.add_format({"bold": True})
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title, header)
    sheet.set_column(7, 7, 22, text)
    sheet.set_column(10, 10, 14, text)
    # Fixed rows for the faults (data row index → kind), spread over the file.
    faults: dict[int, str] = {}
    if damage:
        if rows < 20:
            raise ValueError("damage needs at least 20 rows")
        step = rows // (len(DAMAGE_KINDS) + 1)
        for i, kind in enumerate(DAMAGE_KINDS):
            faults[step * (i + 1) - 1] = kind
    duplicate_of: int | None = None
    used: set[str] = set()
    sequence = rng.randrange(1000)
    start = date(1966, 1, 1)
    span = (date(today.year - 18, 1, 1) - start).days
    for index in range(rows):
        sequence += 1
        while True:
            birth = start + timedelta(days=rng.randrange(span))
            number = id_number(birth, sequence)
            if number not in used:
                break
            sequence += 1
        used.add(number)
        male = int(number[16]) % 2 == 1
        surname = rng.choice(SURNAMES)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        name = surname + given
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        kind = ""
        on: date | None = None
        if rng.random() < members_share:
            kind = "转入" if rng.random() < transfer_in_share else "入会"
            try:
                sixteen = birth.replace(year=birth.year + 16)
            except ValueError:  # born on 29 February
                sixteen = date(birth.year + 16, 3, 1)
            first = max(sixteen, date(2000, 1, 1))
            on = first + timedelta(days=rng.randrange(max((today - first).days, 1)))
        employer = rng.choice(list(employers)) if employers else ""
        ethnic = rng.choice(ETHNIC)
        sex = "男" if male else "女"
        id_cell: Any = number
        fault = faults.get(index)
        excel_row = index + 2
        if fault is not None:
            result.damaged.setdefault(fault, []).append(excel_row)
        if fault == "id_as_number":
            id_cell = int(number[:17] + ("0" if number[17] == "X" else number[17]))
        elif fault == "check_digit":
            id_cell = _wrong_check(number)
        elif fault == "sex_mismatch":
            sex = "女" if male else "男"
        elif fault == "unknown_ethnic_group":
            ethnic = "火星族"
        elif fault == "employer_out_of_scope":
            employer = OUT_OF_SCOPE_EMPLOYER
        elif fault == "duplicate_id":
            duplicate_of = max(0, index - 3)
            id_cell = result.id_numbers[duplicate_of]
            result.damaged[fault].insert(0, duplicate_of + 2)
            name = result.names[duplicate_of][0] + "某某"  # another name (某 is in no given name)
        elif fault == "future_date":
            kind = "入会"
            on = today + timedelta(days=30)
        result.id_numbers.append(number)
        result.names.append(name)
        cells: list[Any] = [
            index + 1,
            name,
            sex,
            datetime(birth.year, birth.month, birth.day),
            ethnic,
            rng.choice(EMPLOYMENT),
            "居民身份证",
            id_cell,
            rng.choice(EDUCATION),
            rng.choice(SKILL),
            phone,
            rng.choice(HOUSEHOLD),
            rng.choice(PLACES),
            kind,
            datetime(on.year, on.month, on.day) if on else "",
            "",
            rng.choice(POLITICAL),
            employer,
            rng.choice(PLACES)[:3],
            "是" if rng.random() < 0.3 else "否",
        ]
        for col, value in enumerate(cells):
            if value == "" or value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(excel_row - 1, col, value, day)
            elif isinstance(value, int):
                sheet.write_number(excel_row - 1, col, value)
            elif col in (7, 10):
                sheet.write_string(excel_row - 1, col, value, text)
            else:
                sheet.write_string(excel_row - 1, col, value)
    book.close()
    return result
