from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.tree import selectors as tree_selectors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_action, service_form
from gonghui.organisations import lists, selectors, services
from gonghui.organisations.forms import CommitteeMemberForm, EmployerForm, UnionProfileForm


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


@login_required
@permission_required("organisations.view_unionprofile", raise_exception=True)
def union_profile(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = tree_selectors.get_union_for_user(request.user, union_id)
    profile = selectors.union_profile_for_user(request.user, union)
    seats = selectors.committee_for_user(request.user, union)
    employers = selectors.employers_of_union(request.user, union)
    own = employers.filter(own_union=union).first()
    covered = employers.filter(joint_union=union)
    covered_rows = list(covered[:100])
    covered_workers = (covered.aggregate(workers=Sum("headcount"))["workers"] or 0) if covered_rows else 0
    bodies: dict[str, list[Any]] = {}
    for seat in seats:
        bodies.setdefault(seat.get_body_display(), []).append(seat)
    context = {
        "union": union,
        "profile": profile,
        "bodies": bodies,
        "own_employer": own,
        "covered": covered_rows,
        "covered_total": len(covered_rows) if len(covered_rows) < 100 else covered.count(),
        "covered_workers": covered_workers,
        "flags": selectors.union_flags(union, profile, seats, own.headcount if own is not None else None),
        "committee_form": CommitteeMemberForm(),
        "committee_form_kind": services.committee_form_for(union, profile.member_count if profile else 0),
    }
    return render(request, "organisations/union_profile.html", context)


@login_required
@permission_required("organisations.view_unionprofile", raise_exception=True)
def re_election_list(request: AuthedRequest) -> HttpResponse:
    """Unions whose re-election falls due within 90 days or is overdue (the reminders behind the count)."""
    return lists.RE_ELECTIONS.render(request, "organisations/re_election_list.html", {"today": timezone.localdate()})


@login_required
@permission_required("organisations.change_unionprofile", raise_exception=True)
def union_profile_edit(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = tree_selectors.get_union_for_user(request.user, union_id)
    profile = selectors.union_profile_for_user(request.user, union)
    initial = {"union_type": services.DEFAULT_TYPES[union.kind]} if profile is None else None
    return service_form(
        request,
        UnionProfileForm(request.POST or None, instance=profile, initial=initial),
        lambda form: services.union_profile_update(
            actor=request.user, union=union, **{name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        ),
        template="organisations/union_profile_form.html",
        context={"union": union},
        success=reverse("organisations:union_profile", kwargs={"union_id": union.pk}),
        message=_("Saved."),
    )


@login_required
@permission_required("organisations.add_committeemember", raise_exception=True)
def committee_member_add(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = tree_selectors.get_union_for_user(request.user, union_id)
    return service_form(
        request,
        CommitteeMemberForm(request.POST or None),
        lambda form: services.committee_member_add(actor=request.user, union=union, **form.cleaned_data),
        template="organisations/committee_member_form.html",
        context={"union": union},
        success=reverse("organisations:union_profile", kwargs={"union_id": union.pk}),
        message=lambda member: _("%(name)s added.") % {"name": member.name},
    )


@login_required
@permission_required("organisations.delete_committeemember", raise_exception=True)
@destructive
def committee_member_remove(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = selectors.get_committee_member_for_user(request.user, member_id)
    return service_action(
        request,
        lambda: services.committee_member_remove(actor=request.user, member=member),
        success=reverse("organisations:union_profile", kwargs={"union_id": member.union_id}),
        message=_("%(name)s removed.") % {"name": member.name},
    )
