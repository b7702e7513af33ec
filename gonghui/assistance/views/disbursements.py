"""Pages of disbursement batches and their grants."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.assistance import lists, selectors, services
from gonghui.assistance.classification import Category
from gonghui.assistance.forms import DisbursementForm, GrantForm
from gonghui.assistance.models import HardshipFile, HouseholdMember, Program
from gonghui.assistance.workflows import BatchState
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_action, service_form

# --- Disbursement batches ------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_disbursement", raise_exception=True)
def disbursement_list(request: AuthedRequest) -> HttpResponse:
    return lists.DISBURSEMENTS.render(request, "assistance/disbursement_list.html")


@login_required
@permission_required("assistance.view_grant", raise_exception=True)
def grant_list(request: AuthedRequest) -> HttpResponse:
    """Every grant to the households in scope, whichever union proposed the batch, with the rows' total."""
    rows = lists.GRANTS.queryset(request.user, request.GET)
    total = rows.order_by().aggregate(rows=Count("pk"), amount=Sum("amount"))
    total["amount"] = total["amount"] or Decimal("0")
    return lists.GRANTS.render(request, "assistance/grant_list.html", {"total": total})


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
    problems = (
        services.disbursement_problems(batch)
        if batch.state not in (BatchState.PAID, BatchState.CANCELLED, BatchState.APPROVED)
        else []
    )
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
        "editable": batch.state == BatchState.DRAFT and request.user.has_perm("assistance.change_disbursement"),
        "grant_form": GrantForm(),
        "is_education": batch.program.kind == Program.Kind.EDUCATION,
        "printable": batch.state in (BatchState.APPROVED, BatchState.PAID),
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
