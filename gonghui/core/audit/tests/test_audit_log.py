"""The audit log: append-only in the application and the database, purged past retention, personal data masked."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.accounts.services import user_update
from gonghui.core.audit.models import AuditEvent, AuditLogIsAppendOnly
from gonghui.core.audit.services import Action, Outcome, audit_purge, audit_record, audit_union_of, diff, snapshot
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import Actor, acting_as, activate, system_scope

WORLD_PHONE = "13812345678"  # every account of the world has this phone
WORLD_PHONE_MASKED = "138****5678"
NEW_PHONE = "13987654321"


@pytest.fixture
def event(world) -> AuditEvent:
    """A recent row of the log: the creation of union D."""
    return AuditEvent.unscoped.get(action="create", object_type="tree.union", object_id=str(world.union_d.pk))


def insert_raw_event(at: datetime, object_repr: str) -> None:
    """Write a row with raw SQL, as an import of old rows would, bypassing the model."""
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent"
            " (at, actor_username, action, outcome, object_type, object_id, object_repr, changes, note)"
            " VALUES (%s, '', 'login', 'success', '', '', %s, %s, '')",
            [ops.adapt_datetimefield_value(at), object_repr, ops.adapt_json_value({}, None)],
        )


def raw_sql_fails(sql: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


# --- Append-only in the application -----------------------------------------------------------


def test_saving_an_existing_row_again_is_refused(event):
    event.note = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    assert AuditEvent.unscoped.get(pk=event.pk).note == ""


def test_deleting_a_row_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    assert AuditEvent.unscoped.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with system_scope("trying to rewrite the audit log"):
        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.filter(pk=event.pk).update(note="tampered")
        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.all().delete()
        event.note = "tampered"
        # bulk_update runs in a transaction without a savepoint: give it one.
        with pytest.raises(AuditLogIsAppendOnly), transaction.atomic():
            AuditEvent.objects.bulk_update([event], ["note"])
    assert AuditEvent.unscoped.get(pk=event.pk).note == ""


# --- Append-only in the database --------------------------------------------------------------


def test_database_refuses_raw_update(event):
    assert raw_sql_fails("UPDATE audit_auditevent SET note = %s WHERE id = %s", ["tampered", event.pk])
    assert raw_sql_fails("UPDATE audit_auditevent SET action = %s", ["login"])
    assert AuditEvent.unscoped.get(pk=event.pk).note == ""
    assert AuditEvent.unscoped.get(pk=event.pk).action == "create"


def test_database_refuses_updates_through_the_unscoped_manager(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.unscoped.filter(pk=event.pk).update(note="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        # A new instance with the pk of an existing row: Django tries an UPDATE first.
        AuditEvent(pk=event.pk, action=Action.LOGIN, note="forged").save()
    assert AuditEvent.unscoped.get(pk=event.pk).note == ""


def test_database_refuses_raw_delete_of_recent_rows(event):
    before = AuditEvent.unscoped.count()
    assert raw_sql_fails("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert raw_sql_fails("DELETE FROM audit_auditevent", [])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.unscoped.filter(pk=event.pk).delete()
    assert AuditEvent.unscoped.count() == before


def test_database_refuses_update_even_of_old_rows(world):
    insert_raw_event(timezone.now() - timedelta(days=200), "旧记录")
    old = AuditEvent.unscoped.get(object_repr="旧记录")
    assert raw_sql_fails("UPDATE audit_auditevent SET note = %s WHERE id = %s", ["tampered", old.pk])


def replace_row_sql(id_: int, at: datetime, *, upsert: bool) -> tuple[str, list]:
    """An insert of a forged row reusing ``id_``: SQLite's ``INSERT OR REPLACE``, or an upsert."""
    ops = connection.ops
    columns = "(id, at, actor_username, action, outcome, object_type, object_id, object_repr, changes, note)"
    values = " VALUES (%s, %s, 'forger', 'login', 'success', '', '', 'forged', %s, 'forged')"
    params = [id_, ops.adapt_datetimefield_value(at), ops.adapt_json_value({}, None)]
    if upsert:
        sql = f"INSERT INTO audit_auditevent {columns}{values} ON CONFLICT (id) DO UPDATE SET note = 'forged'"
    else:
        sql = f"INSERT OR REPLACE INTO audit_auditevent {columns}{values}"
    return sql, params


def stored_row(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="INSERT OR REPLACE is SQLite's own statement")
def test_database_refuses_insert_or_replace_of_a_row(event):
    # REPLACE deletes the old row without firing delete triggers: it must not rewrite a row,
    # recent or (then deletable) old, nor backdate a recent one.
    insert_raw_event(timezone.now() - timedelta(days=200), "旧记录")
    old = AuditEvent.unscoped.get(object_repr="旧记录")
    before = {pk: stored_row(pk) for pk in (event.pk, old.pk)}
    count = AuditEvent.unscoped.count()
    for pk in (event.pk, old.pk):
        for at in (timezone.now(), timezone.now() - timedelta(days=400)):
            assert raw_sql_fails(*replace_row_sql(pk, at, upsert=False))
    assert {pk: stored_row(pk) for pk in (event.pk, old.pk)} == before
    assert AuditEvent.unscoped.count() == count


def test_database_refuses_an_upsert_of_a_row(event):
    insert_raw_event(timezone.now() - timedelta(days=200), "旧记录")
    old = AuditEvent.unscoped.get(object_repr="旧记录")
    before = {pk: stored_row(pk) for pk in (event.pk, old.pk)}
    for pk in (event.pk, old.pk):
        assert raw_sql_fails(*replace_row_sql(pk, timezone.now() - timedelta(days=400), upsert=True))
    assert {pk: stored_row(pk) for pk in (event.pk, old.pk)} == before


def test_database_still_accepts_new_rows(world):
    count = AuditEvent.unscoped.count()
    insert_raw_event(timezone.now(), "新记录")
    with system_scope("writing a test row"):
        audit_record(Action.EXPORT, actor=world.dan)
    assert AuditEvent.unscoped.count() == count + 2


def test_purge_removes_rows_past_retention_and_keeps_the_rest(world):
    # given the recent rows of the world, and one row written 200 days ago with raw SQL
    assert settings.AUDIT_RETENTION_DAYS < 200
    recent = set(AuditEvent.unscoped.values_list("pk", flat=True))
    insert_raw_event(timezone.now() - timedelta(days=200), "旧记录")
    assert AuditEvent.unscoped.count() == len(recent) + 1
    # when the retention purge runs
    removed = audit_purge()
    # then the old row is gone and every recent row stays
    assert removed == 1
    assert AuditEvent.unscoped.count() == len(recent)
    assert set(AuditEvent.unscoped.values_list("pk", flat=True)) == recent


def test_purge_cannot_be_pointed_at_recent_rows(world):
    # A clock pushed a year ahead would make every row look old; the database still refuses.
    before = AuditEvent.unscoped.count()
    with pytest.raises(DatabaseError):
        audit_purge(now=timezone.now() + timedelta(days=365))
    assert AuditEvent.unscoped.count() == before


# --- Writing rows ------------------------------------------------------------------------------


def test_audit_record_takes_actor_and_ip_from_the_context(world):
    with activate(Actor(user_getter=lambda: world.bob, ip="10.0.0.7")), system_scope("writing a test row"):
        event = audit_record(Action.EXPORT, obj=world.union_c, note="名单导出")
    saved = AuditEvent.unscoped.get(pk=event.pk)
    assert saved.actor_id == world.bob.pk
    assert saved.actor_username == world.bob.username
    assert saved.ip == "10.0.0.7"
    assert saved.union_id == world.union_c.pk
    assert (saved.object_type, saved.object_id, saved.object_repr) == (
        "tree.union",
        str(world.union_c.pk),
        str(world.union_c),
    )
    assert saved.outcome == Outcome.SUCCESS


def test_audit_record_files_the_row_under_the_objects_union_whoever_acts_and_whatever_is_passed(world):
    """One convention: the object's union (``audit_union()``), never the actor's or a caller's choice."""
    with acting_as(world.alice):
        event = audit_record(Action.UPDATE, obj=world.union_c, union=world.county)
    assert (event.actor_id, event.union_id) == (world.alice.pk, world.union_c.pk)
    with acting_as(world.bob):
        event = audit_record(Action.VIEW_PERSONAL, obj=world.carol)  # a user: the user's union
    assert event.union_id == world.union_c.pk


def test_audit_union_of_asks_the_object_else_reads_its_union():
    class Owned:
        def audit_union(self) -> str:
            return "asked"

    class Plain:
        union = Union(name="x")

    class Loose:
        union = "not a union"

    assert audit_union_of(Owned()) == "asked"  # type: ignore[arg-type]
    assert audit_union_of(Plain()) is Plain.union  # type: ignore[arg-type]
    assert audit_union_of(Loose()) is None  # type: ignore[arg-type]


def test_audit_record_without_object_belongs_to_the_actors_union(world):
    with system_scope("writing a test row"):
        event = audit_record(Action.EXPORT, actor=world.dan, outcome=Outcome.DENIED)
    assert event.union_id == world.union_d.pk
    assert (event.object_type, event.object_id) == ("", "")


# --- Personal data is masked -------------------------------------------------------------------


def test_snapshot_masks_personal_data_and_skips_secrets(world):
    values = snapshot(world.carol)
    assert values["phone"] == WORLD_PHONE_MASKED
    assert values["username"] == world.carol.username
    assert values["union"] == world.union_c.pk
    assert not {"password", "last_login", "created_at", "updated_at"} & set(values)
    assert snapshot(world.carol, ["phone", "role"]) == {"phone": WORLD_PHONE_MASKED, "role": world.carol.role}


def test_diff_lists_changed_fields_only():
    before = {"name": "甲", "kind": "township", "code": None}
    after = {"name": "乙", "kind": "township", "founded": "2020-01-01"}
    assert diff(before, after) == {"name": ["甲", "乙"], "founded": [None, "2020-01-01"]}
    assert diff(after, after) == {}


def test_phone_change_is_audited_masked_and_never_in_clear(world):
    # when sam, security administrator, changes carol's phone
    with acting_as(world.sam):
        user_update(actor=world.sam, user=User.unscoped.get(pk=world.carol.pk), phone=NEW_PHONE)
    # then the audit row shows both numbers masked
    event = AuditEvent.unscoped.filter(action=Action.UPDATE, object_type="accounts.user").latest("pk")
    assert event.object_id == str(world.carol.pk)
    assert event.changes == {"phone": [WORLD_PHONE_MASKED, "139****4321"]}
    # and neither number appears in clear anywhere in the table as the database stores it
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent")
        stored = repr(cursor.fetchall())
    assert WORLD_PHONE_MASKED in stored
    assert WORLD_PHONE not in stored
    assert NEW_PHONE not in stored
