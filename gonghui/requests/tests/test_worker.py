"""The signed-in worker: filing from their pages, their own requests only (404 for anyone else's), the panel."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from django.test import RequestFactory
from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.requests.panels import MyRequests
from gonghui.requests.tests.helpers import all_requests, at, record, step, wendys_record


def test_a_worker_files_from_their_pages_and_follows_their_own(world: World, client_for: Any) -> None:
    worker = wendys_record(world)
    wendy = client_for(world.wendy, HTTP_ACCEPT_LANGUAGE="en")
    assert wendy.get("/requests/mine/new/").status_code == 200
    today = timezone.localdate()
    response = wendy.post("/requests/mine/new/", {"category": "wages", "description": "加班费未发"})
    assert response.status_code == 302
    (request,) = all_requests()
    assert request.worker_id == worker.pk
    assert request.union_id == world.union_c.pk
    assert request.channel == "portal"
    assert request.employer_id == worker.employer_id
    assert request.contact_name == worker.name
    listing = wendy.get("/requests/mine/")
    assert listing.status_code == 200, (listing.status_code, listing.get("Location"))
    assert f"/requests/mine/{request.pk}/" in listing.content.decode()
    page = wendy.get(f"/requests/mine/{request.pk}/").content.decode()
    assert request.display_code in page
    assert "The union has received your request" in page
    # answered, she rates it on her page
    step(world, request, "assign", on=today, assignee=world.carol)
    step(world, request, "answer", on=today, reply="已补发")
    rated = wendy.post(f"/requests/mine/{request.pk}/", {"satisfaction": "satisfied"})
    assert rated.status_code == 302
    (request,) = all_requests()
    assert (request.state, request.satisfaction) == ("closed", "satisfied")


def test_anyone_elses_request_is_a_404(world: World, client_for: Any) -> None:
    wendys_record(world)
    other = record(world, on=date(2026, 5, 11))  # a hotline call, no worker record
    wendy = client_for(world.wendy)
    assert wendy.get(f"/requests/mine/{other.pk}/").status_code == 404
    assert wendy.get(f"/requests/{other.pk}/").status_code in (403, 404)
    # Will (a worker without a linked record) and Carol (staff) have no "my requests" of Wendy's
    client_for(world.wendy).post("/requests/mine/new/", {"category": "wages", "description": "工资"})
    mine = next(r for r in all_requests() if r.worker_id is not None)
    assert client_for(world.will).get(f"/requests/mine/{mine.pk}/").status_code == 404
    assert client_for(world.carol).get(f"/requests/mine/{mine.pk}/").status_code == 404
    assert client_for(world.carol).get("/requests/mine/").status_code == 404


def test_a_worker_without_a_record_is_told_to_ask_the_union(world: World, client_for: Any) -> None:
    will = client_for(world.will, HTTP_ACCEPT_LANGUAGE="en")
    response = will.post("/requests/mine/new/", {"category": "wages", "description": "工资"})
    assert "not linked to a worker record" in response.content.decode()
    assert all_requests() == []


def test_the_home_panel_shows_the_workers_requests_only_to_them(world: World) -> None:
    wendys_record(world)
    with time_machine.travel(at(2026, 5, 11), tick=False):
        from gonghui.requests.services import request_file_by_worker

        request_file_by_worker(actor=world.wendy, category="contracts", description="合同问题")
    panel = MyRequests()
    http = RequestFactory().get("/")
    http.user = world.wendy
    context = panel.context(http, world.wendy)
    assert context is not None
    assert context["count"] == 1
    http.user = world.carol
    assert panel.context(http, world.carol) is None
    http.user = world.will
    assert panel.context(http, world.will) == {"rows": [], "count": 0}


def test_the_workers_home_page_carries_the_panel(world: World, client_for: Any) -> None:
    wendys_record(world)
    home = client_for(world.wendy).get("/home/").content.decode()
    assert 'href="/requests/mine/new/"' in home
