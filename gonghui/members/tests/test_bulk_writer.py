"""The core bulk writer: ids before the insert, personal data and derived columns as ``save()`` leaves them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.core.demo.bulk import BulkWriter, Ids, Row, blind_index_of, derive, write
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Membership, MembershipEvent, Worker
from gonghui.members.services import default_card_number, worker_search_fields
from gonghui.organisations.models import Employer, UnionProfile

ID_NUMBER = "11010519491231002x"  # lower-case x: stored upper-case, as the field normalises it


def _worker(world: World, **fields: Any) -> Row:
    values: dict[str, Any] = {
        "union_id": world.union_c.pk,
        "name": "曾小红",
        "id_number": ID_NUMBER,
        "sex": Worker.Sex.FEMALE,
        "birth_date": date(1949, 12, 31),
        "phone": "138 0013 1234",
        "category": Worker.Category.REGULAR,
        "member_status": Worker.MemberStatus.ACTIVE,
        "card_number": None,
    }
    values.update(fields)
    return Row(**values)


def test_rows_get_ids_before_the_insert_and_reference_each_other(world: World) -> None:
    # given a writer, a worker and a membership pointing at it, before anything is written
    writer = BulkWriter()
    worker = writer.add(Worker, _worker(world))
    worker.card_number = default_card_number(worker.id, date(2020, 3, 1))
    membership = writer.add(
        Membership,
        Row(
            worker_id=worker.id,
            union_id=world.union_c.pk,
            employer_id=None,
            joined_on=date(2020, 3, 1),
            last_dues_on=date(2026, 10, 1),
            last_activity_on=None,
        ),
    )
    writer.add(
        MembershipEvent,
        Row(
            membership_id=membership.id,
            worker_id=worker.id,
            union_id=world.union_c.pk,
            kind="join",
            on=date(2020, 3, 1),
        ),
        with_id=False,
    )
    with system_scope("test"):
        assert not Worker.unscoped.filter(pk=worker.id).exists()
        # when it flushes
        writer.flush()
        # then the rows are there, linked by the ids given beforehand
        stored = Membership.unscoped.select_related("worker").get(pk=membership.id)
        assert stored.worker.card_number == f"2020{worker.id:010d}"
        assert MembershipEvent.unscoped.get(membership_id=membership.id).worker_id == worker.id
        # and the row's derived column is what save() computes
        assert stored.last_seen_on == date(2026, 10, 1)


def test_personal_data_is_encrypted_and_indexed_by_the_fields(world: World) -> None:
    written = write(Worker, [_worker(world)])[0]
    with system_scope("test"):
        stored = Worker.unscoped.get(pk=written.id)
        # the value reads back normalised, and the blind index finds it as the ORM would
        assert stored.id_number == ID_NUMBER.upper()
        assert stored.phone == "13800131234"
        assert Worker.unscoped.filter(id_number__matches=ID_NUMBER).get() == stored
        assert Worker.unscoped.filter(phone__matches="13800131234").get() == stored
        assert stored.id_number_hash == blind_index_of(Worker, "id_number", ID_NUMBER)
        # nothing plain in the columns themselves
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number, phone FROM members_worker WHERE id = %s", [written.id])
            raw_id, raw_phone = cursor.fetchone()
        assert ID_NUMBER.upper() not in raw_id
        assert "1234" not in raw_phone
        # the search columns as the worker services compute them
        expected = worker_search_fields("曾小红", "13800131234")
        assert {key: getattr(stored, key) for key in expected} == expected
        assert stored.pinyin == "zengxiaohong"


def test_timestamps_set_on_a_row_are_kept_and_empty_ones_stamped(world: World) -> None:
    now = timezone.now()
    back = timezone.make_aware(datetime(2019, 5, 6, 10, 30))
    old, new = write(
        Worker,
        [_worker(world, created_at=back, updated_at=back), _worker(world, id_number="110105194912310029")],
        now=now,
    )
    with system_scope("test"):
        assert Worker.unscoped.get(pk=old.id).created_at == back
        stamped = Worker.unscoped.get(pk=new.id)
        assert stamped.created_at == stamped.updated_at == now


def test_derived_columns_are_those_save_computes(world: World) -> None:
    # given the same employer and profile written by save() and by the writer
    with system_scope("test"):
        saved = Employer(union=world.township_a, name="青山县甲公司", headcount=120)
        saved.save()
        profile = UnionProfile(union=world.union_c, elected_on=date(2023, 6, 30), term_years=3)
        profile.save()
        UnionProfile.unscoped.filter(pk=profile.pk).delete()
    bulk = write(Employer, [Employer(union=world.township_a, name="青山县乙公司", headcount=120)])[0]
    row = write(UnionProfile, [UnionProfile(union=world.union_c, elected_on=date(2023, 6, 30), term_years=3)])[0]
    with system_scope("test"):
        # then the columns save() derives are the same
        assert Employer.unscoped.get(pk=bulk.pk).size_band == saved.size_band != ""
        assert UnionProfile.unscoped.get(pk=row.pk).re_election_due == profile.re_election_due == date(2026, 6, 30)


def test_derive_sets_the_columns_of_an_update_too(world: World) -> None:
    worker = Worker(name="单田芳", phone="13900001111")
    derive(Worker, worker)
    assert (worker.pinyin, worker.pinyin_initials, worker.phone_last4) == ("shantianfang", "stf", "1111")


def test_blocks_of_ids_never_repeat_ids_handed_out_and_not_yet_written(world: World) -> None:
    ids = Ids(block=3)
    first = [ids.next(Worker) for _ in range(5)]  # two blocks, neither written yet
    more = ids.take(Worker, 4)
    assert first == sorted(first)
    assert len(set(first + more)) == 9
    assert min(more) > max(first)


@pytest.mark.parametrize("value", [None, ""])
def test_empty_personal_values_stay_empty(world: World, value: Any) -> None:
    written = write(Worker, [_worker(world, phone=value)])[0]
    with system_scope("test"):
        stored = Worker.unscoped.get(pk=written.id)
        assert stored.phone in (None, "")
        assert stored.phone_hash is None
        assert stored.phone_last4 == ""


def test_a_later_writer_continues_after_the_rows_written(world: World) -> None:
    first = write(Worker, [_worker(world)])[0]
    second = write(Worker, [_worker(world, id_number="110105194912310029")])[0]
    assert second.id > first.id
    # and the database's own inserts continue after both (PostgreSQL: the sequence moved)
    with system_scope("test"):
        third = Worker.unscoped.create(
            union=world.union_c,
            name="王五",
            id_number="110105194912310037",
            sex=Worker.Sex.MALE,
            birth_date=date(1949, 12, 31) + timedelta(days=0),
            category=Worker.Category.REGULAR,
        )
    assert third.pk > second.id


def test_a_helper_prepares_the_values_and_a_batch_is_written_at_the_next_flush(world: World) -> None:
    # given a writer with a helper process and two batches of a worker and its membership
    numbers = ["110105194912310029", "110105194912310037"]
    with BulkWriter(helper=True) as writer:
        first = writer.add(Worker, _worker(world, id_number=numbers[0]))
        writer.add(
            Membership,
            Row(
                worker_id=first.id,
                union_id=world.union_c.pk,
                employer_id=None,
                joined_on=date(2020, 3, 1),
                last_dues_on=None,
                last_activity_on=None,
            ),
        )
        writer.flush()  # handed over: not written yet
        with system_scope("test"):
            assert not Worker.unscoped.filter(pk=first.id).exists()
        second = writer.add(Worker, _worker(world, id_number=numbers[1], name="单田芳"))
        writer.flush()  # the first batch is written, the second handed over
        with system_scope("test"):
            assert Worker.unscoped.filter(pk=first.id).exists()
            assert not Worker.unscoped.filter(pk=second.id).exists()
        writer.finish()
    # then both are written as the writer without a helper writes them
    serial = write(Worker, [_worker(world, id_number="110105194912310045", name="单田芳")])[0]
    with system_scope("test"):
        assert Membership.unscoped.get(worker_id=first.id).last_seen_on == date(2020, 3, 1)
        helped = Worker.unscoped.get(pk=second.id)
        plain = Worker.unscoped.get(pk=serial.id)
    assert helped.id_number == numbers[1]
    assert helped.id_number_hash == blind_index_of(Worker, "id_number", numbers[1])
    assert helped.phone_hash == plain.phone_hash == blind_index_of(Worker, "phone", "13800131234")
    for column in ("pinyin", "pinyin_initials", "name_grams", "phone_last4", "phone", "birth_date", "sex"):
        assert getattr(helped, column) == getattr(plain, column), column
    assert helped.pinyin == "shantianfang"
    assert writer.written == {Worker: 2, Membership: 1}


def test_closing_a_writer_drops_what_its_helper_holds_and_stops_it(world: World) -> None:
    import multiprocessing

    writer = BulkWriter(helper=True)
    worker = writer.add(Worker, _worker(world))
    writer.flush()
    assert multiprocessing.active_children()
    writer.close()
    assert not multiprocessing.active_children()
    with system_scope("test"):
        assert not Worker.unscoped.filter(pk=worker.id).exists()


def test_a_failure_in_the_helper_surfaces_where_its_batch_is_written(world: World) -> None:
    with BulkWriter(helper=True) as writer:
        row = _worker(world)
        del row.name  # the search columns cannot be derived
        writer.add(Worker, row)
        writer.flush()
        with pytest.raises(AttributeError):
            writer.finish()
