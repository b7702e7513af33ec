"""Pages of union records: the profile, re-elections due, committee seats."""

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
from gonghui.organisations.forms import CommitteeMemberForm, UnionProfileForm


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
