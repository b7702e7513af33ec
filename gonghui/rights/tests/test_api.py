"""The API serves the pages' lists, objects and writes with the same scope."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.rights.tests.factories import make_employer
from gonghui.rights.tests.figure_data import build


def test_lists_and_objects_keep_the_scope(world: World, client_for: Any) -> None:
    rows = build(world)
    bob, bea = client_for(world.bob), client_for(world.bea)
    for path in ("alerts", "disputes", "committees"):
        answer = bob.get(f"/api/v1/rights/{path}/")
        assert answer.status_code == 200, path
        assert answer.json()["count"] > 0
        assert MARKER not in bea.get(f"/api/v1/rights/{path}/").content.decode()
    assert bob.get(f"/api/v1/rights/alerts/{rows['a'].pk}/").json()["level"] == "red"
    assert bea.get(f"/api/v1/rights/alerts/{rows['a'].pk}/").status_code == 404
    assert bob.get("/api/v1/rights/alerts/?level=red").json()["count"] == 1


def test_a_signal_is_recorded_through_the_service(world: World, client_for: Any) -> None:
    employer = make_employer(world.union_c, name=f"接口测试厂{MARKER}")
    client = client_for(world.bob)
    answer = client.post(
        "/api/v1/rights/alerts/",
        {
            "employer": employer.name,
            "signal": "wage_arrears",
            "observed_on": timezone.localdate().isoformat(),
            "workers": 12,
        },
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies.get("csrftoken").value if client.cookies.get("csrftoken") else ""},
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["level"] == "yellow"
    steps = client.get(f"/api/v1/rights/alerts/{answer.json()['id']}/transitions/").json()
    assert "report" in {step["name"] for step in steps}
