"""Pages of hardship assistance: thin views over selectors and services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.assistance import selectors, services
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
from gonghui.assistance.workflows import DisbursementFlow, HardshipFileFlow
from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.pagination import paginate
from gonghui.members import selectors as member_selectors

PER_PAGE = 50


def _error_message(request: AuthedRequest, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        messages.error(request, _("You may not do this."))
    else:
        messages.error(request, " ".join(exc.messages))


# --- Files ---------------------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_hardshipfile", raise_exception=True)
def file_list(request: AuthedRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "").strip() for key in selectors.FILE_FILTERS}
    files = selectors.files_for_user(request.user, **filters)
    context = {
        "page": paginate(request, files, PER_PAGE),
        "filters": filters,
        "query": request.GET.urlencode(),
        "states": _state_choices(HardshipFileFlow),
        "categories": Category.choices,
        "causes": HardshipFile.Cause.choices,
        "townships": selectors.townships_for_user(request.user),
    }
    template = "assistance/file_list.html#rows" if request.htmx else "assistance/file_list.html"
    return render(request, template, context)


def _state_choices(flow: Any) -> list[tuple[str, str]]:
    return [(state.name, state.label) for state in flow.states]


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
    form = FileForm(request.POST or None, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            file = services.file_open(actor=request.user, worker=worker, **form.service_fields())
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("File %(number)s opened. Add the household members next.") % {"number": file.number}
            )
            return redirect(file.get_absolute_url())
    return render(request, "assistance/file_form.html", {"form": form, "worker": worker})


@login_required
@permission_required("assistance.view_hardshipfile", raise_exception=True)
def file_detail(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    services.file_viewed(actor=request.user, file=file)
    members = selectors.household_of(file)
    result = services.classification.classify(services.file_figures(file, size=1 + len(members)))
    today = timezone.localdate()
    context = {
        "file": file,
        "result": result,
        "members": members,
        "under_14": {m.pk for m in members if m.age_on(today) < services.CONSENT_AGE},
        "attachments": selectors.attachments_of(file),
        "grants": selectors.grants_of_file(file),
        "pairings": selectors.pairings_of(file),
        "open": file.state not in ("exited", "refused"),
        "exclusion_labels": [Exclusion.labels.get(code, code) for code in file.exclusion_list],
    }
    return render(request, "assistance/file_detail.html", context)


@login_required
@permission_required("assistance.change_hardshipfile", raise_exception=True)
def file_edit(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    form = FileForm(request.POST or None, instance=file)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_update(actor=request.user, file=file, **form.service_fields())
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(file.get_absolute_url())
    return render(request, "assistance/file_form.html", {"form": form, "worker": file.worker, "file": file})


@login_required
@permission_required("assistance.add_householdmember", raise_exception=True)
def member_add(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    form = HouseholdMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_add(actor=request.user, file=file, **form.service_fields())
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Household member added."))
            return redirect(file.get_absolute_url())
    return render(request, "assistance/member_form.html", {"form": form, "file": file})


@login_required
@permission_required("assistance.change_householdmember", raise_exception=True)
def member_edit(request: AuthedRequest, household_member_id: int) -> HttpResponse:
    member = selectors.get_household_member_for_user(request.user, household_member_id)
    form = HouseholdMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_update(actor=request.user, member=member, **form.service_fields())
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(member.file.get_absolute_url())
    return render(request, "assistance/member_form.html", {"form": form, "file": member.file, "member": member})


@login_required
@permission_required("assistance.delete_householdmember", raise_exception=True)
@require_POST
def member_remove(request: AuthedRequest, household_member_id: int) -> HttpResponse:
    member = selectors.get_household_member_for_user(request.user, household_member_id)
    try:
        services.household_member_remove(actor=request.user, member=member)
    except (ValidationError, PermissionDenied) as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("Household member removed."))
    return redirect(member.file.get_absolute_url())


@login_required
@permission_required("assistance.change_householdmember", raise_exception=True)
def consent_record(request: AuthedRequest, household_member_id: int) -> HttpResponse:
    member = selectors.get_household_member_for_user(request.user, household_member_id)
    form = ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.guardian_consent_record(actor=request.user, member=member, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The guardian's consent is recorded."))
            return redirect(member.file.get_absolute_url())
    return render(request, "assistance/consent_form.html", {"form": form, "member": member, "file": member.file})


@login_required
@permission_required("assistance.add_fileattachment", raise_exception=True)
def attachment_add(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_attachment_add(
                actor=request.user, file=file, kind=form.cleaned_data["kind"], upload=form.cleaned_data["document"]
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document attached."))
            return redirect(file.get_absolute_url())
    return render(request, "assistance/attachment_form.html", {"form": form, "file": file})


@login_required
@permission_required("assistance.view_fileattachment", raise_exception=True)
def attachment_download(request: AuthedRequest, file_attachment_id: int) -> FileResponse:
    attachment = selectors.get_attachment_for_user(request.user, file_attachment_id)
    try:
        handle = attachment.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.file_attachment_viewed(actor=request.user, attachment=attachment)
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("assistance.add_pairing", raise_exception=True)
def pairing_add(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    form = PairingForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_create(actor=request.user, file=file, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cadre paired with the household."))
            return redirect(file.get_absolute_url())
    return render(request, "assistance/simple_form.html", {"form": form, "file": file, "title": _("Pair a cadre")})


@login_required
@permission_required("assistance.add_pairingvisit", raise_exception=True)
def pairing_visit_add(request: AuthedRequest, pairing_id: int) -> HttpResponse:
    pairing = selectors.get_pairing_for_user(request.user, pairing_id)
    form = PairingVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_visit_add(actor=request.user, pairing=pairing, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(pairing.file.get_absolute_url())
    context = {
        "form": form,
        "file": pairing.file,
        "title": _("Record a visit of %(cadre)s") % {"cadre": pairing.cadre_name},
    }
    return render(request, "assistance/simple_form.html", context)


@login_required
@permission_required("assistance.change_pairing", raise_exception=True)
@require_POST
def pairing_end(request: AuthedRequest, pairing_id: int) -> HttpResponse:
    pairing = selectors.get_pairing_for_user(request.user, pairing_id)
    try:
        services.pairing_end(actor=request.user, pairing=pairing, ends_on=timezone.localdate())
    except (ValidationError, PermissionDenied) as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("Pairing ended."))
    return redirect(pairing.file.get_absolute_url())


@login_required
@permission_required("assistance.view_hardshipfile", raise_exception=True)
def notice_list(request: AuthedRequest) -> HttpResponse:
    """The public notice (公示): masked names only, printable for the notice board."""
    notices = list(selectors.notices_for_user(request.user)[:500])
    return render(request, "assistance/notice_list.html", {"notices": notices, "today": timezone.localdate()})


# --- Programmes ----------------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_program", raise_exception=True)
def program_list(request: AuthedRequest) -> HttpResponse:
    programs = selectors.with_level_amounts(list(selectors.programs_for_user(request.user)))
    return render(request, "assistance/program_list.html", {"programs": programs})


def _program_forms(request: AuthedRequest, program: Program | None) -> tuple[Any, Any, Any]:
    if program is not None:
        # A programme's rows belong to its union, which may be above the user: read with the
        # programme (its visibility was checked by the selector).
        sources = [
            {"kind": s.kind, "description": s.description, "amount": s.amount}
            for s in FundingSource._base_manager.filter(program=program)
        ]
        rates = [
            {"level": r.level, "filed_amount": r.filed_amount, "unfiled_amount": r.unfiled_amount}
            for r in EducationRate._base_manager.filter(program=program)
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
    if request.method == "POST" and form.is_valid() and source_set.is_valid() and rate_set.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProgramForm.Meta.fields}
        try:
            program = services.program_create(
                actor=request.user,
                union=request.user.union,
                sources=_formset_rows(source_set),
                rates=_formset_rows(rate_set),
                **fields,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Programme created."))
            return redirect(program.get_absolute_url())
    context = {"form": form, "source_set": source_set, "rate_set": rate_set}
    return render(request, "assistance/program_form.html", context)


@login_required
@permission_required("assistance.change_program", raise_exception=True)
def program_edit(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.get_program_for_user(request.user, program_id)
    if not selectors.program_may_change(request.user, program):
        raise PermissionDenied
    form, source_set, rate_set = _program_forms(request, program)
    if request.method == "POST" and form.is_valid() and source_set.is_valid() and rate_set.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProgramForm.Meta.fields}
        try:
            services.program_update(
                actor=request.user,
                program=program,
                sources=_formset_rows(source_set),
                rates=_formset_rows(rate_set),
                **fields,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(program.get_absolute_url())
    context = {"form": form, "source_set": source_set, "rate_set": rate_set, "program": program}
    return render(request, "assistance/program_form.html", context)


@login_required
@permission_required("assistance.view_program", raise_exception=True)
def program_detail(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.get_program_for_user(request.user, program_id)
    selectors.with_level_amounts([program])
    context = {
        "program": program,
        "money": selectors.program_money(request.user, program),
        "sources": list(FundingSource._base_manager.filter(program=program)),
        "rates": list(EducationRate._base_manager.filter(program=program)),
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
    form = PovertyLineForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.poverty_line_set(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("assistance:poverty_lines")
    context = {"lines": list(selectors.poverty_lines()), "form": form, "may_change": may_change}
    return render(request, "assistance/poverty_lines.html", context)


# --- Disbursement batches ------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_disbursement", raise_exception=True)
def disbursement_list(request: AuthedRequest) -> HttpResponse:
    state = request.GET.get("state", "").strip()
    page = paginate(request, selectors.disbursements_for_user(request.user, state=state), PER_PAGE)
    page.object_list = selectors.with_totals(list(page.object_list))
    context = {"page": page, "state": state, "states": _state_choices(DisbursementFlow)}
    return render(request, "assistance/disbursement_list.html", context)


@login_required
@permission_required("assistance.add_disbursement", raise_exception=True)
def disbursement_create(request: AuthedRequest) -> HttpResponse:
    programs = selectors.programs_for_user(request.user, year=None)
    form = DisbursementForm(request.POST or None, programs=programs, initial={"program": request.GET.get("program")})
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.disbursement_create(
                actor=request.user,
                program=form.cleaned_data["program"],
                union=request.user.union,
                title=form.cleaned_data["title"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Batch %(number)s made: add the households.") % {"number": batch.number})
            return redirect(batch.get_absolute_url())
    return render(request, "assistance/simple_form.html", {"form": form, "title": _("New disbursement batch")})


@login_required
@permission_required("assistance.view_disbursement", raise_exception=True)
def disbursement_detail(request: AuthedRequest, disbursement_id: int) -> HttpResponse:
    batch = selectors.get_disbursement_for_user(request.user, disbursement_id)
    grants = selectors.grants_of_batch(batch)
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
    try:
        services.grant_add(
            actor=request.user,
            batch=batch,
            file=file,
            amount=form.cleaned_data["amount"],
            student=student,
            goods=form.cleaned_data["goods"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("%(number)s added.") % {"number": file.number})
    return redirect(batch.get_absolute_url())


@login_required
@permission_required("assistance.change_disbursement", raise_exception=True)
@require_POST
def grants_add_eligible(request: AuthedRequest, disbursement_id: int) -> HttpResponse:
    batch = selectors.get_disbursement_for_user(request.user, disbursement_id)
    categories = [c for c in request.POST.getlist("category") if c in Category.qualifying] or [Category.DEEP]
    try:
        added = services.grants_add_eligible(actor=request.user, batch=batch, categories=categories)
    except (ValidationError, PermissionDenied) as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("%(n)d households added.") % {"n": added})
    return redirect(batch.get_absolute_url())


@login_required
@permission_required("assistance.change_disbursement", raise_exception=True)
@require_POST
def grant_remove(request: AuthedRequest, grant_id: int) -> HttpResponse:
    grant = selectors.get_grant_for_user(request.user, grant_id)
    batch = grant.disbursement
    try:
        services.grant_remove(actor=request.user, grant=grant)
    except (ValidationError, PermissionDenied) as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("Removed from the batch."))
    return redirect(batch.get_absolute_url())


# --- Annual review -------------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_reviewround", raise_exception=True)
def review_list(request: AuthedRequest) -> HttpResponse:
    form = ReviewRoundForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("assistance.add_reviewround"):
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.review_round_open(
                    actor=request.user,
                    union=request.user.union,
                    year=form.cleaned_data["year"],
                    share=form.cleaned_data["spot_check_share"],
                )
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Review opened."))
                return redirect(review.get_absolute_url())
    context = {
        "rounds": list(selectors.review_rounds_for_user(request.user)),
        "form": form,
        "may_open": request.user.has_perm("assistance.add_reviewround"),
    }
    return render(request, "assistance/review_list.html", context)


@login_required
@permission_required("assistance.view_reviewround", raise_exception=True)
def review_detail(request: AuthedRequest, review_round_id: int) -> HttpResponse:
    review = selectors.get_review_round_for_user(request.user, review_round_id)
    pending = request.GET.get("pending") == "1"
    spot = request.GET.get("spot") == "1"
    reviews = selectors.reviews_of_round(review, pending_only=pending, spot_only=spot)
    context = {"review": review, "page": paginate(request, reviews, PER_PAGE), "pending": pending, "spot": spot}
    return render(request, "assistance/review_detail.html", context)


@login_required
@permission_required("assistance.change_filereview", raise_exception=True)
def file_review_record(request: AuthedRequest, file_review_id: int) -> HttpResponse:
    review = selectors.get_file_review_for_user(request.user, file_review_id)
    form = FileReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_review_record(actor=request.user, review=review, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Review recorded."))
            return redirect(review.round.get_absolute_url())
    context = {
        "form": form,
        "file": review.file,
        "review": review,
        "title": _("Review of %(number)s") % {"number": review.file.number},
        "is_spot": review.spot_check,
        "outcomes": FileReview.Outcome.choices,
    }
    return render(request, "assistance/simple_form.html", context)
