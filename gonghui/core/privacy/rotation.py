"""Key rotation: re-encrypt every encrypted column, recompute every blind index, retire old keys.

Encrypted columns are found through the app registry (every concrete
``EncryptedPersonalField`` of every installed model), so a module adding one needs no
registration. Work is done on the raw column text, in primary-key order, in batches, each
batch in its own transaction; a row changed meanwhile is left for the next run (the UPDATE
matches the old ciphertext). ``updated_at`` is not touched: nothing about the record changed.

Old data keys stay readable until ``retire_data_key``, which refuses while any value still
uses the key. Blind indexes are derived data: they can always be rebuilt from the values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.privacy import crypto
from gonghui.core.privacy.fields import BlindIndexField, EncryptedPersonalField, encrypted_fields
from gonghui.env import ConfigError

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Column:
    model: type[models.Model]
    field: EncryptedPersonalField

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def index_field(self) -> BlindIndexField | None:
        if not self.field.blind_index:
            return None
        field = self.model._meta.get_field(self.field.blind_index)
        return field if isinstance(field, BlindIndexField) else None


def encrypted_columns() -> list[Column]:
    """Every encrypted column of every installed, managed, concrete model."""
    found: list[Column] = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        found.extend(Column(model, field) for field in encrypted_fields(model))
    return found


def _rows(column: Column, batch_size: int) -> Iterator[list[tuple[Any, str]]]:
    """(pk, stored text) of non-empty values, in primary-key batches."""
    qn = connection.ops.quote_name
    table, col, pk = qn(column.model._meta.db_table), qn(column.field.column), qn(column.model._meta.pk.column)
    last: Any = None
    while True:
        where = f"{col} IS NOT NULL AND {col} <> ''" + (f" AND {pk} > %s" if last is not None else "")
        params = [last] if last is not None else []
        with connection.cursor() as cursor:
            # Names come from model metadata, never from input.
            sql = f"SELECT {pk}, {col} FROM {table} WHERE {where} ORDER BY {pk} LIMIT {int(batch_size)}"  # noqa: S608
            cursor.execute(sql, params)
            batch = cursor.fetchall()
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def _update(column: Column, assignments: list[tuple[str, str | None, Any, str]]) -> int:
    """Apply (column name, new value, pk, old stored text) updates; returns rows changed."""
    qn = connection.ops.quote_name
    table, pk, src = qn(column.model._meta.db_table), qn(column.model._meta.pk.column), qn(column.field.column)
    changed = 0
    with connection.cursor() as cursor:
        for target, value, key, old in assignments:
            cursor.execute(
                f"UPDATE {table} SET {qn(target)} = %s WHERE {pk} = %s AND {src} = %s",  # noqa: S608
                [value, key, old],
            )
            changed += cursor.rowcount
    return changed


def key_usage() -> dict[str, Counter[str]]:
    """How many stored values each data key encrypts, per column (``{"app.Model.field": {"k1": n}}``)."""
    usage: dict[str, Counter[str]] = {}
    for column in encrypted_columns():
        counts: Counter[str] = Counter()
        for batch in _rows(column, 2000):
            counts.update(crypto.key_id_of(text) or "?" for _pk, text in batch)
        usage[column.label] = counts
    return usage


def reencrypt_all(*, batch_size: int = 500, progress: Progress | None = None) -> dict[str, int]:
    """Re-encrypt every value not under the active key; returns counts per column."""
    ring = crypto.keyring()
    counts: dict[str, int] = {}
    for column in encrypted_columns():
        aad = column.field.associated_data
        done = 0
        for batch in _rows(column, batch_size):
            stale = [(pk, text) for pk, text in batch if crypto.key_id_of(text) != ring.active_id]
            if not stale:
                continue
            with transaction.atomic():
                done += _update(
                    column,
                    [
                        (
                            column.field.column,
                            crypto.encrypt(crypto.decrypt(text, aad, ring=ring), aad, ring=ring),
                            pk,
                            text,
                        )
                        for pk, text in stale
                    ],
                )
        counts[column.label] = done
        if progress:
            progress(f"{column.label}: {done} re-encrypted with {ring.active_id}")
    return counts


def rebuild_blind_indexes(*, batch_size: int = 500, progress: Progress | None = None) -> dict[str, int]:
    """Recompute every blind index with the current index key; returns counts per column.

    One transaction per column, so lookups see either all old or all new hashes.
    """
    ring = crypto.keyring()
    counts: dict[str, int] = {}
    for column in encrypted_columns():
        index = column.index_field
        if index is None:
            continue
        aad = column.field.associated_data
        done = 0
        with transaction.atomic():
            for batch in _rows(column, batch_size):
                done += _update(
                    column,
                    [
                        (
                            index.column,
                            crypto.blind_index(
                                column.field.personal_kind, crypto.decrypt(text, aad, ring=ring), ring=ring
                            ),
                            pk,
                            text,
                        )
                        for pk, text in batch
                    ],
                )
        counts[column.label] = done
        if progress:
            progress(f"{column.label}: {done} blind indexes recomputed")
    return counts


def _key_file() -> Path:
    ring = crypto.keyring()
    if ring.from_environment:
        raise ConfigError(
            "the keys come from GONGHUI_DATA_KEYS / GONGHUI_INDEX_KEY: change those variables "
            "(see docs/personal-data.md), restart, then run rotatekeys --reencrypt or --rebuild-index"
        )
    return Path(settings.PRIVACY_KEY_FILE)


def next_key_id(existing: list[str]) -> str:
    numbers = [int(k[1:]) for k in existing if k.startswith("k") and k[1:].isdigit()]
    return f"k{max(numbers, default=0) + 1}"


def add_data_key(*, key_id: str | None = None, key: bytes | None = None) -> str:
    """Make a new data key the active one in the key file (the old ones stay readable)."""
    path = _key_file()
    ring = crypto.keyring()
    key_id = crypto.check_key_id(key_id or next_key_id(list(ring.data_keys)))
    if key_id in ring.data_keys:
        raise ConfigError(f"key id {key_id!r} is already in the key ring")
    if key is not None and len(key) != crypto.KEY_BYTES:
        raise ConfigError("a data key must be 32 bytes")
    keys = {key_id: key or crypto.generate_key(), **ring.data_keys}
    crypto.write_key_file(path, keys, ring.index_key)
    with transaction.atomic():
        audit_record(Action.UPDATE, object_repr="personal-data keys", note=f"new active data key {key_id}")
    return key_id


def replace_index_key() -> None:
    """A new blind-index key in the key file, then every index recomputed with it."""
    path = _key_file()
    ring = crypto.keyring()
    crypto.write_key_file(path, ring.data_keys, crypto.generate_key())
    with transaction.atomic():
        audit_record(Action.UPDATE, object_repr="personal-data keys", note="new blind-index key")


def keys_in_use() -> set[str]:
    used: set[str] = set()
    for counts in key_usage().values():
        used.update(k for k, n in counts.items() if n)
    return used


def retire_data_key(key_id: str) -> bool:
    """Remove ``key_id`` from the key file; refused while it is active or any value uses it.

    Returns False when the keys come from the environment: the key is unused and the
    operator removes it from ``GONGHUI_DATA_KEYS``.
    """
    ring = crypto.keyring()
    if key_id not in ring.data_keys:
        raise ConfigError(f"there is no data key {key_id!r}")
    if key_id == ring.active_id:
        raise ConfigError(f"{key_id!r} is the active key: rotate to a new key first")
    if key_id in keys_in_use():
        raise ConfigError(f"values are still encrypted with {key_id!r}: run rotatekeys --reencrypt first")
    if ring.from_environment:
        return False
    keys = {k: v for k, v in ring.data_keys.items() if k != key_id}
    crypto.write_key_file(_key_file(), keys, ring.index_key)
    with transaction.atomic():
        audit_record(Action.UPDATE, object_repr="personal-data keys", note=f"data key {key_id} retired")
    return True
