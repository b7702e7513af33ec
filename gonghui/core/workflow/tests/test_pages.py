"""The step form, the timeline and the attachment download, through the pages."""

from __future__ import annotations

from gonghui.core.access.models import AccountRequest
from gonghui.core.workflow.models import TimelineEntry


def step_url(request, step: str) -> str:
    return f"/workflow/account_request/{request.pk}/{step}/"


def test_reject_through_the_page_needs_a_reason_and_keeps_an_attachment(
    world, make_request, client_for, attachments_dir
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = make_request()
    sam = client_for(world.sam)
    # given the step form
    assert sam.get(step_url(request, "reject")).status_code == 200
    # when posted without a reason, the form says so
    response = sam.post(step_url(request, "reject"), {"note": ""})
    assert response.status_code == 200
    assert AccountRequest.unscoped.get(pk=request.pk).state == "submitted"
    # when posted with a reason and a file, it redirects to the request
    upload = SimpleUploadedFile("意见.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = sam.post(step_url(request, "reject"), {"note": "不符合条件", "attachment": upload})
    assert response.status_code == 302
    assert response["Location"] == request.get_absolute_url()
    # then the detail page shows the timeline with the reason and the attachment link
    page = sam.get(request.get_absolute_url()).content.decode()
    entry = TimelineEntry.unscoped.filter(object_id=request.pk, transition="reject").get()
    assert "不符合条件" in page
    assert f"/workflow/attachments/{entry.pk}/" in page
    # and the file downloads for those in scope, never inline
    download = sam.get(f"/workflow/attachments/{entry.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    # and is 404 for township B
    assert client_for(world.sid).get(f"/workflow/attachments/{entry.pk}/").status_code == 404
    assert client_for(world.bea).get(f"/workflow/attachments/{entry.pk}/").status_code == 404


def test_step_pages_are_404_outside_scope_and_403_for_the_wrong_role(world, make_request, client_for):
    request = make_request()
    assert client_for(world.sid).get(step_url(request, "approve")).status_code == 404
    assert client_for(world.sid).post(step_url(request, "approve")).status_code == 404
    assert client_for(world.carol).post(step_url(request, "approve")).status_code == 403
    assert client_for(world.sam).get(f"/workflow/account_request/{request.pk}/teleport/").status_code == 404
    assert client_for(world.sam).get(f"/workflow/nothing/{request.pk}/approve/").status_code == 404
    assert AccountRequest.unscoped.get(pk=request.pk).state == "submitted"


def test_the_buttons_offer_only_the_steps_the_user_may_take(world, make_request, client_for):
    request = make_request()
    sam_page = client_for(world.sam).get(request.get_absolute_url()).content.decode()
    carol_page = client_for(world.carol).get(request.get_absolute_url()).content.decode()
    assert "step-approve" in sam_page
    assert "step-reject" in sam_page
    assert "step-withdraw" not in sam_page
    assert "step-withdraw" in carol_page
    assert "step-approve" not in carol_page


def test_the_step_form_comes_as_a_partial_for_htmx(world, make_request, client_for):
    request = make_request()
    response = client_for(world.sam).get(step_url(request, "reject"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"transition-form" in response.content
