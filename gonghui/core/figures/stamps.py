"""Table stamps: the database's own record of what changed, so a figure counted once is kept until a
change can alter it, and never longer (``kept.py`` reads them).

Every data table of the platform carries stamps that the database itself renews, by trigger,
whatever makes the change (the ORM, a bulk writer, an import, raw SQL, a restore). A stamp is a
random number, not a counter, so a change rolled back and a different change made afterwards can
never show the same stamp. Each table's stamps come in *parts* (the ``part`` column):

* ``""`` — any change to the table (an insert, an update, a delete, a truncate);
* ``"c:<column>"`` — an update that changed the value of that column (a figure that reaches the
  table only through a foreign key of its own rows reads a few of its columns, and only a change
  of one of those can change the figure: a new row there is named by no existing row, and a row
  named by one cannot be deleted while it is);
* a township's path prefix (``TOWNSHIP_PATH_LENGTH`` characters) — for a table whose rows name
  their own union (``union_id``): a row of that township inserted, updated or deleted (before and
  after the change); also a row of another table that belongs to one of these rows (``Via``: a
  membership's events, a file's grants), declared by a measure's ``follows``;
* ``"*"`` — a truncate, or a row with no union: every township at once.

How each database keeps them:

* SQLite: one row per table and part, renewed by triggers after each inserted, updated or deleted
  row (SQLite writes one transaction at a time, so a row is no point of contention);
* PostgreSQL: statement-level triggers (with the statement's changed rows as transition tables)
  append a row per table and part changed; a part's stamp is the sum of its rows (modulo 2**62).
  Appending takes no lock that concurrent writers would wait for (updating one row would make every
  writer of the table wait for the others to commit). A periodic job folds each part's rows into one.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connections

STAMP_TABLE = "figures_tablestamp"
# Tables written on nearly every request, or that no figure reads: no stamp, no trigger.
UNSTAMPED_APPS = frozenset({"audit", "jobs", "web", "figures", "accounts", "sheets", "access"})
# Tables of other apps that figures read: content types (a generic relation such as a case's timeline).
STAMPED_OTHERS = frozenset({"contenttypes"})
_BIG = 2**62
WHOLE = ""
EVERY_TOWNSHIP = "*"
COLUMN = "c:"  # the prefix of a column's part
UNION_COLUMN = "union_id"  # a row's own union: its township is the first TOWNSHIP_PATH_LENGTH of its path


@functools.cache
def _stamped_models() -> dict[str, Any]:
    models = {}
    for config in apps.get_app_configs():
        if config.label not in STAMPED_OTHERS and (
            not config.name.startswith("gonghui.") or config.label in UNSTAMPED_APPS
        ):
            continue
        for model in config.get_models(include_auto_created=True):  # many-to-many tables too
            if model._meta.managed and not model._meta.proxy:
                models[model._meta.db_table] = model
    return models


def stamped_tables() -> list[str]:
    """The tables that carry stamps: every table of the platform's own apps but the busy logs."""
    return sorted(_stamped_models())


@functools.cache
def township_tables() -> frozenset[str]:
    """The stamped tables whose rows name their own union (``union_id``): stamped per township too."""
    from gonghui.core.tree.models import Union

    found = set()
    for table, model in _stamped_models().items():
        try:
            field = model._meta.get_field("union")
        except FieldDoesNotExist:
            continue
        if getattr(field, "many_to_one", False) and field.related_model is Union and field.column == UNION_COLUMN:
            found.add(table)
    return frozenset(found)


@dataclass(frozen=True)
class Via:
    """Rows of ``table`` that belong to a row of ``base`` (by their ``column``), looked into by a measure
    (``Measure.follows``): a change to one is stamped as a change in the township of the row it belongs to."""

    table: str
    column: str
    base: str


@functools.cache
def vias() -> frozenset[Via]:
    """The ``Via`` of every registered measure's ``follows`` whose base is stamped per township
    (read on every kept count: kept until a measure is registered, ``measures.register``)."""
    from gonghui.core.figures import measures

    found = set()
    for measure in measures.all_measures():
        for item in measure.follows:
            field = getattr(item, "field", item)  # ``Model.fk`` or its field
            if not getattr(field, "many_to_one", False):
                raise ValueError(f"{measure.key}: follows {item!r}, which is not a foreign key")
            table, base = field.model._meta.db_table, field.related_model._meta.db_table
            if base in township_tables() and table in _stamped_models():
                found.add(Via(table, field.column, base))
    return frozenset(found)


def _township_length() -> int:
    from gonghui.core.figures.townships import TOWNSHIP_PATH_LENGTH

    return TOWNSHIP_PATH_LENGTH


# --- The triggers -------------------------------------------------------------------------------------
# Every name below is the platform's own (the stamp table, a table or column named by a model), never input.

_PG_STAMP = f"floor(random() * {_BIG})::bigint"
_SQLITE_STAMP = f"abs(random() % {_BIG})"
_FIRST_ROW = (
    f"INSERT INTO {STAMP_TABLE} (table_name, part, stamp) SELECT %s, %s, {{stamp}} "  # noqa: S608
    f"WHERE NOT EXISTS (SELECT 1 FROM {STAMP_TABLE} WHERE table_name = %s AND part = %s)"
)

# PostgreSQL: any change, by statement
_PG_WHOLE = f"""CREATE OR REPLACE FUNCTION figures_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {STAMP_TABLE} (table_name, part, stamp) VALUES (TG_TABLE_NAME, '{WHOLE}', {_PG_STAMP});
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO {STAMP_TABLE} (table_name, part, stamp) VALUES (TG_TABLE_NAME, '{EVERY_TOWNSHIP}', {_PG_STAMP});
    END IF;
    RETURN NULL;
END $$"""  # noqa: S608
_PG_WHOLE_TRIGGER = (
    'CREATE OR REPLACE TRIGGER figures_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
    "FOR EACH STATEMENT EXECUTE FUNCTION figures_stamp()"
)
# PostgreSQL: the columns an update changed (any table: its rows compared as JSON, by id)
_PG_COLUMNS = f"""CREATE OR REPLACE FUNCTION figures_stamp_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0]: the table's primary key column
    EXECUTE format(
        'INSERT INTO {STAMP_TABLE} (table_name, part, stamp) SELECT %1$L, %2$L || name, {_PG_STAMP} FROM ('
        'SELECT DISTINCT was.key AS name FROM figures_old o JOIN figures_new n ON n.%3$I = o.%3$I, '
        'jsonb_each(to_jsonb(o)) AS was WHERE was.value IS DISTINCT FROM to_jsonb(n) -> was.key) AS changed',
        TG_TABLE_NAME, '{COLUMN}', TG_ARGV[0]);
    RETURN NULL;
END $$"""  # noqa: S608
_PG_COLUMNS_TRIGGER = (
    'CREATE OR REPLACE TRIGGER figures_stamp_columns AFTER UPDATE ON "{table}" '
    "REFERENCING OLD TABLE AS figures_old NEW TABLE AS figures_new "
    "FOR EACH STATEMENT EXECUTE FUNCTION figures_stamp_columns('{pk}')"
)
# PostgreSQL: the townships of the rows a statement wrote (its own, or those of the rows they belong to)
_PG_ROWS = {
    "new": "SELECT %2$I AS via FROM figures_new",
    "old": "SELECT %2$I AS via FROM figures_old",
    "both": "SELECT %2$I AS via FROM figures_new UNION ALL SELECT %2$I AS via FROM figures_old",
}
_PG_TOWNSHIPS = """CREATE OR REPLACE FUNCTION figures_stamp_townships_{rows}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV: the table whose townships are stamped, the column naming its row (or the union itself),
    -- that table's primary key column
    EXECUTE format(
        'INSERT INTO {stamps} (table_name, part, stamp) SELECT %1$L, part, {stamp} FROM ('
        'SELECT DISTINCT COALESCE(substr(u.path, 1, {length}), %3$L) AS part FROM ({rows_sql}) AS changed '
        || CASE WHEN TG_ARGV[1] = '{union}' THEN 'LEFT JOIN tree_union u ON u.id = changed.via'
           ELSE 'LEFT JOIN %1$I b ON b.%4$I = changed.via LEFT JOIN tree_union u ON u.id = b.union_id' END
        || ') AS parts',
        TG_ARGV[0], TG_ARGV[1], '{every}', TG_ARGV[2]);
    RETURN NULL;
END $$"""
_PG_EVENTS = (
    ("ins", "INSERT", "NEW TABLE AS figures_new", "new"),
    ("upd", "UPDATE", "OLD TABLE AS figures_old NEW TABLE AS figures_new", "both"),
    ("del", "DELETE", "OLD TABLE AS figures_old", "old"),
)
_PG_TOWNSHIPS_TRIGGER = (
    'CREATE OR REPLACE TRIGGER {name} AFTER {event} ON "{table}" REFERENCING {referencing} '
    "FOR EACH STATEMENT EXECUTE FUNCTION figures_stamp_townships_{rows}('{base}', '{column}', '{pk}')"
)
_PG_FOLD = f"""WITH gone AS (DELETE FROM {STAMP_TABLE} RETURNING table_name, part, stamp)
INSERT INTO {STAMP_TABLE} (table_name, part, stamp)
SELECT table_name, part, (sum(stamp) % {_BIG})::bigint FROM gone GROUP BY table_name, part"""  # noqa: S608

# SQLite: one row per table and part (a unique index; the upserts below need it), renewed per row
_SQLITE_UNIQUE = f"CREATE UNIQUE INDEX IF NOT EXISTS figures_tablestamp_one ON {STAMP_TABLE} (table_name, part)"
_SQLITE_TRIGGER = 'CREATE TRIGGER {name} AFTER {event} ON "{table}" BEGIN {body} END'
_SQLITE_UPSERT = (
    f"INSERT INTO {STAMP_TABLE} (table_name, part, stamp) SELECT {{table}}, part, {_SQLITE_STAMP} "  # noqa: S608
    "FROM ({parts}) WHERE part IS NOT NULL ON CONFLICT (table_name, part) DO UPDATE SET stamp = excluded.stamp;"
)
_SQLITE_WHOLE = f"UPDATE {STAMP_TABLE} SET stamp = {_SQLITE_STAMP} WHERE table_name = {{table}} AND part = '{WHOLE}';"  # noqa: S608
_SQLITE_OWN_TOWNSHIP = (
    "SELECT COALESCE((SELECT substr(path, 1, {length}) FROM tree_union WHERE id = {row}.union_id), '{every}') AS part"
)
_SQLITE_VIA_TOWNSHIP = (
    'SELECT COALESCE((SELECT substr(u.path, 1, {length}) FROM "{base}" b JOIN tree_union u ON u.id = b.union_id '
    'WHERE b."{pk}" = {row}."{column}"), \'{every}\') AS part'
)
_SQLITE_COLUMN = 'SELECT \'{prefix}{column}\' AS part WHERE OLD."{column}" IS NOT NEW."{column}"'
_SQLITE_OLD_TRIGGERS = ("figures_stamp_{table}_{event}", "figures_stamp2_{table}_{event}")


def _pk(table: str) -> str:
    return _stamped_models()[table]._meta.pk.column


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _trigger_name(*parts: str) -> str:
    name = "_".join(parts)
    if len(name) <= 63:
        return name
    return name[:54] + "_" + hashlib.sha256(name.encode()).hexdigest()[:8]


def install(using: str = "default") -> int:
    """Create or renew the stamp rows and triggers (after every migration). Returns how many tables."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return 0
    present = set(connection.introspection.table_names())
    tables = [table for table in stamped_tables() if table in present]
    following: dict[str, list[Via]] = {}
    for via in vias():
        following.setdefault(via.table, []).append(via)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _install_postgresql(cursor, tables, following)
        else:
            _install_sqlite(cursor, connection, tables, following)
    return len(tables)


def _install_postgresql(cursor: Any, tables: list[str], following: dict[str, list[Via]]) -> None:
    cursor.execute(_PG_WHOLE)
    cursor.execute(_PG_COLUMNS)
    for rows, rows_sql in _PG_ROWS.items():
        cursor.execute(
            _PG_TOWNSHIPS.format(
                rows=rows,
                rows_sql=rows_sql,
                stamps=STAMP_TABLE,
                stamp=_PG_STAMP,
                length=_township_length(),
                every=EVERY_TOWNSHIP,
                union=UNION_COLUMN,
            )
        )
    parted = township_tables()
    for table in tables:
        cursor.execute(_FIRST_ROW.format(stamp=_PG_STAMP), [table, WHOLE, table, WHOLE])
        cursor.execute(_PG_WHOLE_TRIGGER.format(table=table))
        cursor.execute(_PG_COLUMNS_TRIGGER.format(table=table, pk=_pk(table)))
        stamped = [Via(table, UNION_COLUMN, table)] if table in parted else []
        stamped += following.get(table, [])
        for via in stamped:
            for short, event, referencing, rows in _PG_EVENTS:
                name = _trigger_name("figures_township", via.column, short)
                cursor.execute(
                    _PG_TOWNSHIPS_TRIGGER.format(
                        name=name,
                        event=event,
                        table=table,
                        referencing=referencing,
                        rows=rows,
                        base=via.base,
                        column=via.column,
                        pk=_pk(via.base),
                    )
                )


def _install_sqlite(cursor: Any, connection: Any, tables: list[str], following: dict[str, list[Via]]) -> None:
    cursor.execute(_SQLITE_UNIQUE)
    parted = township_tables()
    length = _township_length()
    for table in tables:
        cursor.execute(_FIRST_ROW.format(stamp=_SQLITE_STAMP), [table, WHOLE, table, WHOLE])
        columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
        for event in ("INSERT", "UPDATE", "DELETE"):
            rows = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}[event]
            parts: dict[str, list[str]] = {table: []}  # the table stamped -> its parts changed
            if table in parted:
                parts[table] += [
                    _SQLITE_OWN_TOWNSHIP.format(length=length, row=row, every=EVERY_TOWNSHIP) for row in rows
                ]
            if event == "UPDATE":
                parts[table] += [_SQLITE_COLUMN.format(prefix=COLUMN, column=column) for column in columns]
            for via in following.get(table, ()):
                parts.setdefault(via.base, []).extend(
                    _SQLITE_VIA_TOWNSHIP.format(
                        length=length,
                        base=via.base,
                        pk=_pk(via.base),
                        row=row,
                        column=via.column,
                        every=EVERY_TOWNSHIP,
                    )
                    for row in rows
                )
            body = _SQLITE_WHOLE.format(table=_quote(table))
            for stamped, changed in parts.items():
                if changed:
                    body += _SQLITE_UPSERT.format(table=_quote(stamped), parts=" UNION ALL ".join(changed))
            for old in _SQLITE_OLD_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {old.format(table=table, event=event.lower())}")
            name = _trigger_name("figures_stamp3", table, event.lower())
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")  # renewed: its body may have changed
            cursor.execute(_SQLITE_TRIGGER.format(name=name, event=event, table=table, body=body))


def fold(using: str = "default") -> int:
    """PostgreSQL: fold the rows appended for each table and part into one (a periodic job); the rows removed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {STAMP_TABLE}")  # noqa: S608
        before = cursor.fetchone()[0]
        cursor.execute(_PG_FOLD)
        cursor.execute(f"SELECT count(*) FROM {STAMP_TABLE}")  # noqa: S608
        after = cursor.fetchone()[0]
    return max(0, before - after)


# --- Reading them ---------------------------------------------------------------------------------------

# A part's stamp is the sum of its rows, modulo 2**62: folding its rows into one keeps it (a figure kept
# is not counted again for it), and a change adds a new random number to it.
Stamp = int
_READ = (
    f"SELECT table_name, part, sum(stamp) %% {_BIG} FROM {STAMP_TABLE} "  # noqa: S608
    "WHERE table_name IN ({tables}) AND (part = %s OR part LIKE %s) GROUP BY table_name, part"
)
_READ_TOWNSHIPS = (
    f"SELECT part, sum(stamp) %% {_BIG} FROM {STAMP_TABLE} "  # noqa: S608
    "WHERE table_name = %s AND part <> %s AND part NOT LIKE %s GROUP BY part"
)


def marks(wanted: Iterable[tuple[str, str]], using: str = "default") -> dict[tuple[str, str], Stamp | None] | None:
    """The current stamp of each (table, part) asked, the part ``WHOLE`` or a column's (``COLUMN`` + name).

    None when one of the tables carries no stamp at all; a column never changed since its table was
    stamped first has none (``None``), and keeps none until it changes.
    """
    wanted = set(wanted)
    if not wanted:
        return {}
    tables = sorted({table for table, _part in wanted})
    with connections[using].cursor() as cursor:
        cursor.execute(_READ.format(tables=", ".join(["%s"] * len(tables))), [*tables, WHOLE, COLUMN + "%"])
        found = {(name, part): int(total) for name, part, total in cursor.fetchall()}
    if any((table, WHOLE) not in found for table in tables):
        return None
    return {mark: found.get(mark) for mark in sorted(wanted)}


def stamps(tables: Iterable[str], using: str = "default") -> dict[str, Stamp] | None:
    """The current stamp of each table (any change), or None when one of them carries none."""
    found = marks(((table, WHOLE) for table in tables), using)
    return None if found is None else {table: stamp for (table, _part), stamp in found.items() if stamp is not None}


def township_stamps(table: str, using: str = "default") -> dict[str, Stamp]:
    """The stamp of each township of ``table`` (and ``EVERY_TOWNSHIP``) that has changed since it was first stamped."""
    with connections[using].cursor() as cursor:
        cursor.execute(_READ_TOWNSHIPS, [table, WHOLE, COLUMN + "%"])
        return {part: int(total) for part, total in cursor.fetchall()}
