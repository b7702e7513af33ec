"""Check once: the plan a check leaves behind, and the confirm step that writes it.

The preview's check reads, cleans and validates every row; the confirm step used to do all of
that again before writing (the database may have changed in between). Now the check also keeps
its *plan*: every valid row as the spec will write it (row number, cleaned values, action,
payload), in a file beside the upload, and what the plan depends on:

* the uploaded file (its SHA-256),
* the database tables the check read, with their stamps (``core.figures.stamps``: renewed by
  the database itself on every change, whoever makes it) read *before* the check read anything,
* who checked it, under which union, on which day (checks compare dates with today), and the
  code that checked it (the spec's module and the plan format).

The confirm step writes the plan when all of these are unchanged, reading the stamps inside its
write transaction (SQLite's ``BEGIN IMMEDIATE`` holds the write lock from there on); otherwise it
checks every row again, as before, and says why. A spec opts in with ``SheetSpec.plan_state``
(the ``run.state`` entries its write needs from the check): its ``write_batch`` and ``finish``
must need nothing else than the rows, what ``prepare`` loads, and those entries.

The plan holds personal data in clear, like the upload beside it: it lives in ``SHEETS_DIR``
with the upload and is removed with it. Its own SHA-256 is kept in the database with the report
(never in the file), and checked before any of it is read back.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import pickle
import re
import struct
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

import gonghui
from gonghui.core.figures import stamps

PLAN_FORMAT = 1
# Apps the pipeline itself writes while a check runs (the job's progress, the import's own row):
# their statements are not reads of the check.
BOOKKEEPING_APPS = frozenset({"jobs", "sheets", "audit"})
# Apps read through a process cache (``reference.selectors``): a check may not query them at all,
# so their tables are always among what a plan depends on.
CACHED_APPS = frozenset({"reference"})
_FRAME = struct.Struct("<Q")
# A word of a statement (not the ``s`` of a ``%s`` placeholder: an IN list holds thousands).
_IDENTIFIER = re.compile(r"(?<![%\w])[A-Za-z_][A-Za-z0-9_]*")
CHUNK = 1 << 20


@functools.cache
def _models_by_table() -> dict[str, Any]:
    """Every model table → its model."""
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}


@functools.lru_cache(maxsize=1024)
def _tables_in(sql: str) -> frozenset[str]:
    """The model tables a statement names, quoted or not (a check runs the same statements many times)."""
    known = _models_by_table()
    return frozenset(word for word in set(_IDENTIFIER.findall(sql)) if word in known)


@dataclass
class Reads:
    """The tables the statements of a check named, gathered while it runs (``watching``)."""

    tables: set[str] = field(default_factory=set)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.tables |= _tables_in(sql)
        return execute(sql, params, many, context)

    def dependencies(self) -> set[str]:
        """The tables the check depends on: those it read, and the cached ones (never the bookkeeping)."""
        models = _models_by_table()
        cached = {table for table, model in models.items() if model._meta.app_label in CACHED_APPS}
        return {t for t in self.tables if models[t]._meta.app_label not in BOOKKEEPING_APPS} | cached


@contextmanager
def watching() -> Iterator[Reads]:
    """Gather the tables every statement names, on every database connection, while the block runs."""
    reads = Reads()
    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(reads))
        yield reads


def all_stamps(using: str = "default") -> dict[str, int]:
    """The stamp of every stamped table (any change), read in one statement before a check reads anything."""
    return stamps.stamps(stamps.stamped_tables(), using) or {}


@functools.cache
def _code_of(module: str) -> str:
    """A digest of a module's source: a plan made by other code is not written by this one."""
    import importlib

    source = inspect.getsourcefile(importlib.import_module(module)) or ""
    digest = hashlib.sha256(Path(source).read_bytes() if source else module.encode()).hexdigest()[:16]
    return f"{PLAN_FORMAT}:{gonghui.__version__}:{digest}"


def code_version(spec: Any) -> str:
    from gonghui.core.sheets import engine

    return f"{_code_of(type(spec).__module__)}/{_code_of(engine.__name__)}"


def file_digest(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def actor_key(actor: Any) -> list[Any]:
    """Who checked: the account, its union and role (the operator's command line: None)."""
    if actor is None:
        return [None]
    return [actor.pk, getattr(actor, "union_id", None), str(getattr(actor, "role", "")), bool(actor.is_active)]


class PlanWriter:
    """Writes the plan's frames as the check goes: batches of rows, then the state the write needs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".part")
        self.handle: BinaryIO | None = self.partial.open("wb")
        self.digest = hashlib.sha256()
        self.rows = 0

    def _frame(self, payload: Any) -> None:
        assert self.handle is not None
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        head = _FRAME.pack(len(data))
        self.handle.write(head)
        self.handle.write(data)
        self.digest.update(head)
        self.digest.update(data)

    def add(self, rows: list[Any], *, values: bool = True) -> None:
        """Keep a batch of checked rows (their cleaned values too, unless the write reads only payloads)."""
        self._frame(("rows", [(r.number, r.values if values else None, r.action, r.payload) for r in rows]))
        self.rows += len(rows)

    def tell(self) -> int:
        """Where the next frame starts (the state's, when the rows are all written)."""
        assert self.handle is not None
        return self.handle.tell()

    def close(self, state: dict[str, Any]) -> str:
        """Write the state, make the plan visible under its name; its SHA-256."""
        self._frame(("state", state))
        assert self.handle is not None
        self.handle.close()
        self.handle = None
        self.partial.replace(self.path)
        return self.digest.hexdigest()

    def abandon(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        self.partial.unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)


def read_state(path: Path, state_at: int) -> dict[str, Any]:
    """The ``run.state`` entries the check left (the plan's last frame, at ``state_at``)."""
    with path.open("rb") as handle:
        handle.seek(state_at)
        kind, state = _read_frame(handle)
    if kind != "state":
        raise ValueError("the plan's state is not where its header says")
    return state


def read_rows(path: Path, state_at: int) -> Iterator[list[tuple[int, dict[str, Any], str | None, Any]]]:
    """The plan's rows, a batch at a time: (row number, cleaned values, action, payload)."""
    with path.open("rb") as handle:
        while handle.tell() < state_at:
            kind, rows = _read_frame(handle)
            if kind != "rows":
                raise ValueError("the plan holds an unexpected frame")
            yield rows


def _read_frame(handle: BinaryIO) -> tuple[str, Any]:
    (size,) = _FRAME.unpack(handle.read(_FRAME.size))
    # The whole file's digest was compared with the one kept in the database (``unusable``).
    return pickle.loads(handle.read(size))  # noqa: S301


def unusable(plan: dict[str, Any], *, spec: Any, actor: Any, root: Any, path: Path, plan_path: Path) -> str:
    """Why the confirm step cannot write the plan (empty: it can). Read inside the write transaction."""
    if not plan or plan.get("format") != PLAN_FORMAT or spec.plan_state is None:
        return _("the check kept no plan")
    if plan.get("code") != code_version(spec) or plan.get("kind") != spec.kind:
        return _("the software was updated since the check")
    if plan.get("actor") != actor_key(actor) or plan.get("root") != [root.pk, root.path]:
        return _("your account or union changed since the check")
    if plan.get("today") != timezone.localdate().isoformat():
        return _("the check was made on another day")
    if not path.exists() or not plan_path.exists():
        return _("the check's plan is no longer kept")
    if file_digest(path) != plan.get("file"):
        return _("the file changed since the check")
    if file_digest(plan_path) != plan.get("digest"):
        return _("the check's plan was altered")
    tables: dict[str, int] = plan.get("stamps") or {}
    now = stamps.stamps(tables) if tables else {}
    if now is None or now != tables:
        changed = sorted(t for t in tables if now is None or now.get(t) != tables[t])
        return _("the records the check compared with have changed since (%(tables)s)") % {
            "tables": "、".join(_table_title(t) for t in changed[:5]) or "—"
        }
    return ""


def _table_title(table: str) -> str:
    model = _models_by_table().get(table)
    return str(model._meta.verbose_name_plural) if model is not None else table
