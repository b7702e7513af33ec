"""Pages of hardship files: the list, opening, editing, the household, consents, attachments, the notice."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import classification, lists, selectors, services
from gonghui.assistance.classification import Exclusion
from gonghui.assistance.forms import AttachmentForm, ConsentForm, FileForm, HouseholdMemberForm
from gonghui.assistance.workflows import FileState
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, download, service_action, service_form
from gonghui.members import selectors as member_selectors

# --- Files ---------------------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_hardshipfile", raise_exception=True)
def file_list(request: AuthedRequest) -> HttpResponse:
    return lists.FILES.render(request, "assistance/file_list.html")


@login_required
@permission_required("assistance.add_hardshipfile", raise_exception=True)
def file_new(request: AuthedRequest) -> HttpResponse:
    """Find the applicant among the workers in scope, then open the file on their page."""
    q = request.GET.get("q", "")
    workers = member_selectors.workers_to_pick(request.user, q)
    return render(request, "assistance/file_new.html", {"q": q, "picker_rows": workers})


@login_required
@permission_required("assistance.add_hardshipfile", raise_exception=True)
def file_open(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = member_selectors.get_worker_for_user(request.user, worker_id)
    if not member_selectors.worker_is_kept_by(request.user, worker):
        # Seen through a membership they transferred out of: the union keeping them now opens the file.
        raise Http404("the worker is not kept in the actor's scope")
    return service_form(
        request,
        FileForm(request.POST or None, worker=worker),
        lambda form: services.file_open(actor=request.user, worker=worker, **form.service_fields()),
        template="assistance/file_form.html",
        context={"worker": worker},
        success=lambda file: file.get_absolute_url(),
        message=lambda file: _("File %(number)s opened. Add the household members next.") % {"number": file.number},
    )


@login_required
@permission_required("assistance.view_hardshipfile", raise_exception=True)
def file_detail(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    services.file_viewed(actor=request.user, file=file)
    members = selectors.household_of(request.user, file)
    result = classification.classify(services.file_figures(file, size=1 + len(members)))
    today = timezone.localdate()
    context = {
        "file": file,
        "result": result,
        "members": members,
        "under_14": {m.pk for m in members if m.age_on(today) < services.CONSENT_AGE},
        "attachments": selectors.attachments_of(request.user, file),
        "grants": selectors.grants_of_file(request.user, file),
        "pairings": selectors.pairings_of(request.user, file),
        "open": file.state not in (FileState.EXITED, FileState.REFUSED),
        "exclusion_labels": [Exclusion.labels.get(code, code) for code in file.exclusion_list],
    }
    return render(request, "assistance/file_detail.html", context)


@login_required
@permission_required("assistance.change_hardshipfile", raise_exception=True)
def file_edit(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    return service_form(
        request,
        FileForm(request.POST or None, instance=file),
        lambda form: services.file_update(actor=request.user, file=file, **form.service_fields()),
        template="assistance/file_form.html",
        context={"worker": file.worker, "file": file},
        success=file.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("assistance.add_householdmember", raise_exception=True)
def member_add(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    return service_form(
        request,
        HouseholdMemberForm(request.POST or None),
        lambda form: services.household_member_add(actor=request.user, file=file, **form.service_fields()),
        template="assistance/member_form.html",
        context={"file": file},
        success=file.get_absolute_url(),
        message=_("Household member added."),
    )


@login_required
@permission_required("assistance.change_householdmember", raise_exception=True)
def member_edit(request: AuthedRequest, household_member_id: int) -> HttpResponse:
    member = selectors.get_household_member_for_user(request.user, household_member_id)
    return service_form(
        request,
        HouseholdMemberForm(request.POST or None, instance=member),
        lambda form: services.household_member_update(actor=request.user, member=member, **form.service_fields()),
        template="assistance/member_form.html",
        context={"file": member.file, "member": member},
        success=member.file.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("assistance.delete_householdmember", raise_exception=True)
@destructive
def member_remove(request: AuthedRequest, household_member_id: int) -> HttpResponse:
    member = selectors.get_household_member_for_user(request.user, household_member_id)
    return service_action(
        request,
        lambda: services.household_member_remove(actor=request.user, member=member),
        success=member.file.get_absolute_url(),
        message=_("Household member removed."),
    )


@login_required
@permission_required("assistance.change_householdmember", raise_exception=True)
def consent_record(request: AuthedRequest, household_member_id: int) -> HttpResponse:
    member = selectors.get_household_member_for_user(request.user, household_member_id)
    return service_form(
        request,
        ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()}),
        lambda form: services.guardian_consent_record(actor=request.user, member=member, **form.cleaned_data),
        template="assistance/consent_form.html",
        context={"member": member, "file": member.file},
        success=member.file.get_absolute_url(),
        message=_("The guardian's consent is recorded."),
    )


@login_required
@permission_required("assistance.add_fileattachment", raise_exception=True)
def attachment_add(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    return service_form(
        request,
        AttachmentForm(request.POST or None, request.FILES or None),
        lambda form: services.file_attachment_add(
            actor=request.user, file=file, kind=form.cleaned_data["kind"], upload=form.cleaned_data["document"]
        ),
        template="assistance/attachment_form.html",
        context={"file": file},
        success=file.get_absolute_url(),
        message=_("Document attached."),
    )


@login_required
@permission_required("assistance.view_fileattachment", raise_exception=True)
def attachment_download(request: AuthedRequest, file_attachment_id: int) -> FileResponse:
    attachment = selectors.get_attachment_for_user(request.user, file_attachment_id)
    try:
        handle = attachment.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.file_attachment_viewed(actor=request.user, attachment=attachment)
    return download(handle, attachment.name)


@login_required
@permission_required("assistance.view_hardshipfile", raise_exception=True)
def notice_list(request: AuthedRequest) -> HttpResponse:
    """The public notice (公示): masked names only, printable for the notice board."""
    return lists.NOTICES.render(request, "assistance/notice_list.html", {"today": timezone.localdate()})
