"""Reading and checking the reference files (CSV, UTF-8, one header line).

Every file has the columns ``code,name,<extra…>,synonyms`` (see ``kinds.KINDS``). The
shipped files live in ``data/``; an installation may replace any of them by putting a file
of the same name in ``<GONGHUI_DATA_DIR>/reference/`` (a real county's own divisions, for
example), so that upgrades and every later load keep using it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from gonghui.core.reference.kinds import Kind
from gonghui.core.reference.models import SYNONYM_SEPARATOR, Division, Industry

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
NAME_MAX = 100
SYNONYMS_MAX = 500
# Whitespace of any kind, and the enumeration comma that official names use and people drop
# ("农、林、牧、渔业" is written "农林牧渔业" just as often).
_NOISE = re.compile(r"[\s、]+")
_DIVISION_CODE = re.compile(r"\d{12}")
_SECTION_CODE = re.compile(r"[A-Z]")
_INDUSTRY_DIVISION_CODE = re.compile(r"\d{2}")
# Which levels may sit directly above each level. A county lies under its prefecture, or
# directly under its province where a file leaves the prefecture out (the demo county).
DIVISION_PARENT_LEVELS: dict[str, set[str]] = {
    Division.Level.PROVINCE: set(),
    Division.Level.PREFECTURE: {Division.Level.PROVINCE},
    Division.Level.COUNTY: {Division.Level.PROVINCE, Division.Level.PREFECTURE},
    Division.Level.TOWNSHIP: {Division.Level.COUNTY},
    Division.Level.VILLAGE: {Division.Level.TOWNSHIP},
}
# How many leading digits a division shares with its parent, by the parent's level.
DIVISION_SHARED_DIGITS: dict[str, int] = {
    Division.Level.PROVINCE: 2,
    Division.Level.PREFECTURE: 4,
    Division.Level.COUNTY: 6,
    Division.Level.TOWNSHIP: 9,
}


def normalise(text: object) -> str:
    """The form names are compared in: NFKC (full-width → half-width), no spaces or 、, case-folded."""
    if text is None:
        return ""
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text))).casefold()


class ReferenceFileError(ValueError):
    """A reference file that cannot be loaded; ``problems`` lists every reason with its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    name: str
    synonyms: tuple[str, ...]
    extra: dict[str, str] = field(default_factory=dict)

    def values(self, kind: Kind, position: int) -> dict[str, object]:
        """Field values of the model row this file row describes."""
        values: dict[str, object] = {
            "name": self.name,
            "synonyms": SYNONYM_SEPARATOR.join(self.synonyms),
            "position": position,
            "active": True,
        }
        for column in kind.extra:
            is_fk = kind.model._meta.get_field(column).is_relation
            if is_fk:
                values[f"{column}_id"] = self.extra[column] or None
            else:
                values[column] = self.extra[column]
        return values


def overlay_dir() -> Path:
    return Path(settings.DATA_DIR) / "reference"


def source_path(kind: Kind, data_dir: Path | None = None) -> Path:
    """The file a kind loads from: ``data_dir`` or the installation's overlay if it has one, else shipped."""
    candidate = (data_dir or overlay_dir()) / kind.file
    return candidate if candidate.is_file() else SHIPPED_DIR / kind.file


def read_kind(kind: Kind, path: Path) -> list[Row]:
    """Parse and check one file; raise ``ReferenceFileError`` listing every problem found."""
    columns = ["code", "name", *kind.extra, "synonyms"]
    problems: list[str] = []
    rows: list[Row] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceFileError([f"{path.name}: cannot be read as UTF-8 ({exc})"]) from exc
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header != columns:
        raise ReferenceFileError([f"{path.name}:1: header must be {','.join(columns)}, not {','.join(header or [])}"])
    max_code = kind.model._meta.get_field("code").max_length or 16
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        where = f"{path.name}:{line}"
        if len(cells) != len(columns):
            problems.append(f"{where}: {len(cells)} columns, expected {len(columns)}")
            continue
        cell = dict(zip(columns, (c.strip() for c in cells), strict=True))
        code, name = cell["code"], cell["name"]
        synonyms = tuple(s.strip() for s in cell["synonyms"].split(SYNONYM_SEPARATOR) if s.strip())
        if not code or len(code) > max_code:
            problems.append(f"{where}: code {code!r} is empty or longer than {max_code}")
        if code in seen:
            problems.append(f"{where}: code {code} repeats line {seen[code]}")
        seen[code] = line
        if not name or len(name) > NAME_MAX:
            problems.append(f"{where}: name is empty or longer than {NAME_MAX}")
        if len(SYNONYM_SEPARATOR.join(synonyms)) > SYNONYMS_MAX:
            problems.append(f"{where}: synonyms longer than {SYNONYMS_MAX} characters")
        rows.append(Row(line, code, name, synonyms, {c: cell[c] for c in kind.extra}))
    if kind.key == "division":
        problems += _check_divisions(path.name, rows)
    elif kind.key == "industry":
        problems += _check_industries(path.name, rows)
    problems += _check_names(path.name, kind, rows)
    if problems:
        raise ReferenceFileError(problems)
    return rows


def _check_divisions(file: str, rows: list[Row]) -> list[str]:
    problems: list[str] = []
    levels = {row.code: row.extra["level"] for row in rows}
    for row in rows:
        where, level, parent = f"{file}:{row.line}", row.extra["level"], row.extra["parent"]
        if not _DIVISION_CODE.fullmatch(row.code):
            problems.append(f"{where}: division code {row.code} must have 12 digits")
        if level not in DIVISION_PARENT_LEVELS:
            problems.append(f"{where}: unknown level {level!r}")
            continue
        allowed = DIVISION_PARENT_LEVELS[level]
        if not allowed:
            if parent:
                problems.append(f"{where}: a {level} has no parent")
            continue
        parent_level = levels.get(parent)
        if parent_level not in allowed:
            problems.append(f"{where}: parent {parent!r} must be a {' or '.join(sorted(allowed))} of this file")
            continue
        shared = DIVISION_SHARED_DIGITS[parent_level]
        if row.code[:shared] != parent[:shared]:
            problems.append(f"{where}: code {row.code} does not lie within its parent {parent}")
    return problems


def _check_industries(file: str, rows: list[Row]) -> list[str]:
    problems: list[str] = []
    sections = {row.code for row in rows if row.extra["level"] == Industry.Level.SECTION}
    previous_division = 0
    for row in rows:
        where, level, section = f"{file}:{row.line}", row.extra["level"], row.extra["section"]
        if level == Industry.Level.SECTION:
            if not _SECTION_CODE.fullmatch(row.code) or section:
                problems.append(f"{where}: a section has one capital letter as code and no section column")
        elif level == Industry.Level.DIVISION:
            if not _INDUSTRY_DIVISION_CODE.fullmatch(row.code):
                problems.append(f"{where}: a division has a two-digit code, not {row.code!r}")
            elif int(row.code) <= previous_division:
                problems.append(f"{where}: division {row.code} is out of order")
            else:
                previous_division = int(row.code)
            if section not in sections:
                problems.append(f"{where}: section {section!r} is not a section of this file")
        else:
            problems.append(f"{where}: unknown level {level!r}")
    return problems


def _check_names(file: str, kind: Kind, rows: list[Row]) -> list[str]:
    """A name or synonym must name one code only (among siblings, for divisions)."""
    problems: list[str] = []
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    parents: dict[str, str] = {}
    for row in rows:
        scope = row.extra.get("parent", "") if kind.key == "division" else ""
        parents[row.code] = row.extra.get("parent") or row.extra.get("section") or ""
        for text in (row.name, *row.synonyms):
            owners[(scope, normalise(text))].add(row.code)
    codes = {normalise(row.code) for row in rows}
    for (_scope, key), owning in sorted(owners.items()):
        # A section with one division of the same name (P 教育, 83 教育): the division wins.
        if len(owning) == 2 and any(parents.get(a) == b for a in owning for b in owning):
            continue
        if len(owning) > 1:
            problems.append(f"{file}: {key!r} names several codes: {', '.join(sorted(owning))}")
        if key in codes and key not in {normalise(c) for c in owning}:
            problems.append(f"{file}: {key!r} is the code of another entry")
    return problems
