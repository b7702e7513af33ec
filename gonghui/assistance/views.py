"""Pages of hardship assistance: thin views over selectors and services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.assistance import lists, selectors, services
from gonghui.assistance.classification import Category, Exclusion
from gonghui.assistance.forms import (
    AttachmentForm,
    ConsentForm,
    DisbursementForm,
    EducationRateFormSet,
    FileForm,
    FileReviewForm,
    FundingSourceFormSet,
    GrantForm,
    HouseholdMemberForm,
    PairingForm,
    PairingVisitForm,
    PovertyLineForm,
    ProgramForm,
    ReviewRoundForm,
)
from gonghui.assistance.models import (
    EducationRate,
    FileReview,
    FundingSource,
    HardshipFile,
    HouseholdMember,
    Program,
)
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
    q = request.GET.get("q", "").strip()
    workers = []
    if q:
        workers = list(member_selectors.workers_for_user(request.user, q=q).select_related("union", "employer")[:20])
    return render(request, "assistance/file_new.html", {"q": q, "workers": workers})


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
    result = services.classification.classify(services.file_figures(file, size=1 + len(members)))
    today = timezone.localdate()
    context = {
        "file": file,
        "result": result,
        "members": members,
        "under_14": {m.pk for m in members if m.age_on(today) < services.CONSENT_AGE},
        "attachments": selectors.attachments_of(request.user, file),
        "grants": selectors.grants_of_file(request.user, file),
        "pairings": selectors.pairings_of(request.user, file),
        "open": file.state not in ("exited", "refused"),
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
@permission_required("assistance.add_pairing", raise_exception=True)
def pairing_add(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    return service_form(
        request,
        PairingForm(request.POST or None, initial={"starts_on": timezone.localdate()}),
        lambda form: services.pairing_create(actor=request.user, file=file, **form.cleaned_data),
        template="assistance/simple_form.html",
        context={"file": file, "title": _("Pair a cadre")},
        success=file.get_absolute_url(),
        message=_("Cadre paired with the household."),
    )


@login_required
@permission_required("assistance.add_pairingvisit", raise_exception=True)
def pairing_visit_add(request: AuthedRequest, pairing_id: int) -> HttpResponse:
    pairing = selectors.get_pairing_for_user(request.user, pairing_id)
    return service_form(
        request,
        PairingVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()}),
        lambda form: services.pairing_visit_add(actor=request.user, pairing=pairing, **form.cleaned_data),
        template="assistance/simple_form.html",
        context={"file": pairing.file, "title": _("Record a visit of %(cadre)s") % {"cadre": pairing.cadre_name}},
        success=pairing.file.get_absolute_url(),
        message=_("Visit recorded."),
    )


@login_required
@permission_required("assistance.change_pairing", raise_exception=True)
@destructive
def pairing_end(request: AuthedRequest, pairing_id: int) -> HttpResponse:
    pairing = selectors.get_pairing_for_user(request.user, pairing_id)
    return service_action(
        request,
        lambda: services.pairing_end(actor=request.user, pairing=pairing, ends_on=timezone.localdate()),
        success=pairing.file.get_absolute_url(),
        message=_("Pairing ended."),
    )


@login_required
@permission_required("assistance.view_hardshipfile", raise_exception=True)
def notice_list(request: AuthedRequest) -> HttpResponse:
    """The public notice (公示): masked names only, printable for the notice board."""
    return lists.NOTICES.render(request, "assistance/notice_list.html", {"today": timezone.localdate()})


# --- Programmes ----------------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_program", raise_exception=True)
def program_list(request: AuthedRequest) -> HttpResponse:
    return lists.PROGRAMMES.render(request, "assistance/program_list.html")


def _program_forms(request: AuthedRequest, program: Program | None) -> tuple[Any, Any, Any]:
    if program is not None:
        # A programme's rows belong to its union, which may be above the user: read with the
        # programme (its visibility was checked by the selector).
        sources = [
            {"kind": s.kind, "description": s.description, "amount": s.amount}
            # unscoped: the rows of a programme the selector let the user see, run above them
            for s in FundingSource.unscoped.filter(program=program)
        ]
        rates = [
            {"level": r.level, "filed_amount": r.filed_amount, "unfiled_amount": r.unfiled_amount}
            # unscoped: the rows of a programme the selector let the user see, run above them
            for r in EducationRate.unscoped.filter(program=program)
        ]
    else:
        sources, rates = [], []
    form = ProgramForm(request.POST or None, instance=program)
    source_set = FundingSourceFormSet(request.POST or None, prefix="sources", initial=sources)
    rate_set = EducationRateFormSet(request.POST or None, prefix="rates", initial=rates)
    return form, source_set, rate_set


def _formset_rows(formset: Any) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({key: value for key, value in data.items() if key != "DELETE"})
    return rows


@login_required
@permission_required("assistance.add_program", raise_exception=True)
def program_create(request: AuthedRequest) -> HttpResponse:
    form, source_set, rate_set = _program_forms(request, None)
    return service_form(
        request,
        form,
        lambda form: services.program_create(
            actor=request.user,
            union=request.user.union,
            sources=_formset_rows(source_set),
            rates=_formset_rows(rate_set),
            **{name: form.cleaned_data[name] for name in ProgramForm.Meta.fields},
        ),
        valid=source_set.is_valid() & rate_set.is_valid(),
        template="assistance/program_form.html",
        context={"source_set": source_set, "rate_set": rate_set},
        success=lambda program: program.get_absolute_url(),
        message=_("Programme created."),
    )


@login_required
@permission_required("assistance.change_program", raise_exception=True)
def program_edit(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.get_program_for_user(request.user, program_id)
    if not selectors.program_may_change(request.user, program):
        raise PermissionDenied
    form, source_set, rate_set = _program_forms(request, program)
    return service_form(
        request,
        form,
        lambda form: services.program_update(
            actor=request.user,
            program=program,
            sources=_formset_rows(source_set),
            rates=_formset_rows(rate_set),
            **{name: form.cleaned_data[name] for name in ProgramForm.Meta.fields},
        ),
        valid=source_set.is_valid() & rate_set.is_valid(),
        template="assistance/program_form.html",
        context={"source_set": source_set, "rate_set": rate_set, "program": program},
        success=program.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("assistance.view_program", raise_exception=True)
def program_detail(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.get_program_for_user(request.user, program_id)
    selectors.with_level_amounts([program])
    context = {
        "program": program,
        "money": selectors.program_money(request.user, program),
        # unscoped: the rows of a programme the selector let the user see, run above them
        "sources": list(FundingSource.unscoped.filter(program=program)),
        # unscoped: the rows of a programme the selector let the user see, run above them
        "rates": list(EducationRate.unscoped.filter(program=program)),
        "batches": selectors.with_totals(
            list(selectors.disbursements_for_user(request.user, program=str(program.pk))[:100])
        ),
        "may_change": selectors.program_may_change(request.user, program),
    }
    return render(request, "assistance/program_detail.html", context)


@login_required
@permission_required("assistance.view_program", raise_exception=True)
def poverty_lines(request: AuthedRequest) -> HttpResponse:
    may_change = request.user.has_perm("assistance.change_povertyline")
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    return service_form(
        request,
        PovertyLineForm(request.POST or None, initial={"year": timezone.localdate().year}),
        lambda form: services.poverty_line_set(actor=request.user, **form.cleaned_data),
        template="assistance/poverty_lines.html",
        context={"lines": list(selectors.poverty_lines()), "may_change": may_change},
        success=reverse("assistance:poverty_lines"),
        message=_("Saved."),
    )


# --- Disbursement batches ------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_disbursement", raise_exception=True)
def disbursement_list(request: AuthedRequest) -> HttpResponse:
    return lists.DISBURSEMENTS.render(request, "assistance/disbursement_list.html")


@login_required
@permission_required("assistance.add_disbursement", raise_exception=True)
def disbursement_create(request: AuthedRequest) -> HttpResponse:
    programs = selectors.programs_for_user(request.user, year=None)
    return service_form(
        request,
        DisbursementForm(request.POST or None, programs=programs, initial={"program": request.GET.get("program")}),
        lambda form: services.disbursement_create(
            actor=request.user,
            program=form.cleaned_data["program"],
            union=request.user.union,
            title=form.cleaned_data["title"],
        ),
        template="assistance/simple_form.html",
        context={"title": _("New disbursement batch")},
        success=lambda batch: batch.get_absolute_url(),
        message=lambda batch: _("Batch %(number)s made: add the households.") % {"number": batch.number},
    )


@login_required
@permission_required("assistance.view_disbursement", raise_exception=True)
def disbursement_detail(request: AuthedRequest, disbursement_id: int) -> HttpResponse:
    batch = selectors.get_disbursement_for_user(request.user, disbursement_id)
    grants = selectors.grants_of_batch(request.user, batch)
    problems = services.disbursement_problems(batch) if batch.state not in ("paid", "cancelled", "approved") else []
    by_grant: dict[int | None, list[services.Problem]] = {}
    for problem in problems:
        by_grant.setdefault(problem.grant_id, []).append(problem)
    total = sum((grant.amount for grant in grants), Decimal("0"))
    context = {
        "batch": batch,
        "program": batch.program,
        "grants": grants,
        "problems": problems,
        "blocking": [p for p in problems if p.blocking],
        "by_grant": by_grant,
        "total": total,
        "editable": batch.state == "draft" and request.user.has_perm("assistance.change_disbursement"),
        "grant_form": GrantForm(),
        "is_education": batch.program.kind == Program.Kind.EDUCATION,
        "printable": batch.state in ("approved", "paid"),
        "money": selectors.program_money(request.user, batch.program),
    }
    return render(request, "assistance/disbursement_detail.html", context)


@login_required
@permission_required("assistance.change_disbursement", raise_exception=True)
@require_POST
def grant_add(request: AuthedRequest, disbursement_id: int) -> HttpResponse:
    batch = selectors.get_disbursement_for_user(request.user, disbursement_id)
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the file number and, if it differs from the programme's, the amount."))
        return redirect(batch.get_absolute_url())
    number = form.cleaned_data["file_number"].strip().upper()
    file = HardshipFile.objects.select_related("worker").filter(number=number).first()
    if file is None:
        messages.error(request, _("No file %(number)s in your part of the union tree.") % {"number": number})
        return redirect(batch.get_absolute_url())
    student = None
    student_id = form.cleaned_data.get("student")
    if student_id:
        student = HouseholdMember.objects.filter(pk=student_id, file=file).first()
    elif batch.program.kind == Program.Kind.EDUCATION:
        # The household's pupil or student: the first member in school.
        student = HouseholdMember.objects.filter(file=file).exclude(schooling="").order_by("-birth_date").first()
    return service_action(
        request,
        lambda: services.grant_add(
            actor=request.user,
            batch=batch,
            file=file,
            amount=form.cleaned_data["amount"],
            student=student,
            goods=form.cleaned_data["goods"],
        ),
        success=batch.get_absolute_url(),
        message=_("%(number)s added.") % {"number": file.number},
    )


@login_required
@permission_required("assistance.change_disbursement", raise_exception=True)
@require_POST
def grants_add_eligible(request: AuthedRequest, disbursement_id: int) -> HttpResponse:
    batch = selectors.get_disbursement_for_user(request.user, disbursement_id)
    categories = [c for c in request.POST.getlist("category") if c in Category.qualifying] or [Category.DEEP]
    return service_action(
        request,
        lambda: services.grants_add_eligible(actor=request.user, batch=batch, categories=categories),
        success=batch.get_absolute_url(),
        message=lambda added: _("%(n)d households added.") % {"n": added},
    )


@login_required
@permission_required("assistance.change_disbursement", raise_exception=True)
@destructive
def grant_remove(request: AuthedRequest, grant_id: int) -> HttpResponse:
    grant = selectors.get_grant_for_user(request.user, grant_id)
    return service_action(
        request,
        lambda: services.grant_remove(actor=request.user, grant=grant),
        success=grant.disbursement.get_absolute_url(),
        message=_("Removed from the batch."),
    )


# --- Annual review -------------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_reviewround", raise_exception=True)
def review_list(request: AuthedRequest) -> HttpResponse:
    """The annual reviews (the list), and the form opening this year's (POST)."""
    may_open = request.user.has_perm("assistance.add_reviewround")
    if request.method != "POST":
        context = {"form": ReviewRoundForm(), "may_open": may_open}
        return lists.REVIEW_ROUNDS.render(request, "assistance/review_list.html", context)
    if not may_open:
        raise PermissionDenied
    form = ReviewRoundForm(request.POST)
    response = service_form(
        request,
        form,
        lambda form: services.review_round_open(
            actor=request.user,
            union=request.user.union,
            year=form.cleaned_data["year"],
            share=form.cleaned_data["spot_check_share"],
        ),
        template="assistance/review_list.html",
        success=lambda review: review.get_absolute_url(),
        message=_("Review opened."),
    )
    if response.status_code != 200:
        return response
    # Refused: the list again, with the form and its errors.
    return lists.REVIEW_ROUNDS.render(request, "assistance/review_list.html", {"form": form, "may_open": may_open})


@login_required
@permission_required("assistance.view_reviewround", raise_exception=True)
def review_detail(request: AuthedRequest, review_round_id: int) -> HttpResponse:
    review = selectors.get_review_round_for_user(request.user, review_round_id)
    return lists.FILE_REVIEWS.render(
        request, "assistance/review_detail.html", {"review": review}, forced={"round": str(review.pk)}
    )


@login_required
@permission_required("assistance.change_filereview", raise_exception=True)
def file_review_record(request: AuthedRequest, file_review_id: int) -> HttpResponse:
    review = selectors.get_file_review_for_user(request.user, file_review_id)
    context = {
        "file": review.file,
        "review": review,
        "title": _("Review of %(number)s") % {"number": review.file.number},
        "is_spot": review.spot_check,
        "outcomes": FileReview.Outcome.choices,
    }
    return service_form(
        request,
        FileReviewForm(request.POST or None),
        lambda form: services.file_review_record(actor=request.user, review=review, **form.cleaned_data),
        template="assistance/simple_form.html",
        context=context,
        success=review.round.get_absolute_url(),
        message=_("Review recorded."),
    )
