"""Pages of the member registry: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest
from gonghui.members import exports, selectors, services
from gonghui.members.forms import BulkForm, ChangeForm, JoinForm, MemberAddForm, TransferForm, WorkerForm
from gonghui.members.models import Worker

PER_PAGE = 50


def _filters(request: AuthedRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "").strip() for key in selectors.WORKER_FILTERS}


@login_required
@permission_required("members.view_worker", raise_exception=True)
def worker_list(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    workers = selectors.workers_for_user(request.user, **filters)
    page = selectors.worker_page(request.user, workers, after=request.GET.get("after"), per_page=PER_PAGE)
    context = {
        "page": page,
        "filters": filters,
        "categories": Worker.Category.choices,
        "statuses": Worker.MemberStatus.choices,
        "age_bands": [(code, label) for code, label, _low, _high in selectors.AGE_BANDS],
        "unions": selectors.unions_for_filter(request.user, filters["union"]),
        "bulk_form": BulkForm(initial={"on": timezone.localdate()}),
    }
    template = "members/worker_list.html#rows" if request.htmx else "members/worker_list.html"
    return render(request, template, context)


@login_required
@permission_required(("members.add_worker", "members.add_membership"), raise_exception=True)
def member_add(request: AuthedRequest) -> HttpResponse:
    """One form: the person (found again by ID number, or registered) and their joining, in one service call."""
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.member_add(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s joined %(union)s.") % {"name": membership.worker.name, "union": membership.union.name},
            )
            return redirect(membership.worker.get_absolute_url())
    return render(request, "members/member_add.html", {"form": form})


@login_required
@permission_required("members.change_worker", raise_exception=True)
def worker_edit(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = selectors.get_worker_for_user(request.user, worker_id)
    if not selectors.worker_is_kept_by(request.user, worker):
        # A union that only held a past membership sees the worker but does not keep the record.
        raise PermissionDenied
    form = WorkerForm(request.POST or None, initial=WorkerForm.initial_for(worker), worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_update(actor=request.user, worker=worker, **form.service_fields())
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(worker.get_absolute_url())
    return render(request, "members/worker_form.html", {"form": form, "worker": worker})


@login_required
@permission_required("members.view_worker", raise_exception=True)
def worker_detail(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = selectors.get_worker_for_user(request.user, worker_id)
    services.worker_viewed(actor=request.user, worker=worker)
    memberships = selectors.memberships_of_worker(request.user, worker)
    current = next((m for m in memberships if m.is_current), None)
    today = timezone.localdate()
    context = {
        "worker": worker,
        "kept_here": selectors.worker_is_kept_by(request.user, worker),
        "age": worker.age_on(today),
        "memberships": memberships,
        "current": current,
        "follow_up": current is not None and current.needs_follow_up(today),
        "events": selectors.events_of_worker(request.user, worker),
        "may_join": worker.member_status not in (Worker.MemberStatus.ACTIVE, Worker.MemberStatus.KEPT),
    }
    return render(request, "members/worker_detail.html", context)


@login_required
@permission_required("members.add_membership", raise_exception=True)
def membership_join(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = selectors.get_worker_for_user(request.user, worker_id)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_join(
                actor=request.user,
                worker=worker,
                union=data["union"],
                on=data["on"],
                card_number=data["card_number"],
                transfer_in=data["transfer_in"],
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s joined.") % {"name": worker.name})
            return redirect(worker.get_absolute_url())
    return render(request, "members/membership_form.html", {"form": form, "worker": worker, "title": _("Join")})


@login_required
@permission_required("members.change_membership", raise_exception=True)
def membership_transfer(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = selectors.get_membership_for_user(request.user, membership_id)
    worker = membership.worker
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.membership_transfer(
                actor=request.user, membership=membership, to_union=data["to_union"], on=data["on"], note=data["note"]
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s transferred to %(union)s.") % {"name": worker.name, "union": new.union.name}
            )
            return redirect(worker.get_absolute_url())
    context = {"form": form, "worker": worker, "membership": membership, "title": _("Transfer")}
    return render(request, "members/membership_form.html", context)


CHANGES = {
    "keep": services.membership_keep,
    "leave": services.membership_leave,
    "removal": services.membership_remove,
}


@login_required
@permission_required("members.change_membership", raise_exception=True)
def membership_change(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = selectors.get_membership_for_user(request.user, membership_id)
    worker = membership.worker
    form = ChangeForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "resume":
                services.membership_resume(actor=request.user, membership=membership, on=data["on"], note=data["note"])
            else:
                CHANGES[data["action"]](
                    actor=request.user, membership=membership, on=data["on"], reason=data["reason"], note=data["note"]
                )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(worker.get_absolute_url())
    context = {"form": form, "worker": worker, "membership": membership, "title": _("Change the membership")}
    return render(request, "members/membership_form.html", context)


@login_required
@permission_required("members.view_membership", raise_exception=True)
def transfer_list(request: AuthedRequest) -> HttpResponse:
    direction = request.GET.get("direction", "")
    events = selectors.transfers_for_user(request.user, direction=direction).order_by("-id")
    page = selectors.keyset_page(events, after=request.GET.get("after"), per_page=PER_PAGE)
    context = {"page": page, "direction": direction, "filters": {"direction": direction}}
    return render(request, "members/transfer_list.html", context)


@login_required
@permission_required("members.change_membership", raise_exception=True)
def follow_up_list(request: AuthedRequest) -> HttpResponse:
    rows = list(selectors.memberships_needing_follow_up(request.user)[: PER_PAGE * 4 + 1])
    context = {"rows": rows[: PER_PAGE * 4], "more": len(rows) > PER_PAGE * 4, "bulk_form": BulkForm()}
    return render(request, "members/follow_up_list.html", context)


@login_required
@permission_required("members.change_membership", raise_exception=True)
@require_POST
def bulk_action(request: AuthedRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the members, the action and a date."))
        return redirect("members:worker_list")
    data = form.cleaned_data
    memberships = selectors.current_memberships_of_workers(request.user, data["worker"])
    try:
        count = services.memberships_mark_seen(
            actor=request.user, memberships=memberships, on=data["on"], what=data["action"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s memberships updated.") % {"n": count})
    return redirect("members:worker_list")


@login_required
@permission_required("members.view_worker", raise_exception=True)
def worker_export(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    workers = selectors.workers_for_user(request.user, **filters)
    return exports.workers_xlsx_response(request.user, workers)
