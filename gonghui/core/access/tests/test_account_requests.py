"""Account requests end to end: request, approve (account created once, temporary password), reject, withdraw."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.core.access.models import AccountRequest
from gonghui.core.access.services import account_request_create
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.audit.models import AuditEvent
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import transition_perform


def form_data(world, **overrides):
    data = {
        "union": world.union_c.pk,
        "full_name": "李四",
        "username": "lisi_new",
        "role": Role.GRASSROOTS_OFFICER,
        "phone": "13987654321",
        "reason": "新任工会主席",
    }
    data.update(overrides)
    return data


def test_request_approve_and_sign_in_end_to_end(world, client_for):
    # given Bob (township A staff) requests an account for a new officer of union C
    bob = client_for(world.bob)
    response = bob.post("/access/requests/new/", form_data(world))
    request = AccountRequest.unscoped.get(username="lisi_new")
    assert response.status_code == 302
    assert response["Location"] == request.get_absolute_url()
    assert (request.state, request.requested_by, request.union) == ("submitted", world.bob, world.union_c)
    # then a 3-working-day deadline runs, and the request is audited with the phone masked
    assert Deadline.unscoped.get(object_id=request.pk, workflow="account_request").rule_days == 3
    created = AuditEvent.unscoped.get(action=AuditEvent.Action.CREATE, object_type="access.accountrequest")
    assert "13987654321" not in str(created.changes)
    # when Sam (security administrator) opens it and approves
    sam = client_for(world.sam)
    page = sam.get(request.get_absolute_url()).content.decode()
    assert "lisi_new" in page
    assert "13987654321" not in page
    response = sam.post(f"/workflow/account_request/{request.pk}/approve/", {"note": "同意"})
    # then the temporary password is shown once, on that answer
    assert response.status_code == 200
    password = response.context["result"].effect
    assert password
    assert password in response.content.decode()
    # and the account exists at union C with the requested role, to change its password
    account = User.unscoped.get(username="lisi_new")
    assert (account.union, account.role, account.must_change_password) == (world.union_c, Role.GRASSROOTS_OFFICER, True)
    assert account.check_password(password)
    request.refresh_from_db()
    assert (request.state, request.account) == ("approved", account)
    # and the detail page shows the timeline without the password
    page = sam.get(request.get_absolute_url()).content.decode()
    assert password not in page
    assert "同意" in page
    assert list(
        TimelineEntry.unscoped.filter(object_id=request.pk, workflow="account_request").values_list(
            "transition", flat=True
        )
    ) == ["start", "approve"]


def test_a_name_taken_meanwhile_refuses_the_approval(world):
    # given a request, and an account of that name created meanwhile
    request = account_request_create(
        actor=world.carol, union=world.union_c, full_name="王五", username="wangwu_x", role=Role.WORKER, reason="查询"
    )
    from gonghui.core.accounts.services import user_create
    from gonghui.core.tree.scoping import system_scope

    with system_scope("another account created from the command line"):
        user_create(
            actor=None,
            username="wangwu_x",
            full_name="别人",
            union=world.union_d,
            role=Role.WORKER,
            password="Test#Pass2026",
        )
    # when Sam approves, the step is refused and nothing changes
    with pytest.raises(ValidationError):
        transition_perform(actor=world.sam, obj=request, name="approve")
    assert AccountRequest.unscoped.get(pk=request.pk).state == "submitted"


def test_reject_needs_a_reason_and_withdraw_is_the_requesters(world, client_for):
    request = account_request_create(
        actor=world.carol, union=world.union_c, full_name="赵六", username="zhaoliu_x", role=Role.WORKER, reason="查询"
    )
    sam = client_for(world.sam)
    assert sam.post(f"/workflow/account_request/{request.pk}/reject/", {"note": ""}).status_code == 200
    assert AccountRequest.unscoped.get(pk=request.pk).state == "submitted"
    # Bob may see it but not withdraw Carol's request
    assert client_for(world.bob).post(f"/workflow/account_request/{request.pk}/withdraw/").status_code == 403
    response = client_for(world.carol).post(f"/workflow/account_request/{request.pk}/withdraw/", {"note": ""})
    assert response.status_code == 302
    assert AccountRequest.unscoped.get(pk=request.pk).state == "withdrawn"
    assert not User.unscoped.filter(username="zhaoliu_x").exists()


def test_administrative_roles_cannot_be_requested(world, client_for):
    response = client_for(world.bob).post(
        "/access/requests/new/", form_data(world, username="sec_x", role=Role.SECURITY_ADMIN)
    )
    assert response.status_code == 200
    assert not AccountRequest.unscoped.filter(username="sec_x").exists()
    with pytest.raises(ValidationError):
        account_request_create(
            actor=world.bob, union=world.union_c, full_name="x", username="sec_y", role=Role.AUDIT_ADMIN, reason="x"
        )


def test_a_request_outside_the_requesters_subtree_is_refused(world, client_for):
    # through the page: union D is not among Bob's choices
    response = client_for(world.bob).post("/access/requests/new/", form_data(world, union=world.union_d.pk))
    assert response.status_code == 200
    assert not AccountRequest.unscoped.filter(username="lisi_new").exists()
    # through the service: 404
    with pytest.raises(Http404):
        account_request_create(
            actor=world.bob, union=world.union_d, full_name="x", username="out_x", role=Role.WORKER, reason="x"
        )


def test_taken_names_and_permissions(world):
    with pytest.raises(ValidationError):
        account_request_create(
            actor=world.bob,
            union=world.union_c,
            full_name="x",
            username=world.carol.username,
            role=Role.WORKER,
            reason="x",
        )
    # the security administrator approves; he does not request
    with pytest.raises(PermissionDenied):
        account_request_create(
            actor=world.sam, union=world.union_c, full_name="x", username="sam_req", role=Role.WORKER, reason="x"
        )


def test_the_list_filters_by_state_and_stays_in_scope(world, client_for):
    submitted = account_request_create(
        actor=world.carol, union=world.union_c, full_name="孙七", username="sunqi_x", role=Role.WORKER, reason="查询"
    )
    withdrawn = account_request_create(
        actor=world.carol, union=world.union_c, full_name="周八", username="zhouba_x", role=Role.WORKER, reason="查询"
    )
    transition_perform(actor=world.carol, obj=withdrawn, name="withdraw")
    bob = client_for(world.bob)
    page = bob.get("/access/requests/?state=submitted").content.decode()
    assert "sunqi_x" in page
    assert "zhouba_x" not in page
    rows = bob.get("/access/requests/?state=withdrawn", headers={"HX-Request": "true"}).content.decode()
    assert "zhouba_x" in rows
    assert "<html" not in rows
    # township B sees neither, and the detail is 404
    assert "sunqi_x" not in client_for(world.bea).get("/access/requests/").content.decode()
    assert client_for(world.bea).get(submitted.get_absolute_url()).status_code == 404
    assert client_for(world.sid).get(submitted.get_absolute_url()).status_code == 404
    # a worker has no access at all
    assert client_for(world.wendy).get("/access/requests/").status_code == 403


def test_the_navigation_offers_account_requests(world, client_for):
    assert "/access/requests/" in client_for(world.bob).get("/home/").content.decode()
    assert "/access/requests/" in client_for(world.sam).get("/home/").content.decode()


def test_the_leak_walker_sample_is_visible_to_those_entitled(world, client_for):
    """Positive control for the samplers: the marked request does show inside township A."""
    from gonghui.core.access.leak_samplers import sample_request
    from gonghui.core.testing.world import MARKER
    from gonghui.core.workflow.models import TimelineEntry

    request_id = sample_request(world)
    assert sample_request(world) == request_id  # idempotent
    bob = client_for(world.bob)
    assert MARKER in bob.get(f"/access/requests/{request_id}/").content.decode()
    entry = TimelineEntry.unscoped.get(object_id=request_id, workflow="account_request")
    download = bob.get(f"/workflow/attachments/{entry.pk}/")
    assert b"".join(download.streaming_content) == MARKER.encode()
    # and a step posted with no data at all is still a step (Carol withdraws her own request)
    assert client_for(world.carol).post(f"/workflow/account_request/{request_id}/withdraw/").status_code == 302


def test_query_budget_of_the_detail_and_list_pages(world, client_for, django_assert_max_num_queries):
    for i in range(5):
        account_request_create(
            actor=world.carol, union=world.union_c, full_name="钱九", username=f"qb_{i}", role=Role.WORKER, reason="x"
        )
    request = AccountRequest.unscoped.filter(username="qb_0").get()
    sam = client_for(world.sam)
    sam.get("/access/requests/")  # warm caches (content types, session)
    with django_assert_max_num_queries(8):
        assert sam.get("/access/requests/").status_code == 200
    with django_assert_max_num_queries(9):
        assert sam.get(request.get_absolute_url()).status_code == 200


def test_the_request_list_exports_what_its_filters_show_phones_masked(world, client_for):
    from gonghui.core.testing.exports import export_of

    # given two requests of Bob's and one of Bea's
    account_request_create(actor=world.bob, **form_data(world, username="lisi_one", union=world.union_c))
    account_request_create(
        actor=world.bob, **form_data(world, username="lisi_two", full_name="王五", union=world.union_c)
    )
    account_request_create(actor=world.bea, **form_data(world, username="lisi_bea", union=world.union_d))

    # when Bob filters his list by a name
    exported = export_of(client_for(world.bob), "/access/requests/", {"q": "王五"})

    # then the export holds that request, its phone masked, and nothing of township B
    assert exported.column("用户名") == ["lisi_two"]
    assert exported.column("手机号码") == ["139****4321"]
    assert set(export_of(client_for(world.bob), "/access/requests/").column("用户名")) == {"lisi_one", "lisi_two"}
