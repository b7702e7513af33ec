"""Worker requests in the API: the caller's subtree, 404 outside it, masked contact, recording through the
service; the signed-out visitor reaches nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gonghui.core.testing.world import MARKER, World
from gonghui.requests.tests.figure_data import build

API = "/api/v1/requests/requests/"


def test_the_list_answers_the_callers_subtree_masked(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bob)
    results = client.get(API).json()["results"]
    codes = {row["code"] for row in results}
    assert rows["a"].code in codes
    assert rows["b"].code not in codes
    assert {row["contact_phone"] for row in results} == {"137****5678"}
    assert client.get(API, {"q": "x" * 101}).status_code == 400


def test_another_subtree_is_a_404(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bea)
    assert client.get(f"{API}{rows['a'].pk}/").status_code == 404
    assert client.get(f"{API}{rows['b'].pk}/").json()["code"] == rows["b"].code


def test_recording_goes_through_the_service(world: World, client_for: Any) -> None:
    client = client_for(world.carol)
    payload = {
        "channel": "hotline",
        "received_on": "2026-05-11",
        "union": world.union_c.pk,
        "category": "wages",
        "employer_name": f"接口单位{MARKER}",
        "contact_name": "钱七",
        "description": "工资",
    }
    created = client.post(API, payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["union"] == world.union_c.pk
    refused = client.post(API, {**payload, "union": world.union_d.pk}, content_type="application/json")
    assert refused.status_code == 400


def test_the_signed_out_visitor_reaches_nothing(world: World) -> None:
    rows = build(world)
    anonymous = Client()
    assert anonymous.get(API).status_code in (401, 403)
    assert anonymous.get(f"{API}{rows['a'].pk}/").status_code in (401, 403)
    assert anonymous.post(API, {}, content_type="application/json").status_code in (401, 403)
