"""Transitions that ask for data: Transition(form=...), the data reaching the effect, and rollback."""

from __future__ import annotations

import dataclasses

import pytest
from django import forms
from django.core.exceptions import ValidationError

from gonghui.core.access.models import AccountRequest
from gonghui.core.access.workflows import AccountRequestFlow
from gonghui.core.accounts.models import User
from gonghui.core.audit.models import AuditEvent
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import transition_perform

effect_calls: list[dict] = []


class ReasonCodeForm(forms.Form):
    """The data of the test step: a code and a count; it sees the object and the actor."""

    code = forms.CharField(label="code", max_length=10)
    count = forms.IntegerField(label="count", min_value=1)

    def __init__(self, *args, obj, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj, self.actor = obj, actor
        self.fields["code"].initial = f"R{obj.pk}"


def record_reason(request, *, actor, note, data):
    """Writes to the object (so a rollback shows), then refuses a count of 13 on the field."""
    effect_calls.append({"actor": actor, "note": note, "data": data})
    AccountRequest.unscoped.filter(pk=request.pk).update(reason=f"{data.get('code')}×{data.get('count')}")
    if data.get("count") == 13:
        raise ValidationError({"count": "十三不行"})
    return data.get("code")


@pytest.fixture
def reject_with_form(monkeypatch):
    """The account request's reject step, given a form (by dotted path) and an effect taking the data."""
    effect_calls.clear()
    step = dataclasses.replace(
        AccountRequestFlow.transition_map["reject"],
        form=f"{__name__}.ReasonCodeForm",
        effect=record_reason,
    )
    monkeypatch.setitem(AccountRequestFlow.transition_map, "reject", step)
    return step


def step_url(request, step: str) -> str:
    return f"/workflow/account_request/{request.pk}/{step}/"


def in_db(request) -> AccountRequest:
    return AccountRequest.unscoped.get(pk=request.pk)


def test_the_dotted_path_resolves_lazily(reject_with_form):
    assert reject_with_form.has_form
    assert reject_with_form.form_class() is ReasonCodeForm
    assert not AccountRequestFlow.transition_map["approve"].has_form
    assert AccountRequestFlow.transition_map["approve"].form_class() is None


def test_the_effect_gets_the_data(world, make_request, reject_with_form):
    request = make_request()
    result = transition_perform(
        actor=world.sam, obj=request, name="reject", note="不符合", data={"code": "X1", "count": 2}
    )
    assert result.effect == "X1"
    assert effect_calls == [{"actor": world.sam, "note": "不符合", "data": {"code": "X1", "count": 2}}]
    assert in_db(request).state == "rejected"
    assert in_db(request).reason == "X1×2"


def test_without_data_a_form_step_gets_an_empty_dict(world, make_request, reject_with_form):
    request = make_request()
    transition_perform(actor=world.sam, obj=request, name="reject", note="不符合")
    assert effect_calls[0]["data"] == {}


def test_old_effects_without_a_form_keep_their_signature(world, make_request):
    # given the approve step, whose effect is (obj, *, actor, note)
    request = make_request()
    # when data is passed all the same, it is ignored and the account is created
    result = transition_perform(actor=world.sam, obj=request, name="approve", data={"ignored": True})
    assert in_db(request).state == "approved"
    assert User.unscoped.filter(username=request.username).exists()
    assert result.effect  # the temporary password


def test_the_page_shows_the_step_form_with_the_note(world, make_request, client_for, reject_with_form):
    request = make_request()
    page = client_for(world.sam).get(step_url(request, "reject")).content.decode()
    assert 'name="code"' in page
    assert f'value="R{request.pk}"' in page  # the form saw the object
    assert 'name="count"' in page
    assert 'name="note"' in page
    assert 'data-testid="transition-data"' in page
    # and as an htmx partial too
    partial = client_for(world.sam).get(step_url(request, "reject"), headers={"HX-Request": "true"})
    assert b'name="count"' in partial.content
    assert b"<html" not in partial.content


def test_the_page_validates_both_forms(world, make_request, client_for, reject_with_form):
    request = make_request()
    sam = client_for(world.sam)
    # when the data is bad and the required reason missing, both say so, nothing moves
    response = sam.post(step_url(request, "reject"), {"code": "X1", "count": "0", "note": ""})
    assert response.status_code == 200
    assert response.context["data_form"].errors["count"]
    assert response.context["form"].errors["note"]
    assert effect_calls == []
    assert in_db(request).state == "submitted"
    # when both are good, the effect gets the cleaned data and the page redirects
    response = sam.post(step_url(request, "reject"), {"code": "X1", "count": "3", "note": "不符合"})
    assert response.status_code == 302
    assert effect_calls[0]["data"] == {"code": "X1", "count": 3}
    assert in_db(request).state == "rejected"


def test_an_effect_error_lands_on_the_field_and_rolls_everything_back(
    world, make_request, client_for, reject_with_form
):
    # given a request and what was written about it so far
    request = make_request()
    events_before = AuditEvent.unscoped.filter(object_id=str(request.pk)).count()
    reason_before = in_db(request).reason
    # when the effect refuses (after writing to the object)
    response = client_for(world.sam).post(step_url(request, "reject"), {"code": "X1", "count": "13", "note": "不符合"})
    # then the page shows the message on the field
    assert response.status_code == 200
    assert response.context["data_form"].errors["count"] == ["十三不行"]
    assert "十三不行" in response.content.decode()
    assert len(effect_calls) == 1
    # and nothing of the step remains: state, what the effect wrote, timeline, audit, deadline
    assert in_db(request).state == "submitted"
    assert in_db(request).reason == reason_before
    entries = TimelineEntry.unscoped.filter(workflow="account_request", object_id=request.pk)
    assert [e.transition for e in entries] == ["start"]
    assert AuditEvent.unscoped.filter(object_id=str(request.pk)).count() == events_before
    assert Deadline.unscoped.get(workflow="account_request", object_id=request.pk).closed_at is None


def test_an_effect_error_through_the_service_rolls_back(world, make_request, reject_with_form):
    request = make_request()
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.sam, obj=request, name="reject", note="x", data={"code": "Z", "count": 13})
    assert caught.value.message_dict == {"count": ["十三不行"]}
    assert in_db(request).state == "submitted"
    assert in_db(request).reason != "Z×13"
