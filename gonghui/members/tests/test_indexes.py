"""The registry's indexes are the ones a query needs (models.py names the query beside each), no more.

Every index costs each imported worker, membership and event; one added here must name what reads
through it. The name index's triggers (SQLite) survive the index diet's migration.
"""

from __future__ import annotations

import pytest
from django.db import connection

EXPECTED = {
    "members_worker": {
        "members_worker_name_c2f3557b",
        "members_worker_pinyin_badb35b7",
        "members_worker_pinyin_initials_3210a73b",
        "members_worker_birth_date_e71753f4",
        "members_worker_phone_hash_81f5e659",
        "members_worker_category_ed9c97d7",
        "members_worker_union_status",
        "members_worker_phone4",
        "members_worker_employer",
    },
    "members_membership": {
        "members_membership_employer_id_3759199d",
        "members_ms_union_status_seen",
        "members_ms_worker",
    },
    "members_membershipevent": {
        "members_membershipevent_counterpart_union_id_88e8d51c",
        "members_membershipevent_membership_id_861a0508",
        "members_membershipevent_recorded_by_id_1984969c",
        "members_event_worker",
        "members_event_union_kind",
    },
}
# PostgreSQL's own search indexes (0002_search_indexes): pinyin prefixes and the name's grams.
POSTGRESQL_ONLY = {"members_worker_pinyin_like", "members_worker_initials_like", "members_worker_grams_gin"}


def secondary_indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name
        for name, info in constraints.items()
        if info["index"] and not info["unique"] and not info["primary_key"] and not name.startswith("sqlite_")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_the_registry_tables_carry_only_the_indexes_a_query_needs(table: str) -> None:
    expected = set(EXPECTED[table])
    if connection.vendor == "postgresql" and table == "members_worker":
        expected |= POSTGRESQL_ONLY
    assert secondary_indexes(table) == expected


@pytest.mark.django_db
def test_the_name_index_is_kept_by_its_triggers() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL indexes the name's grams with a GIN expression index, no trigger")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'members_worker'")
        triggers = {name for (name,) in cursor.fetchall()}
    assert {"members_worker_grams_ai", "members_worker_grams_ad", "members_worker_grams_au"} <= triggers


@pytest.mark.django_db
def test_the_walk_index_carries_what_a_dense_search_tests_on_postgresql() -> None:
    """A dense search walks the scope through this index; the columns it tests come with it."""
    with connection.cursor() as cursor:
        columns = connection.introspection.get_constraints(cursor, "members_worker")[NAME]["columns"]
        if connection.vendor != "postgresql":
            assert columns == ["union_id", "member_status", "id"]
            return
        cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [NAME])
        (definition,) = cursor.fetchone()
    assert columns[:3] == ["union_id", "member_status", "id"]
    assert definition.endswith("INCLUDE (pinyin_initials, pinyin, card_number, category, birth_date)")


NAME = "members_worker_union_status"
