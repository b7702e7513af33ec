"""Pages of programmes and the minimum living standard."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import lists, selectors, services
from gonghui.assistance.forms import EducationRateFormSet, FundingSourceFormSet, PovertyLineForm, ProgramForm
from gonghui.assistance.models import EducationRate, FundingSource, Program
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import service_form

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
