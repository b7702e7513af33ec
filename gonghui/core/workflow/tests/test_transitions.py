"""Performing transitions: roles, scope, guards, required fields, races, one transaction."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.core.access.models import AccountRequest
from gonghui.core.access.workflows import AccountRequestFlow
from gonghui.core.accounts.models import User
from gonghui.core.audit.models import AuditEvent
from gonghui.core.workflow import services
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.selectors import available_transitions
from gonghui.core.workflow.services import transition_perform


def timeline(request):
    return list(TimelineEntry.unscoped.filter(workflow="account_request", object_id=request.pk).order_by("at", "id"))


def state_in_db(request):
    return AccountRequest.unscoped.get(pk=request.pk).state


def test_a_role_not_named_by_the_transition_is_refused(world, make_request):
    # given a request in union C
    request = make_request()
    # when Carol (grassroots officer, in scope) tries to approve it
    with pytest.raises(PermissionDenied):
        transition_perform(actor=world.carol, obj=request, name="approve")
    # then nothing moved
    assert state_in_db(request) == "submitted"


def test_an_object_outside_the_actors_subtree_is_404(world, make_request):
    # given a request in township A's subtree
    request = make_request()
    # when the security administrator of township B tries to reject it
    with pytest.raises(Http404):
        transition_perform(actor=world.sid, obj=request, name="reject", note="不同意")
    # then it is untouched and Sid is offered nothing
    assert state_in_db(request) == "submitted"
    assert available_transitions(world.sid, request) == []


def test_the_guard_lets_only_the_requester_withdraw(world, make_request):
    # given Carol's request
    request = make_request()
    # when Bob (union staff above her, a requester role) tries to withdraw it
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.bob, obj=request, name="withdraw")
    assert caught.value.error_list[0].code == "guard"
    assert "withdraw" not in [t.name for t in available_transitions(world.bob, request)]
    # then Carol can
    transition_perform(actor=world.carol, obj=request, name="withdraw")
    assert state_in_db(request) == "withdrawn"


def test_a_rejection_needs_a_reason(world, make_request):
    request = make_request()
    # when Sam rejects without a reason
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.sam, obj=request, name="reject", note="   ")
    assert "note" in caught.value.message_dict
    assert state_in_db(request) == "submitted"
    # then with a reason it goes through and the reason is on the timeline
    transition_perform(actor=world.sam, obj=request, name="reject", note="岗位不需要账号")
    assert state_in_db(request) == "rejected"
    assert timeline(request)[-1].note == "岗位不需要账号"


def test_a_required_attachment_is_enforced_and_stored_outside_the_web_root(
    world, make_request, attachments_dir, monkeypatch
):
    # given a reject step that also requires an attachment
    reject = dataclasses.replace(AccountRequestFlow.transition_map["reject"], requires=("note", "attachment"))
    monkeypatch.setitem(AccountRequestFlow.transition_map, "reject", reject)
    request = make_request()
    # when rejecting without a file
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.sam, obj=request, name="reject", note="材料不全")
    assert "attachment" in caught.value.message_dict
    # and with a file of a forbidden type
    bad = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.sam, obj=request, name="reject", note="材料不全", attachment=bad)
    assert caught.value.error_dict["attachment"][0].code == "attachment_type"
    # then with a PDF it goes through, and the file lies in the attachments directory
    pdf = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    result = transition_perform(actor=world.sam, obj=request, name="reject", note="材料不全", attachment=pdf)
    assert result.entry.attachment_name == "说明.pdf"
    stored = attachments_dir / result.entry.attachment.name
    assert stored.read_bytes() == b"%PDF-1.4 test"


def test_a_stale_copy_cannot_move_the_object_again(world, make_request):
    # given two people who loaded the same request
    request = make_request()
    first = AccountRequest.unscoped.get(pk=request.pk)
    second = AccountRequest.unscoped.get(pk=request.pk)
    # when the first approves it
    transition_perform(actor=world.sam, obj=first, name="approve")
    # then the second's rejection, made on the stale copy, is refused
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.sam, obj=second, name="reject", note="重复")
    assert caught.value.error_list[0].code == "state"
    assert state_in_db(request) == "approved"
    assert [e.transition for e in timeline(request)] == ["start", "approve"]


def test_a_change_between_read_and_write_is_refused(world, make_request, monkeypatch):
    """The update is conditional on the state read: a concurrent move makes it match no row."""
    request = make_request()
    # given another transaction that moves the request just after our read
    real_filter = AccountRequest._base_manager.filter
    calls = {"n": 0}

    def racing_filter(*args, **kwargs):
        if "state" in kwargs and calls["n"] == 0:
            calls["n"] += 1
            real_filter(pk=request.pk).update(state="withdrawn")
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(AccountRequest._base_manager, "filter", racing_filter)
    # when Sam approves
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.sam, obj=request, name="approve")
    assert caught.value.error_list[0].code == "conflict"
    monkeypatch.undo()
    # then no account was created and no timeline entry written (the whole step rolled back)
    assert not User.unscoped.filter(username=request.username).exists()
    assert [e.transition for e in timeline(request)] == ["start"]


def test_timeline_audit_and_deadlines_are_written_together(world, make_request):
    request = make_request()
    deadline = Deadline.unscoped.get(workflow="account_request", object_id=request.pk)
    assert deadline.closed_at is None
    assert deadline.state == "submitted"
    # when Sam approves
    result = transition_perform(actor=world.sam, obj=request, name="approve", note="同意")
    # then the timeline says who, from, to, which step and the note
    entry = timeline(request)[-1]
    assert (entry.actor, entry.from_state, entry.to_state, entry.transition, entry.note) == (
        world.sam,
        "submitted",
        "approved",
        "approve",
        "同意",
    )
    assert entry.union == world.union_c
    # and the audit log has the state change
    event = AuditEvent.unscoped.get(action=AuditEvent.Action.TRANSITION, object_id=str(request.pk))
    assert event.changes == {"state": ["submitted", "approved"]}
    assert event.actor == world.sam
    assert event.union == world.union_c
    # and the deadline of "submitted" is closed; "approved" is final and opens none
    deadline.refresh_from_db()
    assert deadline.closed_at is not None
    assert result.deadline is None
    assert not Deadline.unscoped.filter(workflow="account_request", object_id=request.pk, closed_at=None).exists()


def test_a_failing_audit_write_rolls_the_whole_step_back(world, make_request, monkeypatch):
    # given an audit log that fails
    request = make_request()

    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    # when Sam approves
    with pytest.raises(RuntimeError):
        transition_perform(actor=world.sam, obj=request, name="approve")
    # then nothing of the step remains: state, timeline, deadline, the account the step created
    assert state_in_db(request) == "submitted"
    assert [e.transition for e in timeline(request)] == ["start"]
    assert Deadline.unscoped.get(workflow="account_request", object_id=request.pk).closed_at is None
    assert not User.unscoped.filter(username=request.username).exists()


def test_an_unknown_step_is_404(world, make_request):
    with pytest.raises(Http404):
        transition_perform(actor=world.sam, obj=make_request(), name="teleport")
