"""Refused requests (403/404) of signed-in users are audited, at most so many rows a minute per user."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent, RefusalCount
from gonghui.core.audit.services import Action, Outcome, access_refusals_summarise
from gonghui.core.jobs.schedule import registered

ID_NUMBER = "11010519491231002X"


def refusals(user=None) -> list[AuditEvent]:
    events = AuditEvent.unscoped.filter(action=Action.ACCESS_REFUSED).order_by("pk")
    return list(events.filter(actor=user) if user is not None else events)


@pytest.fixture
def limit(settings) -> int:
    settings.AUDIT_REFUSALS_PER_MINUTE = 3
    return 3


@pytest.fixture
def frozen_minute():
    """Time stands still a second into a minute, so a burst never straddles two minutes."""
    start = timezone.now().replace(second=1, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        yield start


def test_a_refused_object_writes_one_row(world, client_for):
    # when bob (township A) asks for union D of township B, outside his scope
    response = client_for(world.bob).get(f"/unions/{world.union_d.pk}/", REMOTE_ADDR="10.0.0.9")
    # then he gets the 404 and the log one row saying so
    assert response.status_code == 404
    [event] = refusals()
    assert (event.actor_id, event.actor_username) == (world.bob.pk, world.bob.username)
    assert (event.action, event.outcome) == (Action.ACCESS_REFUSED, Outcome.DENIED)
    assert event.object_repr == f"GET /unions/{world.union_d.pk}/"
    assert event.note == "HTTP 404"
    assert event.ip == "10.0.0.9"
    assert event.union_id == world.bob.union_id


def test_a_forbidden_page_writes_one_row(world, client_for):
    # bob holds no audit permission: /audit/ answers 403
    response = client_for(world.bob).post("/audit/")
    assert response.status_code == 403
    [event] = refusals()
    assert (event.actor_id, event.object_repr, event.note) == (world.bob.pk, "POST /audit/", "HTTP 403")


def test_an_allowed_access_writes_nothing(world, client_for):
    assert client_for(world.bob).get(f"/unions/{world.union_c.pk}/").status_code == 200
    assert refusals() == []
    assert not RefusalCount.objects.exists()


def test_static_files_favicon_and_anonymous_requests_write_nothing(world, client_for):
    bob = client_for(world.bob)
    assert bob.get("/static/no-such-file.css").status_code == 404
    assert bob.get("/favicon.ico").status_code == 404
    assert Client().get("/api/v1/unions/").status_code == 403
    assert Client().get("/no-such-page/").status_code == 404
    assert refusals() == []


def test_query_string_is_left_out_and_id_numbers_in_the_path_are_masked(world, client_for):
    response = client_for(world.bob).get(f"/members/{ID_NUMBER}/", {"q": "张三"})
    assert response.status_code == 404
    [event] = refusals()
    assert event.object_repr == "GET /members/110105********002X/"
    assert ID_NUMBER not in event.object_repr + event.note
    assert "张三" not in event.object_repr + event.note


def test_a_burst_writes_no_more_than_the_limit_and_one_summary(world, client_for, limit, frozen_minute):
    # when bob walks twelve union ids outside his scope within one minute, and dan two
    bob = client_for(world.bob)
    for union_id in range(world.union_d.pk + 1000, world.union_d.pk + 1012):
        assert bob.get(f"/unions/{union_id}/").status_code == 404
    dan = client_for(world.dan)
    for _ in range(2):
        assert dan.get(f"/unions/{world.union_c.pk}/").status_code == 404
    # then the log holds bob's first three refusals only, and both of dan's
    assert [e.object_repr for e in refusals(world.bob)] == [
        f"GET /unions/{world.union_d.pk + n}/" for n in range(1000, 1000 + limit)
    ]
    assert len(refusals(world.dan)) == 2
    counter = RefusalCount.objects.get(user=world.bob)
    assert (counter.recorded, counter.suppressed) == (limit, 12 - limit)
    # and while the minute runs, nothing is summarised
    assert access_refusals_summarise() == 0
    # when the minute is over, one row counts the nine refusals left out, and the counters go
    assert access_refusals_summarise(now=frozen_minute + timedelta(minutes=1)) == 1
    summary = refusals(world.bob)[-1]
    assert len(refusals(world.bob)) == limit + 1
    assert (summary.actor_id, summary.outcome, summary.union_id) == (world.bob.pk, Outcome.DENIED, world.bob.union_id)
    assert summary.object_repr == "另有 9 次被拒绝的访问未逐条记录"
    assert timezone.localtime(frozen_minute).strftime("%Y-%m-%d %H:%M") in summary.note
    assert len(refusals(world.dan)) == 2
    assert not RefusalCount.objects.exists()
    assert access_refusals_summarise(now=frozen_minute + timedelta(minutes=2)) == 0


def test_the_next_minute_is_counted_afresh(world, client_for, limit, frozen_minute):
    bob = client_for(world.bob)
    url = f"/unions/{world.union_d.pk}/"
    for _ in range(limit + 2):
        bob.get(url)
    with time_machine.travel(frozen_minute + timedelta(minutes=1), tick=False):
        for _ in range(limit + 2):
            bob.get(url)
    assert len(refusals(world.bob)) == 2 * limit


def test_the_summaries_run_periodically():
    assert registered()["audit.refusal_summaries"].func is access_refusals_summarise


def test_the_audit_log_page_names_the_action(world, client_for):
    client_for(world.bob).get(f"/unions/{world.union_d.pk}/")
    response = client_for(world.audrey).get("/audit/", {"action": Action.ACCESS_REFUSED})
    assert response.status_code == 200
    assert [event.action for event in response.context["page"].object_list] == [Action.ACCESS_REFUSED]
    assert "访问被拒" in response.content.decode()
