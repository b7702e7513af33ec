"""The safety API: the list's filters and scope, recording a hazard, a workflow step, as the pages do."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.safety.tests.helpers import employer_c, employer_d, record

pytestmark = pytest.mark.django_db


def test_the_hazard_list_is_the_pages_with_its_filters_and_scope(world: World, client_for: Any) -> None:
    mine = record(world, on=date(2026, 3, 2), level="major")
    record(world, on=date(2026, 3, 3), employer=employer_c(world))
    client = client_for(world.bob)
    answer = client.get("/api/v1/safety/hazards/", {"level": "major"}).json()
    assert [row["id"] for row in answer["results"]] == [mine.pk]
    assert answer["results"][0]["level_label"]
    assert client_for(world.bea).get(f"/api/v1/safety/hazards/{mine.pk}/").status_code == 404


def test_recording_a_hazard_and_issuing_its_notice(world: World, client_for: Any) -> None:
    client = client_for(world.carol)
    today = timezone.localdate().isoformat()
    created = client.post(
        "/api/v1/safety/hazards/",
        {
            "employer": employer_c(world).pk,
            "found_on": today,
            "category": "electrical",
            "level": "general",
            "description": "配电箱未上锁",
            "responsible_person": "李主任",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    hazard_id = created.json()["id"]
    step = client.post(
        f"/api/v1/safety/hazards/{hazard_id}/transitions/issue_notice/",
        {"issued_on": today, "measures": "加锁", "responsible_person": "李主任", "rectification_days": 5},
        content_type="application/json",
    )
    assert step.status_code == 200, step.content
    assert step.json()["state"] == "rectifying"
    assert step.json()["due_on"]
    # an employer outside Carol's part of the tree is a 404
    outside = client.post(
        "/api/v1/safety/hazards/",
        {
            "employer": employer_d(world).pk,
            "found_on": today,
            "category": "fire",
            "level": "general",
            "description": "x",
            "responsible_person": "y",
        },
        content_type="application/json",
    )
    assert outside.status_code == 404
