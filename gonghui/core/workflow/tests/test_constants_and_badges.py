"""State constants generated from the declaration, state kinds and their badge, effects named by path."""

from __future__ import annotations

import pytest
from django.db import models
from django.template import Context, Template

from gonghui.core.access.models import AccountRequest
from gonghui.core.access.workflows import AccountRequestFlow, RequestState
from gonghui.core.accounts.roles import Role
from gonghui.core.workflow import declaration
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow, workflows
from gonghui.core.workflow.services import transition_perform

calls: list[dict] = []


def mark_seen(*, actor, request, note):
    """A service-shaped effect: keyword-only, the object by its own name."""
    calls.append({"actor": actor, "request": request, "note": note})
    return "seen"


def test_the_constants_are_the_states_as_text_choices():
    assert issubclass(RequestState, models.TextChoices)
    assert RequestState.__name__ == "AccountRequestState"
    assert RequestState.SUBMITTED == "submitted"
    assert RequestState.WITHDRAWN.label == AccountRequestFlow.state_label("withdrawn")
    assert RequestState.choices == AccountRequestFlow.choices()
    # the model's choices come from them
    assert AccountRequest._meta.get_field("state").choices == RequestState.choices


def test_a_state_has_a_kind_final_states_done_by_default(monkeypatch):
    # a workflow of no model: kept out of the registry the other tests walk
    monkeypatch.setattr(declaration, "_registry", dict(declaration._registry))
    monkeypatch.setattr(declaration, "_by_model", dict(declaration._by_model))

    class Little(Workflow):
        name = "little_kinds"
        model = "tests.Little"
        states = [
            State("open", "Open"),
            State("cover-by", "Covered", final=True),
            State("gone", "Gone", final=True, kind="cancelled"),
        ]
        transitions = [
            Transition("cover", source="open", target="cover-by", label="Cover", roles={Role.UNION_STAFF}),
            Transition("go", source="open", target="gone", label="Go", roles={Role.UNION_STAFF}),
        ]

    assert Little.state_kind("open") is StateKind.OPEN
    assert Little.state_kind("cover-by") is StateKind.DONE
    assert Little.constants.COVER_BY == "cover-by"
    assert Little.states_of_kind(StateKind.DONE, StateKind.CANCELLED) == ("cover-by", "gone")
    with pytest.raises(ValueError, match="kind"):
        State("x", "X", kind="sleepy")


def test_every_declared_effect_named_by_path_resolves():
    for flow in workflows().values():
        for transition in flow.transition_map.values():
            if isinstance(transition.effect, str):
                assert callable(transition.effect_function()), f"{flow.name}.{transition.name}"


def test_an_effect_named_by_path_gets_the_object_by_its_keyword(world, make_request, monkeypatch):
    import dataclasses

    calls.clear()
    step = dataclasses.replace(AccountRequestFlow.transition_map["reject"], effect=f"{__name__}.mark_seen")
    monkeypatch.setitem(AccountRequestFlow.transition_map, "reject", step)
    request = make_request()
    result = transition_perform(actor=world.sam, obj=request, name="reject", note="不符合")
    assert result.effect == "seen"
    assert calls == [{"actor": world.sam, "request": request, "note": "不符合"}]


def mark_coded(*, actor, request, code, count=0):
    """A service taking the step form's fields as keyword arguments of their own, not ``data``."""
    calls.append({"request": request, "code": code, "count": count})
    return code


def mark_every(request, *, note, **fields):
    calls.append({"request": request, "note": note, **fields})


def test_an_effect_without_data_gets_the_form_fields_it_names(world, make_request, monkeypatch):
    import dataclasses

    calls.clear()
    reject = AccountRequestFlow.transition_map["reject"]
    monkeypatch.setitem(
        AccountRequestFlow.transition_map, "reject", dataclasses.replace(reject, effect=f"{__name__}.mark_coded")
    )
    first, second, third = make_request(), make_request(), make_request()
    data = {"code": "R1", "count": 3, "other": "not named"}
    assert transition_perform(actor=world.sam, obj=first, name="reject", note="x", data=data).effect == "R1"
    assert calls == [{"request": first, "code": "R1", "count": 3}]
    # every field to an effect taking **fields
    monkeypatch.setitem(
        AccountRequestFlow.transition_map, "reject", dataclasses.replace(reject, effect=f"{__name__}.mark_every")
    )
    transition_perform(actor=world.sam, obj=second, name="reject", note="x", data=data)
    assert calls[-1] == {"request": second, "note": "x", **data}
    # a field named like the object or another argument is refused, not silently dropped
    with pytest.raises(TypeError, match="clash"):
        transition_perform(actor=world.sam, obj=third, name="reject", note="x", data={"request": 1})


def render(source: str, **context) -> str:
    return Template("{% load workflow %}" + source).render(Context(context))


def test_the_badge_shows_the_label_coloured_by_kind(world, make_request):
    request = make_request()
    html = render("{% workflow_state r %}", r=request)
    assert 'data-state="submitted"' in html
    assert "text-bg-warning" in html  # waiting for approval
    assert str(AccountRequestFlow.state_label("submitted")) in html
    assert "text-bg-danger" in render('{% workflow_state "account_request" "rejected" testid="x" %}')
    assert 'data-testid="x"' in render('{% workflow_state "account_request" "rejected" testid="x" %}')
    assert "text-bg-light" in render('{% workflow_state "account_request" "withdrawn" %}')


def test_in_state_refuses_a_name_the_workflow_does_not_declare(world, make_request):
    request = make_request()
    assert render('{% if r|in_state:"approved,submitted" %}yes{% endif %}', r=request) == "yes"
    assert render('{% if r|in_state:"approved" %}yes{% endif %}', r=request) == ""
    with pytest.raises(ValueError, match="no state"):
        render('{% if r|in_state:"aproved" %}yes{% endif %}', r=request)


def test_the_pages_show_the_badge_in_the_list_the_detail_and_the_timeline(world, make_request, client_for):
    request = make_request()
    transition_perform(actor=world.sam, obj=request, name="reject", note="不符合")
    sam = client_for(world.sam)
    detail = sam.get(f"/access/requests/{request.pk}/").content.decode()
    assert 'data-testid="request-state" data-state="rejected" data-state-kind="refused"' in detail
    assert 'data-testid="timeline-state" data-state="rejected"' in detail
    listed = sam.get("/access/requests/", {"state": "rejected"}).content.decode()
    assert 'data-state="rejected"' in listed
