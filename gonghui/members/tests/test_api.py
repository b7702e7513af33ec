"""The member registry in the API: the pages' lists and writes; ID and mobile numbers always masked."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.exports import export_of
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.models import Membership, Worker
from gonghui.members.tests.factories import id_number, make_worker

WORKERS = "/api/v1/members/workers/"
JSON = "application/json"


@pytest.fixture
def registry(world: World) -> dict[str, Worker]:
    """Three members of Carol's union, one of Dan's; 王五 transferred from Carol's union to Dan's."""
    today = timezone.localdate()
    workers = {
        "zhang": make_worker(world.carol, world.union_c, name="张三", phone="13800131234"),
        "li": make_worker(world.carol, world.union_c, name="李四", category=Worker.Category.MIGRANT),
        "wang": make_worker(world.carol, world.union_c, name="王五", category=Worker.Category.MIGRANT),
        "ding": make_worker(world.dan, world.union_d, name="丁六", category=Worker.Category.MIGRANT),
    }
    for key, worker in workers.items():
        actor, union = (world.dan, world.union_d) if key == "ding" else (world.carol, world.union_c)
        services.membership_join(actor=actor, worker=worker, union=union, on=today - timedelta(days=400))
    with system_scope("test"):
        wang = Membership.unscoped.get(worker=workers["wang"])
    services.membership_transfer(actor=world.carol, membership=wang, to_union=world.union_d, on=today)
    for worker in workers.values():
        worker.refresh_from_db()
    return workers


@pytest.mark.parametrize("query", [{}, {"category": "migrant"}, {"q": "zs"}, {"status": "active"}])
def test_the_worker_list_answers_the_rows_the_page_and_its_export_show(
    world: World, client_for: Any, registry: dict[str, Worker], query: dict[str, str]
) -> None:
    carol = client_for(world.carol)
    exported = export_of(carol, reverse("members:worker_list"), query)
    answered = carol.get(WORKERS, query).json()
    assert [row["name"] for row in answered["results"]] == exported.column("姓名")
    assert answered["count"] == exported.page.total


def test_id_and_mobile_numbers_are_masked_in_every_answer(
    world: World, client_for: Any, registry: dict[str, Worker]
) -> None:
    zhang = registry["zhang"]
    carol = client_for(world.carol)
    row = carol.get(WORKERS, {"q": "zs"}).json()["results"][0]
    assert row["id_number"] == zhang.id_number[:6] + "********" + zhang.id_number[-4:]
    assert row["phone"] == "138****1234"
    detail = carol.get(f"{WORKERS}{zhang.pk}/")
    assert detail.json()["id_number"] == row["id_number"]
    for url in (WORKERS, f"{WORKERS}{zhang.pk}/", "/api/v1/members/transfers/", "/api/v1/members/follow-up/"):
        body = carol.get(url).content.decode()
        assert zhang.id_number not in body, url
        assert "13800131234" not in body, url
    # opening a worker is recorded, as on the worker's page (who viewed whose personal data)
    with system_scope("the test reads the audit log"):
        assert AuditEvent.objects.filter(
            object_type="members.worker", object_id=str(zhang.pk), action="view_personal"
        ).exists()


def test_the_keyset_pages_walk_every_row_once(world: World, client_for: Any, registry: dict[str, Worker]) -> None:
    carol = client_for(world.carol)
    page = carol.get(WORKERS, {"limit": 1}).json()
    walked = [row["name"] for row in page["results"]]
    while page["next"]:
        page = carol.get(page["next"]).json()
        walked += [row["name"] for row in page["results"]]
    assert sorted(walked) == sorted(export_of(carol, reverse("members:worker_list")).column("姓名"))
    assert page["count"] == len(walked)


def test_an_outsider_sees_no_row_and_no_worker(world: World, client_for: Any, registry: dict[str, Worker]) -> None:
    dan = client_for(world.dan)
    names = [row["name"] for row in dan.get(WORKERS).json()["results"]]
    assert "张三" not in names
    assert "丁六" in names
    assert dan.get(f"{WORKERS}{registry['zhang'].pk}/").status_code == 404


def test_a_member_is_added_and_changed_through_the_page_forms(world: World, client_for: Any) -> None:
    carol = client_for(world.carol)
    number = id_number(date(1991, 2, 3))
    added = carol.post(
        WORKERS,
        {"name": "赵七", "id_number": number, "phone": "13900001111", "category": "migrant"},
        content_type=JSON,
    )
    assert added.status_code == 201, added.content
    worker = added.json()
    # the union and the joining date are what the page's form starts with: Carol's union, today
    assert (worker["union"], worker["member_status"], worker["name"]) == (world.union_c.pk, "active", "赵七")
    assert worker["id_number"] == number[:6] + "********" + number[-4:]

    changed = carol.patch(f"{WORKERS}{worker['id']}/", {"native_place": "浙江宁波"}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert changed.json()["native_place"] == "浙江宁波"
    with system_scope("the test reads the row and its audit"):
        stored = Worker.unscoped.get(pk=worker["id"])  # unscoped: the test checks the row itself
        assert stored.id_number == number  # left out of the PATCH: kept, as the page keeps it
        actions = AuditEvent.objects.filter(object_type="members.worker", object_id=str(worker["id"]))
        assert {"create", "update"} <= set(actions.values_list("action", flat=True))


def test_a_bad_id_number_is_refused_with_the_forms_message(world: World, client_for: Any) -> None:
    refused = client_for(world.carol).post(
        WORKERS, {"name": "钱八", "id_number": "110101199001011230", "category": "employee"}, content_type=JSON
    )
    assert refused.status_code == 400
    assert "id_number" in refused.json()


def test_a_worker_seen_through_a_past_membership_is_not_changed_here(
    world: World, client_for: Any, registry: dict[str, Worker]
) -> None:
    # 王五 left Carol's union for Dan's: Carol still sees the record but does not keep it
    carol = client_for(world.carol)
    wang = registry["wang"]
    assert carol.get(f"{WORKERS}{wang.pk}/").status_code == 200
    assert carol.patch(f"{WORKERS}{wang.pk}/", {"native_place": "x"}, content_type=JSON).status_code == 403
    # and the assistance centre, which reads workers, writes none
    assert client_for(world.ann).post(WORKERS, {"name": "x"}, content_type=JSON).status_code == 403


def test_a_page_of_workers_costs_the_same_queries_whatever_its_length(
    world: World, client_for: Any, registry: dict[str, Worker]
) -> None:
    carol = client_for(world.carol)

    def queries(limit: int) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = carol.get(WORKERS, {"limit": limit}).json()["results"]
        return len(captured.captured_queries), len(rows)

    one, many = queries(1), queries(50)
    assert (one[1], many[1]) == (1, 2)
    assert one[0] == many[0]
