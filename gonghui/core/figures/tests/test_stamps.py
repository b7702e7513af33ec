"""Table stamps: every kind of change renews a table's stamp, and a figure kept is never read after one.

Runs on both databases (SQLite: a trigger per row; PostgreSQL: a statement trigger appending rows).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.figures import kept, measures, stamps
from gonghui.core.figures.models import TableStamp
from gonghui.core.figures.periods import calendar_year
from gonghui.core.figures.tests.test_drilldowns import published_world  # noqa: F401 (a fixture)
from gonghui.core.reference.models import EthnicGroup
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db

TABLE = EthnicGroup._meta.db_table


def stamp_of(table: str = TABLE) -> int:
    found = stamps.stamps([table])
    assert found is not None, f"{table} carries no stamp"
    return found[table]


def groups() -> Any:
    return EthnicGroup.objects.values("active").annotate(n=Count("code")).order_by("active")


def test_every_table_of_the_modules_carries_a_stamp() -> None:
    tables = stamps.stamped_tables()
    assert {"members_membership", "members_worker", "tree_union", "welfare_welfarepayout"} <= set(tables)
    assert "audit_auditevent" not in tables, "the audit log is written on every page: it carries no stamp"
    assert stamps.stamps(tables) is not None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: EthnicGroup.objects.create(code="T1", name="测试族"), id="insert"),
        pytest.param(
            lambda: EthnicGroup.objects.bulk_create(
                [EthnicGroup(code="T2", name="二"), EthnicGroup(code="T3", name="三")]
            ),
            id="bulk",
        ),
        pytest.param(lambda: EthnicGroup.objects.filter(code="T0").update(name="改"), id="queryset-update"),
        pytest.param(lambda: EthnicGroup.objects.get(code="T0").save(), id="save"),
        pytest.param(lambda: EthnicGroup.objects.filter(code="T0").delete(), id="delete"),
        pytest.param(
            lambda: connection.cursor().execute(f"UPDATE {TABLE} SET position = position + 1"),  # noqa: S608
            id="raw-sql",
        ),
    ],
)
def test_every_kind_of_change_renews_the_stamp(change: Any) -> None:
    EthnicGroup.objects.create(code="T0", name="原")
    other = stamp_of("tree_union")
    before = stamp_of()
    change()
    assert stamp_of() != before
    assert stamp_of("tree_union") == other, "a table nobody changed keeps its stamp"


def test_rows_are_kept_until_a_table_they_read_changes() -> None:
    EthnicGroup.objects.create(code="T0", name="原", active=True)
    first = kept.cached_rows(groups())
    with CaptureQueriesContext(connection) as seen:
        again = kept.cached_rows(groups())
    assert again == first
    assert len(seen.captured_queries) == 1, "kept rows cost one look at the stamps, not the count"
    EthnicGroup.objects.create(code="T9", name="新", active=False)
    after = kept.cached_rows(groups())
    assert after == list(groups())
    assert after != first


def test_a_change_rolled_back_is_never_mistaken_for_a_later_one() -> None:
    EthnicGroup.objects.create(code="T0", name="原")
    seen: list[Any] = []

    def count_then_fail() -> None:
        with transaction.atomic():
            EthnicGroup.objects.create(code="TA", name="甲", active=False)
            seen.extend(kept.cached_rows(groups()))  # counted inside, with the row that goes away
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        count_then_fail()
    EthnicGroup.objects.create(code="TB", name="乙", active=True)  # a different change of the same size
    assert kept.cached_rows(groups()) == list(groups())
    assert kept.cached_rows(groups()) != seen


def test_a_query_of_a_table_without_a_stamp_is_counted_each_time() -> None:
    from gonghui.core.accounts.models import User

    rows = User.unscoped.values("role").annotate(n=Count("id")).order_by("role")
    assert kept.tables_of(str(rows.query)) == {"accounts_user"}
    assert stamps.stamps(["accounts_user"]) is None
    with CaptureQueriesContext(connection) as seen:
        kept.cached_rows(rows.all())
        kept.cached_rows(rows.all())
    counted = [q for q in seen.captured_queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(counted) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL appends a row per statement")
def test_postgresql_folds_the_rows_and_counts_truncate() -> None:
    for i in range(3):
        EthnicGroup.objects.create(code=f"F{i}", name=f"折{i}")
    assert TableStamp.objects.filter(table_name=TABLE, part=stamps.WHOLE).count() >= 4
    before = stamp_of()
    stamps.fold()
    assert TableStamp.objects.filter(table_name=TABLE, part=stamps.WHOLE).count() == 1
    assert stamp_of() == before, "folding keeps the stamp: nothing is counted again for it"
    folded = stamp_of()
    connection.cursor().execute(f"TRUNCATE {TABLE} CASCADE")
    assert stamp_of() != folded


def test_a_measure_is_counted_again_after_a_change(published_world: World) -> None:  # noqa: F811
    leader = published_world.leo
    members = measures.get("members.members")
    assert members is not None
    Membership = members.rows(leader).model  # the core names no module: the measure's own list says
    year = calendar_year(timezone.localdate().year)
    before = measures.count(members, leader, [year]).totals[0]
    with CaptureQueriesContext(connection) as seen:
        assert measures.count(members, leader, [year]).totals[0] == before  # kept
    assert not any('"members_membership"' in q["sql"] for q in seen.captured_queries)
    with system_scope("the test ends one membership"):
        current = Membership.unscoped.filter(ended_on__isnull=True, joined_on__lt=timezone.localdate()).first()
        assert current is not None
        Membership.unscoped.filter(pk=current.pk).update(ended_on=timezone.localdate() - timedelta(days=1))
    assert measures.count(members, leader, [year]).totals[0] == before - 1


def test_readers_share_rows_only_when_their_scopes_give_the_same_statement(published_world: World) -> None:  # noqa: F811
    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import acting_as

    def built_outside_any_scope() -> Any:
        return Union.objects.values("kind").annotate(n=Count("id")).order_by("kind")

    answers = {}
    for reader in ("leo", "bob", "leo", "bob"):  # each twice: the second time from the cache
        user = getattr(published_world, reader)
        counted, listed = built_outside_any_scope(), built_outside_any_scope()  # scoped only when evaluated
        with acting_as(user):
            rows = kept.cached_rows(counted)
            assert rows == list(listed), f"{reader} got rows of another scope"
            answers.setdefault(reader, rows)
    assert answers["leo"] != answers["bob"], "the county and township A see different unions"


def test_a_scoped_query_without_an_actor_is_refused() -> None:
    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import ScopeError

    with pytest.raises(ScopeError):
        kept.cached_rows(Union.objects.values("kind").annotate(n=Count("id")))


# --- Townships: only the townships whose rows changed are counted again --------------------------------


def _membership_measures(leader: Any) -> tuple[list[measures.Measure], Any, Any]:
    """The measures of the membership list (the core names no module: a measure's own list says which),
    its model and the model of the rows a measure follows into (membership events)."""
    members = measures.get("members.members")
    assert members is not None
    group = [m for m in measures.measures_for(leader) if m.list is members.list]
    followed = [item.field for m in group for item in m.follows]
    assert followed, "a membership measure looks into the membership's events"
    return group, members.rows(leader).model, followed[0].model


def test_what_a_membership_count_reads_and_how_each_change_reaches_it(published_world: World) -> None:  # noqa: F811
    leader = published_world.leo
    group, Membership, Event = _membership_measures(leader)
    assert stamps.Via(Event._meta.db_table, "membership_id", Membership._meta.db_table) in stamps.vias()
    assert Membership._meta.db_table in stamps.township_tables()
    from gonghui.core.figures.townships import township_path
    from gonghui.core.tree.scoping import acting_as

    with acting_as(leader):
        counting = measures._base(group[0], leader).annotate(_township=township_path()).values("_township")
        aggregates = {f"n{i}": Count("pk", filter=m.within(calendar_year(2026))) for i, m in enumerate(group)}
        counting = counting.annotate(**aggregates)
        counting._require_scope()
        sql, _params = counting.query.get_compiler(counting.db).as_sql()
    reads = kept.reads_of(counting.query, sql)
    assert reads is not None
    assert reads.base == Membership._meta.db_table
    assert ("tree_union", "path") in reads.columns, "the union's path, reached through the row's own foreign key"
    assert not {table for table, _column in reads.columns} & {Membership._meta.db_table, Event._meta.db_table}
    assert reads.followed == {Event._meta.db_table}, "events belong to their membership: stamped as its township"
    assert not reads.whole
