"""Figures kept: a count is run again only when a change the database stamped can alter it (``stamps.py``).

``cached_rows`` keeps the rows of any query under its SQL and the stamps of every table it names:
a later reader gets them only while none of those tables has changed since.

``cached_township_rows`` does better for the measures' counts, which group the rows of one table
by the township of each row's own union. It works out what the query reads (``reads_of``):

* the table it counts: stamped per township, so a change there is a change of one township;
* tables reached through foreign keys of those rows (the union, the worker): only a change of a
  column the query reads there can alter the count — a row inserted there is named by no existing
  row, a row named by one cannot be deleted;
* rows looked into by a subquery that belong to the counted row (``Measure.follows``: a
  membership's events) — stamped by the database as a change in the township of their row;
* anything else, in full.

It reads the stamps first, then counts; it keeps the lines with those stamps. A later reader whose
stamps differ in some townships only counts those again — the same statement, restricted to them —
and keeps the rest; any other change, or most townships at once, and all is counted again. A change
committed between reading the stamps and counting leaves stamps newer than those kept, so the lines
kept are counted again next time, never read as current.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.db.models.query import ValuesIterable
from django.db.models.sql.datastructures import BaseTable, Join
from django.db.models.sql.query import Query

from gonghui.core.figures import stamps

KEEP_SECONDS = 24 * 3600
CACHE_ALIAS = "figures"  # settings.CACHES: a file cache the server's processes share
# Counted again for the townships that changed while they are at most this share of them (else all).
PARTIAL_SHARE = 0.5
_QUOTED = re.compile(r'"([A-Za-z0-9_]+)"')
# A column as Django writes it: "alias"."column" (a table's own name) or T3."column" / U0."column"
_COLUMN = re.compile(r'(?:"([A-Za-z0-9_]+)"|\b([A-Z][0-9]+))\."([A-Za-z0-9_]+)"')


def tables_of(sql: str) -> set[str]:
    """The tables a query's SQL names (Django quotes every table it writes into a query)."""
    return set(_QUOTED.findall(sql)) & _known_tables()


@functools.cache
def _known_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def _compiled(queryset: QuerySet[Any]) -> tuple[Any, str, Any] | None:
    """The statement ``queryset`` runs, with the current actor's scope applied first (None: matches nothing)."""
    require_scope = getattr(queryset, "_require_scope", None)
    if require_scope is not None:
        require_scope()  # the scope's filter into the query now, or ScopeError with no actor
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    return compiler, sql, params


def _key(kind: str, using: str, *parts: Any) -> str:
    """The cache key of a statement on database ``using`` (its name too: one cache may serve several)."""
    name = connections[using].settings_dict.get("NAME")
    return f"figures:{kind}:" + hashlib.sha256(repr((using, str(name), *parts)).encode()).hexdigest()


def cached_rows(queryset: QuerySet[Any]) -> list[Any]:
    """The rows of ``queryset``, from the cache while no table it reads has changed since they were counted.

    The SQL that is the key is the SQL that runs: the queryset takes the current actor's scope
    first (a scoped queryset filters itself only when it is evaluated), then it is compiled once,
    and on a miss exactly that statement is executed — so two readers share rows only when they
    would have run the same statement.
    """
    compiled = _compiled(queryset)
    if compiled is None:
        return []
    return _cached_rows(queryset, *compiled)


def _cached_rows(queryset: QuerySet[Any], compiler: Any, sql: str, params: Any) -> list[Any]:
    current = stamps.stamps(tables_of(sql), queryset.db)
    key = ""
    if current is not None:
        key = _key("rows", queryset.db, sql, params, sorted(current.items()))
        kept = caches[CACHE_ALIAS].get(key)
        if kept is not None:
            return kept
    rows = _run(queryset, compiler, sql, params)
    if key:
        caches[CACHE_ALIAS].set(key, rows, KEEP_SECONDS)
    return rows


# --- What a query reads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reads:
    """The tables a query reads, by what a change to each can do to its rows.

    ``base``: the table whose rows it counts. ``columns``: (table, column) read from tables reached
    from those rows through foreign keys of theirs only. ``followed``: tables of rows belonging to
    the counted rows (``stamps.Via``), stamped as changes of those rows. ``whole``: every other table.
    """

    base: str
    columns: frozenset[tuple[str, str]]
    followed: frozenset[str]
    whole: frozenset[str]


def reads_of(query: Query, sql: str) -> Reads | None:
    """What ``query`` (compiled to ``sql``) reads; None when its shape is not one this module knows."""
    walked = _walk(query)
    if walked is None:
        return None
    base, forward, followed, whole = walked
    whole |= tables_of(sql) - set(forward.values()) - followed - {base}  # whatever the walk missed, in full
    if base in whole or whole & followed:
        return None
    columns = set()
    for quoted, bare, column in _COLUMN.findall(sql):
        table = forward.get(quoted or bare)
        if table is not None:
            columns.add((table, column))
    return Reads(base, frozenset(columns), frozenset(followed), frozenset(whole))


def _walk(query: Query, outer: BaseTable | None = None) -> tuple[str, dict[str, str], set[str], set[str]] | None:
    """(base table, forward aliases → table, followed tables, tables read whole) of ``query``."""
    used = _used(query)
    bases = [entry for entry in used if isinstance(entry, BaseTable)]
    if len(bases) != 1:
        return None
    base = bases[0]
    forward: dict[str, str] = {}
    reached = {base.table_alias}
    whole: set[str] = set()
    followed: set[str] = set()
    pending = [entry for entry in used if isinstance(entry, Join)]
    while pending:  # a join is forward when its parent is and it follows a foreign key of the parent's rows
        ready = [join for join in pending if join.parent_alias in reached]
        if not ready:
            whole.update(join.table_name for join in pending)
            break
        for join in ready:
            pending.remove(join)
            if (
                join.table_alias
                and join.filtered_relation is None
                and not isinstance(join.join_field, ForeignObjectRel)
            ):
                reached.add(join.table_alias)
                forward[join.table_alias] = join.table_name
            else:
                whole.add(join.table_name)
    for inner in _subqueries(query):
        if outer is None and _belongs(inner, base):
            walked = _walk(inner, outer=base)
            if walked is not None:
                inner_base, inner_forward, _followed, inner_whole = walked
                followed.add(inner_base)
                forward.update(inner_forward)
                whole |= inner_whole
                continue
        whole.update(entry.table_name for entry in inner.alias_map.values())
    return base.table_name, forward, followed, whole


def _used(query: Query) -> list[Any]:
    """The tables ``query`` still uses (a join Django set up and then trimmed stays in its map, unused)."""
    return [entry for alias, entry in query.alias_map.items() if query.alias_refcount.get(alias, 0) > 0]


def _belongs(inner: Query, outer: BaseTable) -> bool:
    """Whether subquery ``inner`` looks only at rows belonging to the outer row through a declared ``Via``:
    its conditions, all required (AND), include ``<its table>.<column> = <outer row's primary key>``."""
    bases = [entry for entry in _used(inner) if isinstance(entry, BaseTable)]
    if len(bases) != 1 or inner.where.connector != "AND" or inner.where.negated:
        return False
    for child in inner.where.children:
        lhs, rhs = getattr(child, "lhs", None), getattr(child, "rhs", None)
        if (
            getattr(child, "lookup_name", None) == "exact"
            and isinstance(lhs, Col)
            and isinstance(rhs, Col)
            and lhs.alias == bases[0].table_alias
            and rhs.alias == outer.table_alias
            and rhs.target.primary_key
            and stamps.Via(bases[0].table_name, lhs.target.column, outer.table_name) in stamps.vias()
        ):
            return True
    return False


def _subqueries(query: Query) -> Iterator[Query]:
    """The queries nested in ``query``'s conditions and annotations (each once; their own nested ones are theirs)."""
    seen: list[Any] = [query.where, *query.annotations.values()]
    yielded: set[int] = set()
    while seen:
        node = seen.pop()
        inner = node if isinstance(node, Query) else getattr(node, "query", None)
        if isinstance(inner, Query):
            if id(inner) not in yielded:
                yielded.add(id(inner))
                yield inner
            continue
        seen.extend(getattr(node, "children", None) or ())
        seen.extend(getattr(node, name) for name in ("lhs", "rhs") if hasattr(node, name))
        if hasattr(node, "get_source_expressions"):
            seen.extend(node.get_source_expressions())


# --- Counting again only the townships that changed ----------------------------------------------------


def cached_township_rows(queryset: QuerySet[Any], township: str) -> list[dict[str, Any]]:
    """The lines of ``queryset`` — a ``values(township).annotate(...)`` whose ``township`` is the township
    prefix of the union path of each row's own ``union`` — counted again only where something changed."""
    compiled = _compiled(queryset)
    if compiled is None:
        return []
    compiler, sql, params = compiled
    reads = reads_of(queryset.query, sql)
    if reads is None or reads.base not in stamps.township_tables():
        return _cached_rows(queryset, compiler, sql, params)
    using = queryset.db
    wanted = [(table, stamps.WHOLE) for table in reads.whole]
    wanted += [(table, stamps.COLUMN + column) for table, column in reads.columns]
    wanted += [(table, stamps.WHOLE) for table, _column in reads.columns]  # proves the table is stamped
    current = stamps.marks(wanted, using)
    if current is None:  # a table without stamps: counted each time
        return _run(queryset, compiler, sql, params)
    current = {mark: stamp for mark, stamp in current.items() if mark[1] != stamps.WHOLE or mark[0] in reads.whole}
    parts = stamps.township_stamps(reads.base, using)
    key = _key("townships", using, sql, params)
    kept = caches[CACHE_ALIAS].get(key)
    rows: list[dict[str, Any]] | None = None
    if kept is not None and kept["marks"] == current:
        moved = {part for part in parts.keys() | kept["parts"].keys() if parts.get(part) != kept["parts"].get(part)}
        if not moved:
            return kept["rows"]
        townships = len(parts.keys() | {line[township] for line in kept["rows"]})
        if stamps.EVERY_TOWNSHIP not in moved and len(moved) <= PARTIAL_SHARE * townships:
            again = queryset.filter(**{f"{township}__in": sorted(moved)})
            recompiled = _compiled(again)
            fresh = [] if recompiled is None else _run(again, *recompiled)
            rows = [line for line in kept["rows"] if line[township] not in moved] + fresh
    if rows is None:
        rows = _run(queryset, compiler, sql, params)
    caches[CACHE_ALIAS].set(key, {"marks": current, "parts": parts, "rows": rows}, KEEP_SECONDS)
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
