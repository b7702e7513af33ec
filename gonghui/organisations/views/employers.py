"""Pages of employers: the list, one employer, adding and editing one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import service_form
from gonghui.organisations import lists, selectors, services
from gonghui.organisations.forms import EmployerForm


@login_required
@permission_required("organisations.view_employer", raise_exception=True)
def employer_list(request: AuthedRequest) -> HttpResponse:
    return lists.EMPLOYERS.render(request, "organisations/employer_list.html")


@login_required
@permission_required("organisations.view_employer", raise_exception=True)
def employer_detail(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = selectors.get_employer_for_user(request.user, employer_id)
    union = employer.covering_union
    profile = selectors.union_profile_for_user(request.user, union) if union is not None else None
    seats = selectors.committee_for_user(request.user, union) if union is not None else []
    chair = next((s for s in seats if s.body == "committee" and s.position in ("chair", "organizer")), None)
    context = {
        "employer": employer,
        "union": union,
        "profile": profile,
        "chair": chair,
        "flags": selectors.union_flags(union, profile, seats, employer.headcount) if union is not None else [],
    }
    return render(request, "organisations/employer_detail.html", context)


def _union_for_new_employer(request: AuthedRequest, form: EmployerForm) -> Any:
    data = form.cleaned_data
    return data.get("keeper") or data.get("own_union") or data.get("joint_union") or request.user.union


@login_required
@permission_required("organisations.add_employer", raise_exception=True)
def employer_create(request: AuthedRequest) -> HttpResponse:
    return service_form(
        request,
        EmployerForm(request.POST or None),
        lambda form: services.employer_create(
            actor=request.user, union=_union_for_new_employer(request, form), **form.service_fields()
        ),
        template="organisations/employer_form.html",
        success=lambda employer: employer.get_absolute_url(),
        message=lambda employer: _("%(name)s added.") % {"name": employer.name},
    )


@login_required
@permission_required("organisations.change_employer", raise_exception=True)
def employer_edit(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = selectors.get_employer_for_user(request.user, employer_id)
    form = EmployerForm(request.POST or None, initial=EmployerForm.initial_for(employer), employer=employer)
    del form.fields["keeper"]

    def update(form: EmployerForm) -> None:
        changed = {name: value for name, value in form.service_fields().items() if name in form.changed_data}
        if {"union_status", "own_union", "joint_union"} & set(form.changed_data):
            # The links only make sense together with the status: pass all three.
            for name in ("union_status", "own_union", "joint_union"):
                changed[name] = form.cleaned_data[name]
        services.employer_update(actor=request.user, employer=employer, **changed)

    return service_form(
        request,
        form,
        update,
        template="organisations/employer_form.html",
        context={"employer": employer},
        success=employer.get_absolute_url(),
        message=_("Saved."),
    )
