"""The core bulk writer: many rows of several models, written fast and as ``save()`` would leave them.

Shared by the demo steps and the member import (system code: no scoping, no audit rows —
the caller decides those). What it does for every row, in one place:

* **ids first.** ``writer.add(Model, row)`` gives the row its primary key at once
  (``Ids``: the table's sequence on PostgreSQL, above the highest id on SQLite), so rows can
  point at each other (a membership at its worker, a card number made of the worker's id)
  before anything is written. ``add(..., with_id=False)`` leaves it to the database.
* **personal data through the fields.** Every ``EncryptedPersonalField`` is normalised and
  encrypted, and every ``BlindIndexField`` computed, by the fields of ``core.privacy`` (the
  same ``pre_save``/``get_prep_value`` a ``save()`` runs), never by hand.
* **derived columns.** What a model's ``save()`` (or its create service) computes from other
  columns — a membership's ``last_seen_on``, a worker's search columns, an employer's size
  band — is registered once per model with ``@derives(Model)`` in the app's ``bulk.py``
  (discovered like ``demo.py``) and applied to every row when it is written.
* **kept timestamps.** ``created_at``/``updated_at`` (``auto_now_add``/``auto_now``) set on a row
  are written as they are (the demo writes history); empty ones get the writer's ``now``.
* **batches.** Rows wait in the writer until ``flush()``; ``flush(force=False)`` writes only
  once ``batch`` rows are waiting. Call it between whole records (a worker and all its
  memberships), never in the middle of one: a row changed after it was written stays as written.
* **the fastest insert of each database.** PostgreSQL: ``COPY … FROM STDIN`` (psycopg 3's
  ``cursor.copy``; ``executemany`` there is a round trip per row). SQLite: multi-row
  ``INSERT … VALUES (…), (…)`` of 250 rows (measured on the worker table with its name-index
  triggers: 0.55 s for 30,000 rows against 1.3 s for ``executemany``), its ``?`` placeholders
  written directly (Django's cursor rewrites ``%s`` with a regular expression per statement:
  6 % of a member import) unless something watches the queries (``execute_wrappers``, the
  debug log), which then see them as before.
* **a helper process** (``BulkWriter(helper=True)``, for large writes: the member import). The
  rows' values — derived columns, encryption, keyed hashes, dates — are prepared in a second
  process (forked: it has the keys and the models, and never touches the database) while this
  one writes the batch before and builds the next: ``flush()`` hands a batch over and writes the
  one handed over before it, ``finish()`` writes the last. Rows are therefore in the database
  only after the *next* flush or ``finish()``; the derived columns are set on the helper's copies,
  not on the caller's rows. ``close()`` stops the helper (always call it: ``with`` does).

A row is a model instance or a plain ``Row`` (attributes named as the model's ``attname``s;
cheaper than an instance when there are a million of them). Columns a plain row leaves out
get the field's default. Foreign keys are deferred on both databases, so tables may be
written in any order within the transaction.
"""

from __future__ import annotations

import functools
import multiprocessing
import operator
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from types import SimpleNamespace
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

from gonghui.core.privacy import crypto
from gonghui.core.privacy.fields import BlindIndexField, EncryptedPersonalField

M = TypeVar("M", bound=type[models.Model])
Deriver = Callable[[Any], None]
Key = tuple[type[models.Model], bool]  # a model, and whether its rows carry their ids
Handed = tuple[list[tuple[Key, list[Any]]], Future[Any]]  # a batch with the helper: its groups, its values
Values = list[tuple[Any, ...]]

DEFAULT_BATCH = 2000
ID_BLOCK = 1000
# SQLite: rows per multi-row INSERT (FACTS.md: 100–250 is fastest), within its limit of bound parameters.
ROWS_PER_INSERT = 250
MAX_PARAMETERS = 32_000


class Row(SimpleNamespace):
    """One row to write, its attributes named as the model's columns (``attname``: ``union_id``)."""


# --- derived columns -----------------------------------------------------------------------------

_derivers: dict[type[models.Model], list[Deriver]] = {}
_discovered = threading.Event()


def derives(model: type[models.Model]) -> Callable[[Deriver], Deriver]:
    """Register ``function(row)``: sets the columns of ``model`` that ``save()`` derives from others."""

    def register(function: Deriver) -> Deriver:
        registered = _derivers.setdefault(model, [])
        if all(f.__qualname__ != function.__qualname__ for f in registered):
            registered.append(function)
        return function

    return register


def derivers(model: type[models.Model]) -> list[Deriver]:
    """The derivers of ``model`` (the apps' ``bulk.py`` modules are imported on first use)."""
    if not _discovered.is_set():
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("bulk")
        _discovered.set()
    return _derivers.get(model, [])


def derive(model: type[models.Model], row: Any) -> Any:
    """Set ``row``'s derived columns as ``save()`` would (also for rows written with ``bulk_update``)."""
    for function in derivers(model):
        function(row)
    return row


# --- ids -----------------------------------------------------------------------------------------


def allocate_ids(model: type[models.Model], count: int, *, using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """``count`` new primary keys of ``model``, taken before the INSERT so that rows can point at them.

    PostgreSQL: from the table's sequence (as an INSERT would take them; another transaction
    can never get the same). SQLite: above both the highest id and the AUTOINCREMENT sequence
    (an id is never reused); safe because writing transactions are ``BEGIN IMMEDIATE``
    (``transaction_mode`` in settings): no other connection writes until this one commits,
    and the INSERT moves the sequence past the ids used.
    """
    if count <= 0:
        return []
    connection = connections[using]
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [pk for (pk,) in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"ids are not allocated on {connection.vendor}")
        if not connection.in_atomic_block or connection.settings_dict["OPTIONS"].get("transaction_mode") != "IMMEDIATE":
            raise RuntimeError("ids are allocated inside a BEGIN IMMEDIATE transaction only")
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608 (the model's table)
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
    return list(range(start, start + count))


class Ids:
    """Primary keys handed out one at a time (``next``) or many at once (``take``).

    ``next`` takes a block of ``block`` ids at a time (one query per block); on PostgreSQL the
    unused end of the last block is a gap in the sequence, as a rolled-back INSERT leaves.
    On SQLite the ids handed out and not yet written are remembered, so a later block never
    repeats them.
    """

    def __init__(self, *, using: str = DEFAULT_DB_ALIAS, block: int = ID_BLOCK) -> None:
        self.using = using
        self.block = block
        self._free: dict[type[models.Model], deque[int]] = {}
        self._highest: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int) -> list[int]:
        """``count`` new ids, in increasing order (exactly as many as asked: no block)."""
        free = self._free.setdefault(model, deque())
        if len(free) < count:
            free.extend(self._allocate(model, count - len(free)))
        return [free.popleft() for _ in range(count)]

    def next(self, model: type[models.Model]) -> int:
        free = self._free.get(model)
        if not free:
            free = self._free[model] = deque(self._allocate(model, self.block))
        return free.popleft()

    def _allocate(self, model: type[models.Model], count: int) -> list[int]:
        ids = allocate_ids(model, count, using=self.using)
        floor = self._highest.get(model, 0)
        if ids and ids[0] <= floor:  # SQLite: ids handed out earlier and not written yet
            ids = list(range(floor + 1, floor + 1 + count))
        if ids:
            self._highest[model] = max(floor, ids[-1])
        return ids


# --- columns -------------------------------------------------------------------------------------


Converter = Callable[[Any], Any]


def _none() -> None:
    return None


PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
)


class Table:
    """How the rows of one model become database values, decided once per column.

    Plain columns are read in one ``attrgetter`` call per row; only the columns that need work
    (personal data, blind indexes, dates, timestamps, anything unusual) run a function.
    """

    def __init__(self, model: type[models.Model], *, with_id: bool, connection: Any, now: datetime) -> None:
        self.model = model
        self.with_id = with_id
        self.connection = connection
        pk = model._meta.pk
        self.fields = [f for f in model._meta.concrete_fields if with_id or f is not pk]
        self.getter = operator.attrgetter(*[f.attname for f in self.fields])
        self.defaults = [(f.attname, f.get_default if f.has_default() or not f.null else _none) for f in self.fields]
        self.special: list[tuple[int, Converter]] = []
        for index, f in enumerate(self.fields):
            converter = self._converter(f, now)
            if converter is not None:
                self.special.append((index, converter))

    def _converter(self, f: models.Field[Any, Any], now: datetime) -> Converter | None:
        ops, connection = self.connection.ops, self.connection
        attname = f.attname
        if isinstance(f, EncryptedPersonalField):
            # The field normalises and encrypts the value, bound to its table and column.
            return lambda row: f.get_prep_value(getattr(row, attname))
        if isinstance(f, BlindIndexField):
            source = f.source_field()

            def hashed(row: Any) -> Any:
                # What ``BlindIndexField.pre_save`` computes (its source looked up once, not per row).
                digest = crypto.blind_index(source.personal_kind, getattr(row, source.attname))
                setattr(row, attname, digest)
                return digest

            return hashed
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            stamp = ops.adapt_datetimefield_value(now)

            def kept(row: Any) -> Any:
                found = getattr(row, attname)
                return stamp if found is None else ops.adapt_datetimefield_value(found)

            return kept
        if isinstance(f, models.DateTimeField):
            return lambda row: ops.adapt_datetimefield_value(getattr(row, attname))
        if isinstance(f, models.DateField):
            return lambda row: ops.adapt_datefield_value(getattr(row, attname))
        if isinstance(f, PLAIN_FIELDS) and not isinstance(f, models.FileField | models.JSONField):
            return None
        return lambda row: f.get_db_prep_save(getattr(row, attname), connection)

    def _complete(self, row: Any) -> None:
        """Give a plain row the columns it leaves out: the field's default (``None`` if nullable)."""
        found = vars(row)
        for attname, default in self.defaults:
            if attname not in found:
                found[attname] = default()

    def values(self, rows: Iterable[Any]) -> list[tuple[Any, ...]]:
        getter, special = self.getter, self.special
        result = []
        for row in rows:
            try:
                plain = getter(row)
            except AttributeError:
                self._complete(row)
                plain = getter(row)
            values = list(plain) if len(self.fields) > 1 else [plain]
            for index, convert in special:
                values[index] = convert(row)
            result.append(tuple(values))
        return result

    def write(self, rows: list[Any]) -> None:
        if rows:
            self.write_values(self.values(rows))

    def write_values(self, values: list[tuple[Any, ...]]) -> None:
        """Insert rows already turned into database values (``values``)."""
        if not values:
            return
        connection = self.connection
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Table and column names from the model, quoted; the values travel as COPY data.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
                return
            # Multi-row VALUES: on SQLite 3.40 with the name index's triggers, 250 rows a statement
            # insert in less than half the time of ``executemany`` (a statement stepped per row).
            # Unwatched, the statement goes to sqlite3 as written, with ``?``: Django's cursor would
            # rewrite 7,500 ``%s`` with a regular expression for every statement.
            watched = bool(connection.execute_wrappers) or connection.queries_logged
            mark = "%s" if watched else "?"
            execute = cursor.execute if watched else functools.partial(sqlite3.Cursor.execute, cursor.cursor)
            per_statement = max(1, min(ROWS_PER_INSERT, MAX_PARAMETERS // len(self.fields)))
            one = "(" + ", ".join([mark] * len(self.fields)) + ")"
            full = ""
            for start in range(0, len(values), per_statement):
                chunk = values[start : start + per_statement]
                if len(chunk) == per_statement:
                    full = full or f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * per_statement)}"  # noqa: S608
                    sql = full
                else:
                    sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
                execute(sql, [value for row in chunk for value in row])


# --- the writer ----------------------------------------------------------------------------------


class BulkWriter:
    """Collects rows of several models and writes them in batches (see the module docstring).

    ::

        writer = BulkWriter()
        worker = writer.add(Worker, Row(name="张伟", id_number=..., ...))   # worker.id is known now
        writer.add(Membership, Row(worker_id=worker.id, ...))
        writer.flush(force=False)   # between records: writes once enough rows wait
        writer.flush()              # at the end

    With ``helper=True`` the values are prepared in a second process and a batch is written at
    the next ``flush()``; ``finish()`` writes the last one and ``close()`` stops the helper::

        with BulkWriter(helper=True) as writer:
            for batch in batches:
                ...                 # add rows
                writer.flush()      # hands this batch over, writes the one before
            writer.finish()
    """

    def __init__(
        self,
        *,
        using: str = DEFAULT_DB_ALIAS,
        batch: int = DEFAULT_BATCH,
        now: datetime | None = None,
        ids: Ids | None = None,
        helper: bool = False,
    ) -> None:
        self.using = using
        self.batch = batch
        self.now = now or timezone.now()
        self.ids = ids or Ids(using=using)
        self.connection = connections[using]
        self._tables: dict[Key, Table] = {}
        self._pending: dict[Key, list[Any]] = {}
        self._waiting = 0
        self.written: dict[type[models.Model], int] = {}
        self._helper: Helper | None = Helper() if helper else None
        # The batch handed to the helper and not written yet: its groups and the future of their values.
        self._handed: Handed | None = None

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, model: type[models.Model], row: Any, *, with_id: bool = True) -> Any:
        """Queue ``row`` (a model instance or a ``Row``); with ``with_id`` its primary key is set now."""
        if with_id:
            attname = model._meta.pk.attname
            if getattr(row, attname, None) is None:
                setattr(row, attname, self.ids.next(model))
        pending = self._pending.get((model, with_id))
        if pending is None:
            pending = self._pending[(model, with_id)] = []
        pending.append(row)
        self._waiting += 1
        return row

    def add_all(self, model: type[models.Model], rows: Iterable[Any], *, with_id: bool = True) -> list[Any]:
        return [self.add(model, row, with_id=with_id) for row in rows]

    def _table(self, key: Key) -> Table:
        table = self._tables.get(key)
        if table is None:
            model, with_id = key
            table = self._tables[key] = Table(model, with_id=with_id, connection=self.connection, now=self.now)
        return table

    def flush(self, *, force: bool = True) -> None:
        """Write what waits (with ``force=False``: only once ``batch`` rows wait).

        With a helper: hand what waits over to it, and write the batch handed over before.
        """
        if not self._waiting or (not force and self._waiting < self.batch):
            return
        groups = [(key, rows) for key, rows in self._pending.items() if rows]
        self._pending = {}
        self._waiting = 0
        if self._helper is None:
            for key, rows in groups:
                self._write(key, rows, _derived_values(self._table(key), rows))
            return
        labelled = [(key[0]._meta.label, key[1], rows) for key, rows in groups]
        future = self._helper.prepare(self.using, self.now, labelled)
        handed, self._handed = self._handed, (groups, future)
        if handed is not None:
            self._write_handed(handed)

    def finish(self) -> None:
        """Write everything: what waits, and with a helper the batch handed over last."""
        self.flush()
        handed, self._handed = self._handed, None
        if handed is not None:
            self._write_handed(handed)

    def close(self) -> None:
        """Stop the helper (rows handed over and not written are dropped: call ``finish`` first)."""
        self._handed = None
        if self._helper is not None:
            self._helper.close()
            self._helper = None

    def _write_handed(self, handed: Handed) -> None:
        groups, future = handed
        for (key, rows), values in zip(groups, future.result(), strict=True):
            self._write(key, rows, values)

    def _write(self, key: Key, rows: list[Any], values: Values) -> None:
        model = key[0]
        self._table(key).write_values(values)
        self.written[model] = self.written.get(model, 0) + len(rows)
        if rows and isinstance(rows[0], models.Model):
            for obj in rows:
                obj._state.adding, obj._state.db = False, self.using


def _derived_values(table: Table, rows: list[Any]) -> Values:
    """The rows' derived columns set (``derive``), then their database values: one batch's preparation."""
    functions = derivers(table.model)
    for row in rows:
        for function in functions:
            function(row)
    return table.values(rows)


# --- the helper process --------------------------------------------------------------------------

# In the helper: the tables of the batches it prepared (a table decides its converters once).
_helper_tables: dict[tuple[str, bool, str, datetime], Table] = {}


def _prepare_values(using: str, now: datetime, groups: list[tuple[str, bool, list[Any]]]) -> list[Values]:
    """In the helper: derive each row's columns and turn the rows into database values."""
    from django.apps import apps

    prepared = []
    for label, with_id, rows in groups:
        model = apps.get_model(label)
        key = (label, with_id, using, now)
        table = _helper_tables.get(key)
        if table is None:
            table = _helper_tables[key] = Table(model, with_id=with_id, connection=connections[using], now=now)
        prepared.append(_derived_values(table, rows))
    return prepared


def helper_wanted(rows: int) -> bool:
    """Whether a write of about ``rows`` rows should have a helper process (settings, cores)."""
    from django.conf import settings

    least = getattr(settings, "GONGHUI_BULK_HELPER_ROWS", 0)
    return bool(least) and rows >= least and (os.cpu_count() or 1) >= 2


class Helper:
    """One forked process that prepares batches of values (``_prepare_values``), in order.

    Forked, not spawned: it starts in milliseconds with Django set up, the models registered and
    the keys loaded, and it never uses the database connection it inherits (it only computes).
    """

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None

    def prepare(self, using: str, now: datetime, groups: list[tuple[str, bool, list[Any]]]) -> Future[Any]:
        if self._executor is None:
            derivers(models.Model)  # discover the derivers before the fork, once for both processes
            crypto.keyring()  # the keys too
            self._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        return self._executor.submit(_prepare_values, using, now, groups)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def write(model: type[models.Model], rows: Iterable[Any], *, with_id: bool = True, **options: Any) -> list[Any]:
    """Write ``rows`` of one model at once (ids set where missing); returns them."""
    writer = BulkWriter(**options)
    added = writer.add_all(model, rows, with_id=with_id)
    writer.flush()
    return added


def blind_index_of(model: type[models.Model], field_name: str, value: str | None) -> str | None:
    """The blind index ``model`` stores for ``value`` in its encrypted ``field_name`` (to look rows up in bulk)."""
    return crypto.blind_index(_indexed_kind(model, field_name), value)


@functools.cache
def _indexed_kind(model: type[models.Model], field_name: str) -> str:
    field = model._meta.get_field(field_name)
    if not isinstance(field, EncryptedPersonalField) or not field.blind_index:
        raise ValueError(f"{model.__name__}.{field_name} has no blind index")
    return field.personal_kind
