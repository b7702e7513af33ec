from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.tree import selectors as tree_selectors
from gonghui.core.web.converters import MAX_ID
from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.pagination import PAGE_SIZE
from gonghui.organisations import selectors, services
from gonghui.organisations.forms import CommitteeMemberForm, EmployerFilterForm, EmployerForm, UnionProfileForm


@dataclass
class Slice:
    """One page of a list, found without counting the whole table: one row more tells if there is a next page."""

    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.object_list)


def page_slice(request: AuthedRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Slice:
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    # A page number past any list would be an OFFSET the database cannot take: the last possible page.
    number = min(number, MAX_ID // per_page)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Slice(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)


@login_required
@permission_required("organisations.view_employer", raise_exception=True)
def employer_list(request: AuthedRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in selectors.EMPLOYER_FILTERS}
    employers = selectors.employers_for_user(request.user, **filters)  # type: ignore[arg-type]
    page = page_slice(request, employers)
    context = {"page": page, "filters": filters, **EmployerFilterForm.choices()}
    template = "organisations/employer_list.html#rows" if request.htmx else "organisations/employer_list.html"
    return render(request, template, context)


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
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            employer = services.employer_create(
                actor=request.user, union=_union_for_new_employer(request, form), **fields
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": employer.name})
            return redirect(employer.get_absolute_url())
    return render(request, "organisations/employer_form.html", {"form": form})


@login_required
@permission_required("organisations.change_employer", raise_exception=True)
def employer_edit(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = selectors.get_employer_for_user(request.user, employer_id)
    form = EmployerForm(request.POST or None, initial=EmployerForm.initial_for(employer), employer=employer)
    del form.fields["keeper"]
    if request.method == "POST" and form.is_valid():
        changed = {name: value for name, value in form.service_fields().items() if name in form.changed_data}
        if (
            "union_status" in form.changed_data
            or "own_union" in form.changed_data
            or "joint_union" in form.changed_data
        ):
            # The links only make sense together with the status: pass all three.
            for name in ("union_status", "own_union", "joint_union"):
                changed[name] = form.cleaned_data[name]
        try:
            services.employer_update(actor=request.user, employer=employer, **changed)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(employer.get_absolute_url())
    return render(request, "organisations/employer_form.html", {"form": form, "employer": employer})


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
    today = timezone.localdate()
    page = page_slice(request, selectors.re_elections_due(request.user, today=today))
    return render(request, "organisations/re_election_list.html", {"page": page, "today": today, "filters": {}})


@login_required
@permission_required("organisations.change_unionprofile", raise_exception=True)
def union_profile_edit(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = tree_selectors.get_union_for_user(request.user, union_id)
    profile = selectors.union_profile_for_user(request.user, union)
    initial = {"union_type": services.DEFAULT_TYPES[union.kind]} if profile is None else None
    form = UnionProfileForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        try:
            services.union_profile_update(actor=request.user, union=union, **fields)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("organisations:union_profile", union_id=union.pk)
    return render(request, "organisations/union_profile_form.html", {"form": form, "union": union})


@login_required
@permission_required("organisations.add_committeemember", raise_exception=True)
def committee_member_add(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = tree_selectors.get_union_for_user(request.user, union_id)
    form = CommitteeMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_add(actor=request.user, union=union, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": form.cleaned_data["name"]})
            return redirect("organisations:union_profile", union_id=union.pk)
    return render(request, "organisations/committee_member_form.html", {"form": form, "union": union})


@login_required
@permission_required("organisations.delete_committeemember", raise_exception=True)
@require_POST
def committee_member_remove(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = selectors.get_committee_member_for_user(request.user, member_id)
    union_id = member.union_id
    services.committee_member_remove(actor=request.user, member=member)
    messages.success(request, _("%(name)s removed.") % {"name": member.name})
    return redirect("organisations:union_profile", union_id=union_id)
