"""Reading reference data: lookups for imports and forms, lists for pages.

Reference data belongs to no union, so these selectors take no user.

Lookups (``lookup``, ``choices``, ``name_of``) are answered from a dictionary per kind,
built on first use and kept for the life of the process: an import of 100,000 rows pays
one query per kind, not one per row.

Cache invalidation:

* A load in this process (``services.reference_load``) clears the cache at once and again
  after its commit.
* A load in another process (the ``gonghui loadreference`` command beside a running
  server) is noticed by a version check: at most every ``VERSION_CHECK_SECONDS`` a lookup
  reads the token of the newest ``ReferenceLoad`` (one indexed query) and drops the cache
  when it changed. So a running server answers with the new data within that many seconds,
  without a restart.
* ``clear_cache()`` drops everything now (tests, shells).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from gonghui.core.reference.files import normalise
from gonghui.core.reference.kinds import KINDS, Kind, get_kind
from gonghui.core.reference.models import Division, Entry, Industry, ReferenceLoad

__all__ = [
    "VERSION_CHECK_SECONDS",
    "choices",
    "clear_cache",
    "division_children",
    "entries",
    "industry_sections",
    "kind_counts",
    "last_load",
    "lookup",
    "name_of",
    "normalise",
]

VERSION_CHECK_SECONDS = 30.0
# The column that makes an entry a child, per kind (lookups and choices may be limited to one parent).
PARENT_COLUMN = {"division": "parent_id", "industry": "section_id"}
_AMBIGUOUS = ""


@dataclass
class _Index:
    # normalised text -> code; _AMBIGUOUS when the text names several active codes
    keys: dict[str, str] = field(default_factory=dict)
    # (parent code, normalised text) -> code, for kinds with a parent column
    scoped: dict[tuple[str, str], str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # every code, active or not
    choices: list[tuple[str, str]] = field(default_factory=list)  # active, file order
    children: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.indexes: dict[str, _Index] = {}
        self.version: str | None = None
        self.checked_at = float("-inf")

    def index(self, kind: Kind) -> _Index:
        now = time.monotonic()
        if now - self.checked_at >= VERSION_CHECK_SECONDS:
            token = ReferenceLoad.objects.order_by("-at", "-id").values_list("token", flat=True).first()
            with self.lock:
                if token != self.version:
                    self.indexes = {}
                    self.version = token
                self.checked_at = now
        index = self.indexes.get(kind.key)
        if index is None:
            # Built outside the lock: two threads may both build it; the result is the same.
            index = _build(kind)
            self.indexes[kind.key] = index
        return index

    def clear(self) -> None:
        with self.lock:
            self.indexes = {}
            self.checked_at = float("-inf")


_cache = _Cache()


def clear_cache() -> None:
    """Forget every cached index; the next lookup reads the tables again."""
    _cache.clear()


def _add(keys: dict, key: object, code: str, parent: str) -> None:
    existing = keys.get(key)
    # A section and its one division of the same name (P 教育, 83 教育): the division wins,
    # since that is what employers record.
    if existing is None or existing in (code, parent):
        keys[key] = code
    else:
        keys[key] = _AMBIGUOUS


def _build(kind: Kind) -> _Index:
    index = _Index()
    parent_column = PARENT_COLUMN.get(kind.key)
    columns = ["code", "name", "synonyms", "active"] + ([parent_column] if parent_column else [])
    rows = kind.model.objects.order_by("position", "code").values_list(*columns)
    codes_as_numbers: list[tuple[str, str]] = []
    for row in rows:
        code, name, synonyms, active = row[:4]
        parent = (row[4] or "") if parent_column else ""
        index.names[code] = name
        if not active:
            continue
        index.choices.append((code, name))
        index.children.setdefault(parent, []).append((code, name))
        for text in (code, name, *synonyms.split("|")):
            key = normalise(text)
            if key:
                _add(index.keys, key, code, parent)
                _add(index.scoped, (parent, key), code, parent)
        if code.isdigit() and code.startswith("0"):
            # Spreadsheets drop leading zeros: "1" for ethnic group "01".
            codes_as_numbers.append((str(int(code)), code))
    for number, code in codes_as_numbers:
        index.keys.setdefault(number, code)
    return index


def lookup(kind: str, text: object, *, parent: str | None = None) -> str | None:
    """The active code that ``text`` names in ``kind``, or ``None``.

    ``text`` may be the code, the name or a synonym, in any width and spacing:
    ``lookup("ethnic_group", "汉")``, ``lookup("ethnic_group", "1")`` and
    ``lookup("education_level", "本科")`` all find their code. A text that names several
    codes (two villages of the same name in different townships) gives ``None``; pass
    ``parent`` (a township's code; an industry section's letter) to look among its children only.
    """
    key = normalise(text)
    if not key:
        return None
    index = _cache.index(get_kind(kind))
    code = index.scoped.get((parent, key)) if parent is not None else index.keys.get(key)
    return code or None


def name_of(kind: str, code: str | None) -> str | None:
    """The name of ``code`` (active or not), or ``None`` for an unknown code."""
    if not code:
        return None
    return _cache.index(get_kind(kind)).names.get(code)


def choices(kind: str, *, parent: str | None = None) -> list[tuple[str, str]]:
    """``(code, name)`` of the active entries in file order, for a form's choices.

    With ``parent``, only its children (a township's villages, a section's divisions);
    ``parent=""`` gives the top level (provinces; industry sections).
    """
    index = _cache.index(get_kind(kind))
    if parent is None:
        return list(index.choices)
    return list(index.children.get(parent, []))


def division_children(code: str | None) -> list[Division]:
    """The active divisions directly below ``code`` (``None``: the provinces), in file order."""
    return list(Division.objects.filter(parent_id=code, active=True).order_by("position", "code"))


def industry_sections() -> list[tuple[Industry, list[Industry]]]:
    """Every active GB/T 4754 section with its active divisions, in code order."""
    divisions: dict[str, list[Industry]] = {}
    for division in Industry.objects.filter(level=Industry.Level.DIVISION, active=True).order_by("position"):
        divisions.setdefault(division.section_id or "", []).append(division)
    sections = Industry.objects.filter(level=Industry.Level.SECTION, active=True).order_by("position")
    return [(section, divisions.get(section.code, [])) for section in sections]


def entries(kind: str, *, q: str = "", parent: str | None = None) -> QuerySet[Entry]:
    """Every entry of ``kind`` (inactive ones too) for the reference pages, filtered by ``q``.

    ``parent`` limits divisions and industries to the children of one code (ignored for other kinds).
    """
    queryset = get_kind(kind).model.objects.all()
    if parent is not None and kind in PARENT_COLUMN:
        queryset = queryset.filter(**{PARENT_COLUMN[kind]: parent or None})
    q = q.strip()
    if q:
        queryset = queryset.filter(Q(code__startswith=q) | Q(name__icontains=q) | Q(synonyms__icontains=q))
    return queryset.order_by("position", "code")


def kind_counts() -> list[dict[str, object]]:
    """For each kind: its key, label, active and inactive counts."""
    result = []
    for kind in KINDS.values():
        counts = {row["active"]: row["n"] for row in kind.model.objects.values("active").annotate(n=Count("pk"))}
        result.append(
            {"key": kind.key, "label": kind.label, "active": counts.get(True, 0), "inactive": counts.get(False, 0)}
        )
    return result


def last_load() -> ReferenceLoad | None:
    """The newest load that changed something."""
    return ReferenceLoad.objects.select_related("actor").order_by("-at", "-id").first()
