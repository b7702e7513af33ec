"""The provinces' caps from ``data/cap_tables.csv`` and ``data/caps.csv`` (sources in ``data/SOURCES.md``).

``read_files()`` checks both files and returns their rows; ``caps_load()`` writes them (new
tables created, changed ones updated, the caps of each table replaced). It runs in the initial
migration and as ``gonghui loadwelfarecaps``; files of the same names in
``<DATA_DIR>/welfare/`` replace the shipped ones. A refresh keeps the table the county chose.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
TABLE_COLUMNS = ["code", "province", "version", "document", "number", "issued", "url", "note"]
CAP_COLUMNS = ["table", "item", "festival", "basis", "amount", "forbidden_forms"]
ITEMS = {
    "festival",
    "birthday",
    "marriage",
    "childbirth",
    "hospital",
    "hospital_surgery",
    "death_member",
    "death_relative",
    "retirement",
    "serious_illness",
}
FESTIVALS = {"", "new_year", "spring", "qingming", "labour", "dragon_boat", "mid_autumn", "national", "minority"}
BASES = {"event", "year", "festival_year"}
FORMS = {"goods", "cash", "shopping_card", "voucher"}


class CapFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CapFiles:
    tables: list[dict[str, str]]
    caps: list[dict[str, Any]]


def _path(name: str, data_dir: Path | None) -> Path:
    if data_dir is not None:
        return data_dir / name
    overlay = Path(getattr(settings, "DATA_DIR", "")) / "welfare" / name
    return overlay if overlay.is_file() else SHIPPED_DIR / name


def _read(path: Path, columns: list[str], problems: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            problems.append(f"{path.name}: the header must be {','.join(columns)}")
            return []
        return [{key: (value or "").strip() for key, value in row.items()} for row in reader]


def read_files(data_dir: Path | None = None) -> CapFiles:
    """Both files, checked: every problem named with its file and line."""
    problems: list[str] = []
    tables = _read(_path("cap_tables.csv", data_dir), TABLE_COLUMNS, problems)
    rows = _read(_path("caps.csv", data_dir), CAP_COLUMNS, problems)
    codes = [table["code"] for table in tables]
    if len(codes) != len(set(codes)):
        problems.append("cap_tables.csv: a code appears twice")
    for line, table in enumerate(tables, start=2):
        if not table["code"] or not table["province"] or not table["url"]:
            problems.append(f"cap_tables.csv line {line}: code, province and source URL are required")
    caps: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str, str]] = set()
    for line, row in enumerate(rows, start=2):
        where = f"caps.csv line {line}"
        if row["table"] not in codes:
            problems.append(f"{where}: unknown table {row['table']!r}")
        if row["item"] not in ITEMS:
            problems.append(f"{where}: unknown item {row['item']!r}")
        if row["festival"] not in FESTIVALS:
            problems.append(f"{where}: unknown festival {row['festival']!r}")
        if row["basis"] not in BASES:
            problems.append(f"{where}: unknown basis {row['basis']!r}")
        forms = [form for form in row["forbidden_forms"].split("|") if form]
        if any(form not in FORMS for form in forms):
            problems.append(f"{where}: unknown form in {row['forbidden_forms']!r}")
        amount: Decimal | None = None
        if row["amount"]:
            try:
                amount = Decimal(row["amount"])
            except InvalidOperation:
                problems.append(f"{where}: the cap {row['amount']!r} is not a number")
            else:
                if amount <= 0:
                    problems.append(f"{where}: a cap is more than zero (leave it empty for no cap)")
        key = (row["table"], row["item"], row["festival"], row["basis"])
        if key in seen:
            problems.append(f"{where}: the same cap twice")
        seen.add(key)
        caps.append({**row, "amount": amount, "forbidden_forms": "|".join(forms), "position": line})
    if problems:
        raise CapFileError(problems)
    return CapFiles(tables=tables, caps=caps)


def write_caps(table_model: Any, cap_model: Any, files: CapFiles) -> dict[str, int]:
    """Write ``files`` through the given models (the migration's historical ones, or the real ones)."""
    counts = {"tables": 0, "caps": 0}
    for position, row in enumerate(files.tables):
        values = {key: row[key] for key in TABLE_COLUMNS if key != "code"}
        table, _created = table_model.objects.update_or_create(
            code=row["code"], defaults={**values, "position": position}
        )
        cap_model.objects.filter(table=table).delete()
        cap_model.objects.bulk_create(
            [
                cap_model(
                    table=table,
                    item=cap["item"],
                    festival=cap["festival"],
                    basis=cap["basis"],
                    amount=cap["amount"],
                    forbidden_forms=cap["forbidden_forms"],
                    position=cap["position"],
                )
                for cap in files.caps
                if cap["table"] == row["code"]
            ]
        )
        counts["tables"] += 1
        counts["caps"] += sum(1 for cap in files.caps if cap["table"] == row["code"])
    return counts


def caps_load(data_dir: Path | None = None) -> dict[str, int]:
    """Load the shipped (or overlay) files into the cap tables; idempotent."""
    from gonghui.welfare.models import CapTable, WelfareCap

    return write_caps(CapTable, WelfareCap, read_files(data_dir))
