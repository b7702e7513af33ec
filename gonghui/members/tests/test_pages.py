"""Pages: list and search, worker page, join / transfer / change forms, bulk action, export; scope."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.lists import COUNT_CAP
from gonghui.members import services
from gonghui.members.models import Membership, MembershipEvent, Worker
from gonghui.members.tests.factories import make_worker


@pytest.fixture
def zhang(world):
    worker = make_worker(world.carol, world.union_c, name="张三", phone="13800131234")
    services.membership_join(
        actor=world.carol, worker=worker, union=world.union_c, on=timezone.localdate() - timedelta(days=30)
    )
    return worker


def test_the_acceptance_journey(world, client_for, zhang):
    """Carol finds 张三 by pinyin initials and transfers him; Dan sees him come in; a third union sees nothing."""
    carol = client_for(world.carol)
    page = carol.get(reverse("members:worker_list"), {"q": "zs"})
    assert page.status_code == 200
    assert "张三" in page.content.decode()
    worker_page = carol.get(reverse("members:worker_detail", args=[zhang.pk]))
    assert "138****1234" in worker_page.content.decode()
    assert "13800131234" not in worker_page.content.decode()
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=zhang)
    url = reverse("members:membership_transfer", args=[membership.pk])
    assert carol.get(url).status_code == 200
    response = carol.post(url, {"to_union": "丁公司", "on": timezone.localdate().isoformat()})
    assert response.status_code == 200  # not an exact name: the form says so
    assert "丁公司工会委员会" not in response.content.decode()
    response = carol.post(url, {"to_union": "丁公司工会委员会", "on": timezone.localdate().isoformat(), "note": "调动"})
    assert response.status_code == 302
    with system_scope("test"):
        assert MembershipEvent.unscoped.filter(worker=zhang, kind="transfer_in", union=world.union_d).exists()

    dan = client_for(world.dan)
    transfers = dan.get(reverse("members:transfer_list"), {"direction": "in"}).content.decode()
    assert "张三" in transfers
    assert "转入" in transfers or "transferred in" in transfers
    assert dan.get(reverse("members:worker_detail", args=[zhang.pk])).status_code == 200
    assert "张三" in dan.get(reverse("members:worker_list"), {"q": "zhangs"}).content.decode()
    # Carol still sees her side: the worker page with the transfer out.
    assert "丁公司工会委员会" in carol.get(reverse("members:worker_detail", args=[zhang.pk])).content.decode()
    # Bea (township B staff) sees the receiving side; Bob (township A) the sending side.
    assert client_for(world.bea).get(reverse("members:worker_detail", args=[zhang.pk])).status_code == 200
    assert "张三" in client_for(world.bob).get(reverse("members:transfer_list")).content.decode()


def test_intruders_get_404_and_see_nothing(world, client_for, zhang):
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=zhang)
    for user in (world.dan, world.bea):
        client = client_for(user)
        assert client.get(reverse("members:worker_detail", args=[zhang.pk])).status_code == 404
        assert client.get(reverse("members:membership_transfer", args=[membership.pk])).status_code == 404
        assert client.get(reverse("members:membership_change", args=[membership.pk])).status_code == 404
        assert client.get(reverse("members:membership_join", args=[zhang.pk])).status_code == 404
        assert "张三" not in client.get(reverse("members:worker_list"), {"q": "zs"}).content.decode()
        assert "张三" not in client.get(reverse("members:transfer_list")).content.decode()
    # Leaders read figures, not the registry; workers see none of it.
    assert client_for(world.leo).get(reverse("members:worker_list")).status_code == 403
    assert client_for(world.wendy).get(reverse("members:worker_detail", args=[zhang.pk])).status_code == 403


def test_a_recorded_worker_joins_from_their_page(world, client_for):
    worker = make_worker(world.carol, world.union_c, name="李四")
    carol = client_for(world.carol)
    assert "worker-join" in carol.get(reverse("members:worker_detail", args=[worker.pk])).content.decode()
    join = reverse("members:membership_join", args=[worker.pk])
    assert carol.get(join).status_code == 200
    response = carol.post(join, {"union": world.union_c.pk, "on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.member_status == Worker.MemberStatus.ACTIVE
    # Dan cannot pick Carol's union.
    assert client_for(world.dan).post(join, {"union": world.union_c.pk, "on": "2026-01-01"}).status_code == 404


def test_edit_keeps_personal_data_when_left_empty(world, client_for, zhang):
    carol = client_for(world.carol)
    url = reverse("members:worker_edit", args=[zhang.pk])
    page = carol.get(url).content.decode()
    assert "13800131234" not in page
    assert zhang.id_number not in page
    response = carol.post(url, {"name": "张三", "category": "platform", "id_number": "", "phone": ""})
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.category == "platform"
    assert zhang.phone == "13800131234"


def test_change_form_leave(world, client_for, zhang):
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=zhang)
    carol = client_for(world.carol)
    url = reverse("members:membership_change", args=[membership.pk])
    response = carol.post(url, {"action": "leave", "on": timezone.localdate().isoformat(), "reason": ""})
    assert response.status_code == 200  # no reason given
    response = carol.post(url, {"action": "leave", "on": timezone.localdate().isoformat(), "reason": "personal"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT


def test_bulk_dues(world, client_for, zhang):
    carol = client_for(world.carol)
    today = timezone.localdate().isoformat()
    response = carol.post(reverse("members:bulk_action"), {"action": "dues", "on": today, "worker": [zhang.pk]})
    assert response.status_code == 302
    with system_scope("test"):
        assert Membership.unscoped.get(worker=zhang).last_dues_on == timezone.localdate()
    # Dan's bulk action on Carol's member changes nothing.
    client_for(world.dan).post(
        reverse("members:bulk_action"), {"action": "activity", "on": today, "worker": [zhang.pk]}
    )
    with system_scope("test"):
        assert Membership.unscoped.get(worker=zhang).last_activity_on is None


def test_export_in_template_columns_masked_and_audited(world, client_for, zhang):
    """The list's Export button: the member sheet's columns, what the filters show, masked, audited."""
    make_worker(world.carol, world.union_c, name="李四")
    carol = client_for(world.carol)
    page = carol.get(reverse("members:worker_list"), {"q": "zs"})
    export = page.context["export"]
    assert export.url == reverse("sheets:export", args=["members"]) + "?q=zs"
    response = carol.get(export.url)
    assert response.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("姓名", "性别", "出生日期")
    assert [row[0] for row in rows[1:]] == ["张三"] == [w.name for w in page.context["page"].object_list]
    assert rows[1][9] == "138****1234"
    assert zhang.id_number not in str(rows[1])
    assert rows[1][12] == "入会"
    with system_scope("test"):
        assert AuditEvent.unscoped.filter(action="export", actor=world.carol).exists()
    dan = client_for(world.dan).get(reverse("sheets:export", args=["members"]))
    dan_rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(dan.streaming_content))).active.iter_rows(values_only=True)
    )
    assert len(dan_rows) == 1


def test_list_pages_by_keyset_and_counts_at_most_the_cap(world, client_for, django_assert_max_num_queries):
    for index in range(3):
        make_worker(world.carol, world.union_c, name=f"王{index}")
    carol = client_for(world.carol)
    with django_assert_max_num_queries(12) as queries:
        response = carol.get(reverse("members:worker_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.context["page"].total == 3
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all(f"LIMIT {COUNT_CAP + 1}" in sql for sql in counts)


def test_the_worker_page_is_logged_and_within_its_query_budget(world, client_for, zhang, django_assert_max_num_queries):
    carol = client_for(world.carol)
    with django_assert_max_num_queries(20):
        assert carol.get(reverse("members:worker_detail", args=[zhang.pk])).status_code == 200
    with system_scope("test"):
        views = AuditEvent.unscoped.filter(action="view_personal", object_type="members.worker", actor=world.carol)
        assert views.filter(object_id=str(zhang.pk)).count() == 1


def test_follow_up_page(world, client_for, zhang):
    with system_scope("test"):
        Membership.unscoped.filter(worker=zhang).update(last_seen_on=timezone.localdate() - timedelta(days=400))
    page = client_for(world.carol).get(reverse("members:follow_up_list")).content.decode()
    assert "张三" in page
    assert "张三" not in client_for(world.dan).get(reverse("members:follow_up_list")).content.decode()
    assert client_for(world.carol).get(reverse("members:worker_detail", args=[zhang.pk])).status_code == 200
