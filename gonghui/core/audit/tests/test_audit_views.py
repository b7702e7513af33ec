"""The audit log pages: each audit administrator reads their own subtree's rows, with filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.accounts.services import user_update
from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import Action, Outcome, audit_record
from gonghui.core.testing.world import MARKER
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.tree.services import union_update

LIST_URL = "/audit/"


def listed(response) -> list[AuditEvent]:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def listed_pks(response) -> set[int]:
    return {event.pk for event in listed(response)}


def union_create_event(union) -> AuditEvent:
    return AuditEvent.unscoped.get(action="create", object_type="tree.union", object_id=str(union.pk))


def record(**kwargs) -> AuditEvent:
    with system_scope("writing test rows"):
        return audit_record(**kwargs)


def test_county_audit_admin_sees_both_townships(world, client_for):
    response = client_for(world.audrey).get(LIST_URL)
    html = response.content.decode()
    pks = listed_pks(response)
    assert union_create_event(world.union_c).pk in pks
    assert union_create_event(world.union_d).pk in pks
    assert MARKER in html
    assert world.union_d.name in html


def test_township_audit_admin_sees_only_their_township(world, client_for):
    # given a row about township A and one about township B, written while the test runs
    a_event = record(action=Action.EXPORT, obj=world.union_c, actor=world.bob)
    b_event = record(action=Action.EXPORT, obj=world.union_d, actor=world.dan)
    # when aud (township B) reads the log
    response = client_for(world.aud).get(LIST_URL)
    html = response.content.decode()
    events = listed(response)
    # then township B's rows are there, township A's are not
    assert b_event in events
    assert union_create_event(world.union_d) in events
    assert a_event not in events
    assert union_create_event(world.union_c) not in events
    assert {event.union_id for event in events} <= {world.township_b.pk, world.union_d.pk}
    assert MARKER.lower() not in html.lower()
    assert world.union_d.name in html


def test_filter_by_user(world, client_for):
    with acting_as(world.alice):
        union_update(actor=world.alice, union=world.union_d, name="丁公司工会（新）")
    response = client_for(world.audrey).get(LIST_URL, {"user": world.alice.username.upper()})
    events = listed(response)
    assert events
    assert {event.actor_username for event in events} == {world.alice.username}
    assert {event.action for event in events} >= {Action.UPDATE}


def test_filter_by_action_and_outcome(world, client_for):
    denied = record(action=Action.EXPORT, obj=world.union_d, actor=world.dan, outcome=Outcome.DENIED)
    record(action=Action.EXPORT, obj=world.union_d, actor=world.dan)
    audrey = client_for(world.audrey)
    exports = listed(audrey.get(LIST_URL, {"action": Action.EXPORT}))
    assert len(exports) == 2
    assert {event.action for event in exports} == {Action.EXPORT}
    assert listed_pks(audrey.get(LIST_URL, {"action": Action.EXPORT, "outcome": Outcome.DENIED})) == {denied.pk}
    creates = listed(audrey.get(LIST_URL, {"action": Action.CREATE}))
    assert creates
    assert {event.action for event in creates} == {Action.CREATE}


def test_filter_by_dates(world, client_for):
    # given a row from ten days ago, beside the world's rows of today
    old_at = timezone.now() - timedelta(days=10)
    with system_scope("writing a row dated in the past"):
        old = AuditEvent.objects.create(at=old_at, action=Action.EXPORT, union=world.union_d, object_repr="十天前")
    old_day = timezone.localtime(old_at).date()
    audrey = client_for(world.audrey)
    # then "until" that day keeps it alone, "since" the next day leaves it out
    assert listed_pks(audrey.get(LIST_URL, {"until": old_day.isoformat()})) == {old.pk}
    since_next = listed_pks(audrey.get(LIST_URL, {"since": (old_day + timedelta(days=1)).isoformat()}))
    assert old.pk not in since_next
    assert union_create_event(world.union_d).pk in since_next
    both = {"since": old_day.isoformat(), "until": old_day.isoformat()}
    assert listed_pks(audrey.get(LIST_URL, both)) == {old.pk}


def test_invalid_filter_is_ignored_rather_than_failing(world, client_for):
    response = client_for(world.audrey).get(LIST_URL, {"since": "not-a-date"})
    assert response.status_code == 200
    assert response.context["filters"].errors


def test_htmx_request_gets_only_the_rows(world, client_for):
    response = client_for(world.audrey).get(LIST_URL, {"action": Action.CREATE}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'data-testid="audit-table"' in html


@pytest.mark.parametrize("user_attr", ["bob", "alice", "sam", "leo", "dan", "wendy"])
def test_only_audit_admins_read_the_log(world, client_for, user_attr):
    client = client_for(getattr(world, user_attr))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(f"/audit/{union_create_event(world.union_d).pk}/").status_code == 403


def test_detail_shows_the_masked_change(world, client_for):
    with acting_as(world.sid):
        user_update(actor=world.sid, user=User.unscoped.get(pk=world.dan.pk), phone="13987654321")
    event = AuditEvent.unscoped.filter(action=Action.UPDATE, object_id=str(world.dan.pk)).latest("pk")
    response = client_for(world.aud).get(f"/audit/{event.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "138****5678" in html
    assert "139****4321" in html
    assert "13987654321" not in html
    assert "13812345678" not in html


def test_detail_of_another_townships_event_is_not_found(world, client_for):
    a_event = union_create_event(world.union_c)
    assert client_for(world.aud).get(f"/audit/{a_event.pk}/").status_code == 404
    assert client_for(world.audrey).get(f"/audit/{a_event.pk}/").status_code == 200
