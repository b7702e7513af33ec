"""Skills training in the API: the lists' rows in the caller's subtree, 404 outside it, writes through the services."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.training.models import Course
from gonghui.training.tests.figure_data import build

pytestmark = pytest.mark.django_db
COURSES = "/api/v1/training/courses/"
TRAINEES = "/api/v1/training/trainees/"


def test_the_lists_answer_the_callers_subtree(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bob)
    titles = [row["title"] for row in client.get(COURSES).json()["results"]]
    assert rows["course_a"].title in titles
    assert rows["course_b"].title not in titles
    certified = client.get(TRAINEES, {"status": "certified"}).json()["results"]
    assert [row["id"] for row in certified] == [rows["done"].pk]
    assert certified[0]["certificate_number"]
    assert client_for(world.bea).get(f"{TRAINEES}{rows['done'].pk}/").status_code == 404
    assert client_for(world.bea).get(f"{COURSES}{rows['course_a'].pk}/").status_code == 404


def test_create_and_update_go_through_the_services(world: World, client_for: Any) -> None:
    client = client_for(world.carol)
    body = {
        "union": world.union_c.pk,
        "title": f"接口班{MARKER}",
        "provider": "培训中心",
        "category": "ecommerce",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "hours": 12,
        "sessions": 2,
        "place": "镇文化站",
        "capacity": 20,
        "funding": "free",
        "attendance_threshold": 80,
        "assessment_required": True,
    }
    created = client.post(COURSES, body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client.patch(f"{COURSES}{pk}/", {"capacity": 25}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["capacity"] == 25
    refused = client.post(COURSES, {**body, "union": world.union_d.pk}, content_type="application/json")
    assert refused.status_code == 400
    with system_scope("the test reads what the API wrote"):
        assert Course.unscoped.get(pk=pk).capacity == 25  # unscoped: the test checks the row itself
        events = AuditEvent.objects.filter(object_type="training.course", object_id=str(pk))
        assert sorted(events.values_list("action", flat=True)) == ["create", "update"]
