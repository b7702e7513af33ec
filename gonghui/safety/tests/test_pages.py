"""Safety pages: lists with exports, the hazard page and its steps, inspectors, activities, figures, the panel."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.navigation import items_for
from gonghui.members.services import worker_create
from gonghui.safety.leak_samplers import PNG
from gonghui.safety.models import Hazard, Inspector, SafetyActivity
from gonghui.safety.tests.figure_data import build
from gonghui.safety.tests.helpers import employer_c, record

pytestmark = pytest.mark.django_db


def test_the_hazard_list_shows_the_users_subtree_and_exports_it(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bob)
    html = client.get("/safety/hazards/").content.decode()
    assert rows["on_time"].get_absolute_url() in html
    assert rows["rectifying"].get_absolute_url() not in html
    assert 'data-testid="export"' in html
    response = client.get("/sheets/safety_hazards/export/")
    assert response.status_code == 200
    assert client_for(world.bea).get(rows["on_time"].get_absolute_url()).status_code == 404


def test_record_a_hazard_from_the_employer_and_take_its_steps_in_the_browser_forms(
    world: World, client_for: Any
) -> None:
    employer = employer_c(world)
    client = client_for(world.carol)
    assert employer.name in client.get("/safety/hazards/add/", {"q": "丙机械"}).content.decode()
    today = timezone.localdate()
    response = client.post(
        f"/safety/employers/{employer.pk}/hazards/add/",
        {
            "found_on": today.isoformat(),
            "category": "fire",
            "level": "general",
            "description": f"灭火器过期{MARKER}",
            "responsible_person": "赵科长",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope("the test reads what the page wrote"):
        hazard = Hazard.unscoped.get(description=f"灭火器过期{MARKER}")  # unscoped: the test's check
    detail = client.get(hazard.get_absolute_url()).content.decode()
    assert "/workflow/hazard/" in detail
    step = client.post(
        f"/workflow/hazard/{hazard.pk}/issue_notice/",
        {
            "issued_on": today.isoformat(),
            "measures": "更换灭火器",
            "responsible_person": "赵科长",
            "rectification_days": "10",
            "note": "",
        },
    )
    assert step.status_code == 302, step.content.decode()[:3000]
    hazard.refresh_from_db()
    assert hazard.state == "rectifying"
    assert hazard.due_on is not None
    photo = client.post(f"/safety/hazards/{hazard.pk}/photos/add/", {"image": SimpleUploadedFile("a.png", PNG)})
    assert photo.status_code == 302
    with system_scope("the test reads what the page wrote"):
        photo_id = hazard.photos.get().pk
    assert client.get(f"/safety/photos/{photo_id}/").status_code == 200
    assert client_for(world.bea).get(f"/safety/photos/{photo_id}/").status_code == 404


def test_inspectors_are_workers_of_the_registry(world: World, client_for: Any) -> None:
    with system_scope("test data"):
        worker = worker_create(actor=None, union=world.union_c, name=f"周安全{MARKER}", id_number="110102199003070026")
    client = client_for(world.carol)
    assert worker.name in client.get("/safety/inspectors/add/", {"q": "周安全"}).content.decode()
    response = client.post(
        f"/safety/workers/{worker.pk}/appoint/",
        {"union": world.union_c.pk, "appointed_on": "2025-01-02", "certificate": "AQ-001"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope("the test reads what the page wrote"):
        inspector = Inspector.unscoped.get(worker=worker)  # unscoped: the test's check
    assert worker.name in client.get("/safety/inspectors/").content.decode()
    page = client.get(inspector.get_absolute_url()).content.decode()
    assert "data-confirm" in page
    client.post(f"/safety/inspectors/{inspector.pk}/end/", {"ended_on": "2025-06-30"})
    inspector.refresh_from_db()
    assert inspector.ended_on == date(2025, 6, 30)
    assert client_for(world.bea).get(inspector.get_absolute_url()).status_code == 404


def test_activities_are_recorded_per_employer_and_the_employer_page_shows_the_panel(
    world: World, client_for: Any
) -> None:
    employer = employer_c(world)
    record(world, on=date(2026, 3, 2))
    client = client_for(world.carol)
    response = client.post(
        f"/safety/employers/{employer.pk}/activities/add/",
        {"kind": "ankang_cup", "held_on": "2026-04-28", "participants": "80", "note": ""},
    )
    assert response.status_code == 302
    with system_scope("the test reads what the page wrote"):
        assert SafetyActivity.unscoped.filter(employer=employer, kind="ankang_cup").count() == 1  # unscoped: check
    assert count_list_rows(client, f"/safety/activities/?employer={employer.pk}") == 1
    page = client.get(f"/organisations/employers/{employer.pk}/").content.decode()
    assert 'data-testid="employer-safety"' in page
    assert f"/safety/employers/{employer.pk}/hazards/add/" in page


def test_the_figures_page_links_each_number_to_its_list(world: World, client_for: Any) -> None:
    build(world)
    client = client_for(world.alice)
    page = client.get("/safety/figures/")
    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures.total.figures["found"].value == 4
    assert figures.total.figures["on_time"].value == 1
    assert figures.total.figures["major"].value == 1
    assert figures.activities[0].figures["ankang_cup"].value == 1
    assert figures.activities[0].figures["inspection"].value == 1
    for line in [figures.total, *figures.townships, *figures.activities]:
        for figure in line.figures.values():
            if figure.url:
                assert count_list_rows(client, figure.url) == figure.value, figure.key
    # the leader reads the numbers and opens the hazard list behind them
    leader = client_for(world.leo)
    leo = leader.get("/safety/figures/")
    assert leo.status_code == 200
    linked = [f for f in leo.context["figures"].all() if f.url]
    assert linked
    assert all(count_list_rows(leader, f.url) == f.value for f in linked if "/safety/hazards/" in f.url)


def test_the_navigation_names_the_pages_for_those_who_may_open_them(world: World) -> None:
    def names(user: Any) -> set[str]:
        return {item["name"] for section in items_for(user) for item in section["items"]}

    assert {"safety:hazard_list", "safety:inspector_list", "safety:figures"} <= names(world.bob)
    assert "safety:figures" not in names(world.carol)
    assert "safety:hazard_list" not in names(world.will)
    assert names(world.leo) & {"safety:hazard_list", "safety:inspector_list"} == {"safety:hazard_list"}


def test_the_rectification_notice_prints_in_chinese_with_its_due_day(world: World, client_for: Any, tmp_path) -> None:
    from gonghui.core.documents.testing import flat, pdf_text
    from gonghui.safety.tests.helpers import issue_notice

    hazard = issue_notice(world, record(world, on=date(2026, 9, 24)), on=date(2026, 9, 24), days=7)
    client = client_for(world.carol)
    response = client.get(f"/safety/hazards/{hazard.pk}/notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = flat(pdf_text(content, tmp_path))
    assert "整改通知书" in text
    assert "丙机械厂" in text
    assert "2026年10月8日前整改完毕" in text
    assert "安全生产法" in text
    assert "7日" in text
    assert client_for(world.bea).get(f"/safety/hazards/{hazard.pk}/notice.pdf").status_code == 404
