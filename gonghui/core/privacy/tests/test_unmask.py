"""Showing personal data in full: permission, scope, a reason, an audit row, never cached."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from gonghui.core.audit.models import AuditEvent

PHONE = "13812345678"
HTMX = {"HX-Request": "true"}


def unmask_url(user_id: int, field: str = "phone", model: str = "accounts.user") -> str:
    return f"/privacy/unmask/{model}/{user_id}/{field}/"


def unmask_events(world):
    return list(AuditEvent.unscoped.filter(action=AuditEvent.Action.UNMASK, object_id=str(world.carol.pk)))


def test_the_page_before_unmasking_shows_only_the_masked_value(world, client_for):
    # when the security administrator opens Carol's account
    html = client_for(world.sam).get(f"/accounts/users/{world.carol.pk}/").content.decode()
    # then the phone shows masked, with the control to show it in full, and nowhere in clear
    assert "138****5678" in html
    assert unmask_url(world.carol.pk) in html
    assert PHONE not in html
    assert not re.search(r"1[3-9]\d{9}", html)


def test_unmask_with_permission_and_reason_shows_the_value_and_is_recorded(world, client_for):
    # given the security administrator, who may see account phone numbers in full
    client = client_for(world.sam)
    # when they ask with a reason
    response = client.post(unmask_url(world.carol.pk), {"reason": "核实解锁申请"}, headers=HTMX)
    # then the partial holds the full number, and no browser or proxy may keep it
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # and the audit log records who, which field, and why
    (event,) = unmask_events(world)
    assert event.actor == world.sam
    assert event.note == "核实解锁申请"
    assert event.changes == {"phone": "phone"}
    assert PHONE not in str(event.changes) + event.note


def test_unmask_without_reason_is_refused_and_not_recorded(world, client_for):
    client = client_for(world.sam)
    for reason in ("", "   "):
        response = client.post(unmask_url(world.carol.pk), {"reason": reason}, headers=HTMX)
        assert response.status_code == 200  # the form comes back with its error
        assert PHONE not in response.content.decode()
        assert "138****5678" in response.content.decode()
    # without JavaScript the page answers 400
    response = client.post(unmask_url(world.carol.pk), {})
    assert response.status_code == 400
    assert PHONE not in response.content.decode()
    assert unmask_events(world) == []


def test_unmask_without_javascript_shows_a_page(world, client_for):
    response = client_for(world.sam).post(unmask_url(world.carol.pk), {"reason": "核实身份"})
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["bob", "carol", "alice", "leo", "audrey", "wendy"])
def test_unmask_needs_the_permission(world, client_for, name):
    # users without the accounts' unmask permission are refused, whatever their scope
    response = client_for(getattr(world, name)).post(unmask_url(world.carol.pk), {"reason": "看看"}, headers=HTMX)
    assert response.status_code == 403
    assert PHONE not in response.content.decode()
    assert unmask_events(world) == []


def test_unmask_outside_scope_is_404(world, client_for):
    # the security administrator of township B has the permission, but Carol is not in his subtree
    response = client_for(world.sid).post(unmask_url(world.carol.pk), {"reason": "看看"}, headers=HTMX)
    assert response.status_code == 404
    assert unmask_events(world) == []


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("accounts.user", "password"),
        ("accounts.user", "username"),
        ("accounts.user", "phone_hash"),
        ("accounts.nosuch", "phone"),
        ("tree.union", "name"),
        ("audit.auditevent", "note"),
    ],
)
def test_only_declared_personal_fields_can_be_unmasked(world, client_for, model, field):
    response = client_for(world.sam).post(unmask_url(world.carol.pk, field, model), {"reason": "x"}, headers=HTMX)
    assert response.status_code == 404


def test_unmask_takes_only_post(world, client_for):
    assert client_for(world.sam).get(unmask_url(world.carol.pk)).status_code == 405


def test_the_control_is_shown_only_to_those_permitted(world):
    # given the tag rendered for a viewer without the permission
    template = Template('{% load privacy %}{% personal account "phone" %}')
    request = RequestFactory().get("/")
    request.user = world.bob
    html = template.render(Context({"request": request, "account": world.carol}))
    # then it shows the masked value and no control
    assert "138****5678" in html
    assert "/privacy/unmask/" not in html
    request.user = world.sam
    assert "/privacy/unmask/" in template.render(Context({"request": request, "account": world.carol}))


def test_the_masked_filter(world):
    html = Template('{% load privacy %}{{ v|masked:"id_number" }} {{ p|masked:"phone" }}').render(
        Context({"v": "230102199001011234", "p": PHONE})
    )
    assert html == "230102********1234 138****5678"
