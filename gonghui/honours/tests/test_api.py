"""Honours in the API: the lists in the caller's subtree, 404 outside it, masked phones, writes through the services."""

from __future__ import annotations

from typing import Any

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.honours.models import ModelWorker
from gonghui.honours.tests.figure_data import build

API = "/api/v1/honours/"


def test_the_lists_answer_the_callers_subtree(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bob)
    names = [row["name"] for row in client.get(f"{API}nominations/").json()["results"]]
    assert rows["a"].name in names
    assert rows["b"].name not in names
    workers = client.get(f"{API}model-workers/").json()["results"]
    assert [w["name"] for w in workers] == [rows["model_worker_a"].name]
    assert client.get(f"{API}campaigns/").json()["results"][0]["title"] == rows["campaign"].title
    assert client_for(world.bea).get(f"{API}nominations/{rows['a'].pk}/").status_code == 404
    assert client_for(world.bea).get(f"{API}model-workers/{rows['model_worker_a'].pk}/").status_code == 404
    assert client.get(f"{API}care/").json()["results"][0]["kind"] == "health_check"


def test_create_and_update_a_model_worker_go_through_the_services(world: World, client_for: Any) -> None:
    client = client_for(world.bob)
    created = client.post(
        f"{API}model-workers/",
        {
            "union": world.union_c.pk,
            "name": f"接口劳模{MARKER}",
            "level": "city",
            "honour": "市劳动模范",
            "honoured_year": 2018,
            "status": "in_post",
            "phone": "13700001234",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["phone"] != "13700001234"
    assert body["phone"].startswith("137")
    changed = client.patch(
        f"{API}model-workers/{body['id']}/", {"honour": "市五一劳动奖章"}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    with system_scope("the test reads what the API wrote"):
        obj = ModelWorker.unscoped.get(pk=body["id"])  # unscoped: the test checks the row itself
        assert obj.honour == "市五一劳动奖章"
        assert obj.phone == "13700001234"
        events = AuditEvent.objects.filter(object_type="honours.modelworker", object_id=str(obj.pk))
        assert sorted(events.values_list("action", flat=True)) == ["create", "update"]
    refused = client.post(
        f"{API}model-workers/",
        {
            "union": world.union_d.pk,
            "name": "越权",
            "level": "city",
            "honour": "x",
            "honoured_year": 2018,
            "status": "in_post",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
