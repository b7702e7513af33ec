"""Table stamps: a figure counted once is kept until a table it reads changes, and never longer.

Every data table of the platform carries a stamp that the database itself renews on each change,
by trigger, whatever makes the change (the ORM, a bulk writer, an import, raw SQL, a restore):

* SQLite: one row per table in ``figures_tablestamp``, its ``stamp`` set to a new random number
  by a trigger after each inserted, updated or deleted row (SQLite writes one transaction at a
  time, so the row is no point of contention);
* PostgreSQL: a statement-level trigger (insert, update, delete, truncate) appends a row with a
  random number; a table's stamp is the count and the sum of its rows. Appending takes no lock
  that concurrent writers would wait for (updating one row would make every writer of the table
  wait for the others to commit). A periodic job folds the rows of each table into one.

A stamp is random, not a counter, so a change rolled back and a different change made afterwards
can never show the same stamp. ``cached_rows`` reads the stamps of the tables a query names,
*then* runs the query, and keeps its rows under the query's text and those stamps: a later reader
gets them only while no table has changed since (a change committed in between gives the stamps
a new value, so the rows kept are never read). A query that names a table without a stamp is
simply run each time.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable

STAMP_TABLE = "figures_tablestamp"
# Tables written on nearly every request, or that no figure reads: no stamp, no trigger.
UNSTAMPED_APPS = frozenset({"audit", "jobs", "web", "figures", "accounts", "sheets", "access"})
KEEP_SECONDS = 24 * 3600
CACHE_ALIAS = "default"
_QUOTED = re.compile(r'"([A-Za-z0-9_]+)"')
_BIG = 2**62


def stamped_tables() -> list[str]:
    """The tables that carry a stamp: every table of the platform's own apps but the busy logs."""
    tables = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui.") or config.label in UNSTAMPED_APPS:
            continue
        for model in config.get_models(include_auto_created=True):  # many-to-many tables too
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables)


def _trigger(table: str, event: str) -> str:
    return f"figures_stamp_{table}_{event}"[:63]


# Every name below is the platform's own (the stamp table, or a table named by a model), never input.
_PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION figures_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {STAMP_TABLE} (table_name, stamp) VALUES (TG_TABLE_NAME, floor(random() * {_BIG})::bigint);
    RETURN NULL;
END $$"""  # noqa: S608
_PG_TRIGGER = (
    'CREATE OR REPLACE TRIGGER figures_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
    "FOR EACH STATEMENT EXECUTE FUNCTION figures_stamp()"
)
_FIRST_ROW = (
    f"INSERT INTO {STAMP_TABLE} (table_name, stamp) SELECT %s, {{stamp}} "  # noqa: S608
    f"WHERE NOT EXISTS (SELECT 1 FROM {STAMP_TABLE} WHERE table_name = %s)"
)
_PG_STAMP = f"floor(random() * {_BIG})::bigint"
_SQLITE_STAMP = f"abs(random() % {_BIG})"
_SQLITE_TRIGGER = (
    'CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON "{table}" BEGIN '  # noqa: S608
    f"UPDATE {STAMP_TABLE} SET stamp = {_SQLITE_STAMP} WHERE table_name = '{{table}}'; END"
)
_PG_FOLD = f"""WITH gone AS (DELETE FROM {STAMP_TABLE} RETURNING table_name, stamp)
INSERT INTO {STAMP_TABLE} (table_name, stamp)
SELECT table_name, (sum(stamp) % {_BIG})::bigint FROM gone GROUP BY table_name"""  # noqa: S608
_COUNT = f"SELECT count(*) FROM {STAMP_TABLE}"  # noqa: S608
_READ = (
    f"SELECT table_name, count(*), sum(stamp) FROM {STAMP_TABLE} WHERE table_name IN ({{marks}}) GROUP BY table_name"  # noqa: S608
)


def install(using: str = "default") -> int:
    """Create the stamp rows and triggers that are missing (after every migration). Returns how many tables."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return 0
    present = set(connection.introspection.table_names())
    tables = [table for table in stamped_tables() if table in present]
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(_PG_FUNCTION)
        for table in tables:
            cursor.execute(_FIRST_ROW.format(stamp=_PG_STAMP if postgres else _SQLITE_STAMP), [table, table])
            if postgres:
                cursor.execute(_PG_TRIGGER.format(table=table))
                continue
            for event in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(_SQLITE_TRIGGER.format(name=_trigger(table, event.lower()), event=event, table=table))
    return len(tables)


def fold(using: str = "default") -> int:
    """PostgreSQL: fold each table's appended rows into one (a periodic job). Returns the rows removed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_COUNT)
        before = cursor.fetchone()[0]
        cursor.execute(_PG_FOLD)
        cursor.execute(_COUNT)
        after = cursor.fetchone()[0]
    return max(0, before - after)


def stamps(tables: Iterable[str], using: str = "default") -> dict[str, tuple[int, int]] | None:
    """The current stamp of each table, or None when one of them carries none."""
    wanted = sorted(set(tables))
    if not wanted:
        return {}
    with connections[using].cursor() as cursor:
        cursor.execute(_READ.format(marks=", ".join(["%s"] * len(wanted))), wanted)
        found = {name: (int(rows), int(total)) for name, rows, total in cursor.fetchall()}
    if len(found) != len(wanted):
        return None
    return found


@functools.cache
def _known_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def tables_of(sql: str) -> set[str]:
    """The tables a query's SQL names (Django quotes every table it writes into a query)."""
    return set(_QUOTED.findall(sql)) & _known_tables()


def cached_rows(queryset: QuerySet[Any]) -> list[Any]:
    """The rows of ``queryset``, from the cache while no table it reads has changed since they were counted.

    The SQL that is the key is the SQL that runs: the queryset takes the current actor's scope
    first (a scoped queryset filters itself only when it is evaluated), then it is compiled once,
    and on a miss exactly that statement is executed — so two readers share rows only when they
    would have run the same statement.
    """
    require_scope = getattr(queryset, "_require_scope", None)
    if require_scope is not None:
        require_scope()  # the scope's filter into the query now, or ScopeError with no actor
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    current = stamps(tables_of(sql), queryset.db)
    key = ""
    if current is not None:
        key = (
            "figures:" + hashlib.sha256(repr((queryset.db, sql, params, sorted(current.items()))).encode()).hexdigest()
        )
        kept = caches[CACHE_ALIAS].get(key)
        if kept is not None:
            return kept
    rows = _run(queryset, compiler, sql, params)
    if key:
        caches[CACHE_ALIAS].set(key, rows, KEEP_SECONDS)
    return rows


def _run(queryset: QuerySet[Any], compiler: Any, sql: str, params: Any) -> list[Any]:
    """Execute the compiled statement and shape its rows as the queryset would (converters applied)."""
    if queryset._iterable_class is not ValuesIterable:  # type: ignore[attr-defined]
        return list(queryset)
    query = queryset.query
    names = (
        list(query.selected)
        if query.selected
        else [*query.extra_select, *query.values_select, *query.annotation_select]
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        results = [cursor.fetchall()]
    return [dict(zip(names, row, strict=True)) for row in compiler.results_iter(results=results)]
