"""Staff pages: the list in the user's subtree with its filters and export, a request's page, recording
a call or a visit, the figures; the navigation."""

from __future__ import annotations

from datetime import date
from typing import Any

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.navigation import items_for
from gonghui.requests.figures import request_figures
from gonghui.requests.tests.figure_data import build
from gonghui.requests.tests.helpers import PHONE, all_requests, employer_with_union, record


def test_the_list_shows_the_users_subtree_and_exports_it_masked(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bob)
    html = client.get("/requests/").content.decode()
    assert rows["a"].display_code in html
    assert rows["b"].display_code not in html
    assert 'data-testid="export"' in html
    export = client.get("/sheets/worker_requests/export/")
    assert export.status_code == 200
    assert client.get("/requests/", {"category": "wages"}).status_code == 200
    assert rows["answered"].display_code not in client.get("/requests/", {"category": "wages"}).content.decode()


def test_a_request_page_masks_the_contact_and_another_subtree_is_a_404(world: World, client_for: Any) -> None:
    rows = build(world)
    page = client_for(world.carol).get(f"/requests/{rows['a'].pk}/").content.decode()
    assert "137****5678" in page
    assert "13712345678" not in page
    assert client_for(world.bea).get(f"/requests/{rows['a'].pk}/").status_code == 404
    assert client_for(world.bea).get(f"/requests/{rows['b'].pk}/").status_code == 200


def test_staff_record_a_hotline_call_routed_to_the_employers_union(world: World, client_for: Any) -> None:
    employer = employer_with_union(world)
    client = client_for(world.bob)
    assert client.get("/requests/add/").status_code == 200
    response = client.post(
        "/requests/add/",
        {
            "channel": "hotline",
            "received_on": "2026-05-11",
            "union": world.township_a.pk,
            "category": "injury",
            "employer": employer.pk,
            "employer_name": "丙",
            "contact_name": "赵六",
            "contact_phone": PHONE,
            "description": f"工伤认定{MARKER}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    (request,) = all_requests()
    assert request.union_id == world.union_c.pk
    assert request.recorded_by_id == world.bob.pk
    assert request.received_on == date(2026, 5, 11)
    with system_scope("the test reads the audit"):
        events = AuditEvent.objects.filter(object_type="requests.request", object_id=str(request.pk))
        assert "create" in set(events.values_list("action", flat=True))


def test_a_union_outside_the_subtree_is_refused(world: World, client_for: Any) -> None:
    client = client_for(world.carol)
    response = client.post(
        "/requests/add/",
        {
            "channel": "visit",
            "received_on": "2026-05-11",
            "union": world.union_d.pk,
            "category": "other",
            "employer_name": "越权",
            "contact_name": "赵六",
            "description": "越权",
        },
    )
    assert response.status_code == 200
    assert all_requests() == []


def test_the_figures_count_what_the_list_shows(world: World, client_for: Any) -> None:
    build(world)
    figures = request_figures(world.bob)
    assert figures.total.counts["received"] == 2
    assert figures.total.counts["satisfied"] == 1
    assert figures.total.counts["on_time"] == 1
    assert figures.total.satisfaction_rate == 100.0
    wages = next(line for line in figures.categories if line.key == "wages")
    assert wages.counts["received"] == 1
    assert client_for(world.bob).get("/requests/figures/").status_code == 200
    assert client_for(world.carol).get("/requests/figures/").status_code == 403


def test_the_navigation_names_the_list_for_those_who_may_open_it(world: World) -> None:
    def names(user: Any) -> set[str]:
        return {item["name"] for section in items_for(user) for item in section["items"]}

    assert "requests:list" in names(world.bob)
    assert "requests:list" not in names(world.will)


def test_an_old_hotline_record_shows_overdue(world: World, client_for: Any) -> None:
    request = record(world, on=date(2025, 3, 3))
    html = client_for(world.carol).get("/requests/", {"timeliness": "overdue"}).content.decode()
    assert request.display_code in html
    assert 'data-testid="overdue"' in html
