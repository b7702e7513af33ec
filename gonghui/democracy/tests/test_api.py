"""The democracy API: the lists' scope, a bargaining request, the terms refused below the minimum wage, a step."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.core.testing.world import World
from gonghui.democracy.tests import factories
from gonghui.democracy.tests.figure_data import build

pytestmark = pytest.mark.django_db


def test_the_contract_list_is_the_pages_with_its_scope(world: World, client_for: Any) -> None:
    rows = build(world)["contracts"]
    answer = client_for(world.bob).get("/api/v1/democracy/contracts/", {"kind": "wage"}).json()
    assert [row["id"] for row in answer["results"]] == [rows["wage"].pk]
    assert client_for(world.bea).get(f"/api/v1/democracy/contracts/{rows['wage'].pk}/").status_code == 404
    assert client_for(world.bob).get("/api/v1/democracy/employers/", {"contract": "yes"}).status_code == 200


def test_a_bargaining_request_its_terms_and_its_reply(world: World, client_for: Any) -> None:
    firm = factories.employer(world)
    client = client_for(world.bob)
    created = client.post(
        "/api/v1/democracy/contracts/",
        {"employer": firm.pk, "kind": "wage", "requested_by": "union", "requested_on": "2025-09-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    contract_id = created.json()["id"]
    refused = client.patch(
        f"/api/v1/democracy/contracts/{contract_id}/", {"minimum_wage": "1800"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "1,800.00" in str(refused.json())
    step = client.post(
        f"/api/v1/democracy/contracts/{contract_id}/transitions/reply/",
        {"replied_on": "2025-09-10"},
        content_type="application/json",
    )
    assert step.status_code == 200, step.content
    assert step.json()["state"] == "negotiating"
