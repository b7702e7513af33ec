"""Workers: ID validation and derivation, one record per ID number, pinyin, reference data, scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from gonghui.core.audit.models import AuditEvent
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.members import selectors, services
from gonghui.members.models import Worker
from gonghui.members.pinyin import name_pinyin
from gonghui.members.tests.factories import id_number, make_worker, with_check_digit


def test_sex_and_birth_date_come_from_the_id_number(world):
    number = id_number(date(1985, 12, 31), male=False)
    worker = make_worker(world.carol, world.union_c, id_number=number.lower())
    assert worker.birth_date == date(1985, 12, 31)
    assert worker.sex == Worker.Sex.FEMALE
    assert worker.id_number == number.upper()
    male = make_worker(world.carol, world.union_c, name="李四", id_number=id_number(date(2000, 1, 2), male=True))
    assert male.sex == Worker.Sex.MALE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010119900307123", "length"),
        ("110101900307123", "old_format"),
        (with_check_digit("11010119900230123"), "birth_date"),
        (with_check_digit("11010121900101123"), "birth_date"),
    ],
)
def test_invalid_id_numbers_are_refused_with_a_clear_message(world, value, message):
    with pytest.raises(ValidationError) as exc:
        make_worker(world.carol, world.union_c, id_number=value)
    assert [e.code for e in exc.value.error_dict["id_number"]] == [message]


def test_a_wrong_check_digit_is_refused(world):
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        make_worker(world.carol, world.union_c, id_number=bad)
    assert [e.code for e in exc.value.error_dict["id_number"]] == ["checksum"]


def test_the_id_number_is_stored_encrypted_and_found_through_the_blind_index(world):
    number = id_number()
    worker = make_worker(world.carol, world.union_c, id_number=number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM members_worker WHERE id = %s", [worker.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("v1:")
    assert number not in raw
    with system_scope("test"):
        assert Worker.unscoped.filter(id_number__matches=number).get() == worker


def test_one_worker_per_id_number_across_the_county(world):
    number = id_number()
    make_worker(world.carol, world.union_c, id_number=number)
    # Dan cannot see Carol's worker, and still may not register the same person again.
    with pytest.raises(ValidationError) as exc:
        make_worker(world.dan, world.union_d, name="张三", id_number=number)
    assert "id_number" in exc.value.message_dict


def test_card_numbers_are_unique(world):
    make_worker(world.carol, world.union_c, card_number="C0001")
    with pytest.raises(ValidationError) as exc:
        make_worker(world.dan, world.union_d, name="王五", card_number="C0001")
    assert "card_number" in exc.value.message_dict


def test_pinyin_is_stored_at_write_time_with_surname_readings():
    assert name_pinyin("张三") == ("zhangsan", "zs")
    assert name_pinyin("曾小明") == ("zengxiaoming", "zxm")
    assert name_pinyin("单田芳")[0].startswith("shan")
    assert name_pinyin("解 放") == ("xiefang", "xf")
    assert name_pinyin("区") == ("ou", "o")


def test_reference_fields_accept_names_and_codes(world, reference):
    worker = make_worker(
        world.carol,
        world.union_c,
        ethnic_group="汉",
        education="本科",
        skill_level="高级技师",
        household_type="农业户口",
        employment_status="在岗",
        political_status="01",
        phone="+86 138 0013 1234",
    )
    assert worker.ethnic_group_id == "01"
    assert worker.education_id == "21"
    assert worker.skill_level_id == "1"
    assert worker.household_type_id == "1"
    assert worker.employment_status_id == "01"
    assert worker.political_status_id == "01"
    assert worker.phone == "13800131234"
    assert worker.phone_last4 == "1234"
    with pytest.raises(ValidationError) as exc:
        make_worker(world.carol, world.union_c, name="赵六", ethnic_group="火星族")
    assert "ethnic_group" in exc.value.message_dict


def test_a_bad_phone_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_worker(world.carol, world.union_c, phone="12345")
    assert "phone" in exc.value.message_dict


def test_create_is_audited_with_personal_data_masked(world):
    number = id_number()
    worker = make_worker(world.carol, world.union_c, id_number=number, phone="13800131234")
    with system_scope("test"):
        event = AuditEvent.unscoped.get(object_type="members.worker", object_id=str(worker.pk))
    assert event.action == "create"
    assert number not in str(event.changes)
    assert "13800131234" not in str(event.changes)


def test_scope_create_outside_is_404_and_permission_is_checked(world):
    with pytest.raises(Http404):
        make_worker(world.carol, world.union_d)
    with pytest.raises(PermissionDenied):
        make_worker(world.leo, world.union_c)


def test_worker_update_rederives_from_a_corrected_id_number(world):
    worker = make_worker(world.carol, world.union_c)
    corrected = id_number(date(1970, 5, 6), male=False)
    services.worker_update(actor=world.carol, worker=worker, id_number=corrected, name="张三丰")
    worker.refresh_from_db()
    assert worker.birth_date == date(1970, 5, 6)
    assert worker.sex == Worker.Sex.FEMALE
    assert (worker.pinyin, worker.pinyin_initials) == ("zhangsanfeng", "zsf")


def test_workers_are_seen_only_in_scope(world):
    worker = make_worker(world.carol, world.union_c)
    assert selectors.get_worker_for_user(world.bob, worker.pk) == worker
    assert selectors.get_worker_for_user(world.alice, worker.pk) == worker
    for intruder in (world.dan, world.bea):
        with pytest.raises(Http404):
            selectors.get_worker_for_user(intruder, worker.pk)
        assert list(selectors.workers_for_user(intruder)) == []
    with acting_as(world.dan):
        assert not Worker.objects.filter(pk=worker.pk).exists()


def test_bulk_helpers_take_plain_values():
    assert services.worker_search_fields("张三", "13800131234") == {
        "pinyin": "zhangsan",
        "pinyin_initials": "zs",
        "name_grams": "张 三 张三",
        "phone_last4": "1234",
    }
    assert services.worker_search_fields("张三", None)["phone_last4"] == ""
    derived = services.worker_derived_fields(id_number(date(1999, 9, 9)))
    assert derived["birth_date"] == date(1999, 9, 9)
    with pytest.raises(ValidationError):
        services.worker_derived_fields("123")


def test_a_view_of_a_workers_record_is_audited_under_the_workers_union(world):
    """Who looked at a member is for the member's union to see, like every row about the member."""
    worker = make_worker(world.carol, world.union_c)
    services.worker_viewed(actor=world.bob, worker=worker)  # township A's staff
    row = AuditEvent.unscoped.get(object_type="members.worker", object_id=str(worker.pk), action="view_personal")
    assert (row.actor_id, row.union_id) == (world.bob.pk, world.union_c.pk)
