"""Pages of the member registry: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_form
from gonghui.members import lists, selectors, services
from gonghui.members.forms import BulkForm, ChangeForm, JoinForm, MemberAddForm, TransferForm, WorkerForm
from gonghui.members.models import Worker


@login_required
@permission_required("members.view_worker", raise_exception=True)
def worker_list(request: AuthedRequest) -> HttpResponse:
    context = {"bulk_form": BulkForm(initial={"on": timezone.localdate()})}
    return lists.WORKERS.render(request, "members/worker_list.html", context)


@login_required
@permission_required(("members.add_worker", "members.add_membership"), raise_exception=True)
def member_add(request: AuthedRequest) -> HttpResponse:
    """One form: the person (found again by ID number, or registered) and their joining, in one service call."""
    return service_form(
        request,
        MemberAddForm(request.POST or None),
        lambda form: services.member_add(actor=request.user, **form.cleaned_data),
        template="members/member_add.html",
        success=lambda membership: membership.worker.get_absolute_url(),
        message=lambda membership: (
            _("%(name)s joined %(union)s.") % {"name": membership.worker.name, "union": membership.union.name}
        ),
    )


@login_required
@permission_required("members.change_worker", raise_exception=True)
def worker_edit(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = selectors.get_worker_for_user(request.user, worker_id)
    if not selectors.worker_is_kept_by(request.user, worker):
        # A union that only held a past membership sees the worker but does not keep the record.
        raise PermissionDenied
    return service_form(
        request,
        WorkerForm(request.POST or None, initial=WorkerForm.initial_for(worker), worker=worker),
        lambda form: services.worker_update(actor=request.user, worker=worker, **form.service_fields()),
        template="members/worker_form.html",
        context={"worker": worker},
        success=worker.get_absolute_url(),
        message=_("Saved."),
    )


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
    return service_form(
        request,
        JoinForm(request.POST or None),
        lambda form: services.membership_join(
            actor=request.user,
            worker=worker,
            **{k: form.cleaned_data[k] for k in ("union", "on", "card_number", "transfer_in", "note")},
        ),
        template="members/membership_form.html",
        context={"worker": worker, "title": _("Join")},
        success=worker.get_absolute_url(),
        message=_("%(name)s joined.") % {"name": worker.name},
    )


@login_required
@permission_required("members.change_membership", raise_exception=True)
def membership_transfer(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = selectors.get_membership_for_user(request.user, membership_id)
    worker = membership.worker
    return service_form(
        request,
        TransferForm(request.POST or None),
        lambda form: services.membership_transfer(
            actor=request.user, membership=membership, **{k: form.cleaned_data[k] for k in ("to_union", "on", "note")}
        ),
        template="members/membership_form.html",
        context={"worker": worker, "membership": membership, "title": _("Transfer")},
        success=worker.get_absolute_url(),
        message=lambda new: _("%(name)s transferred to %(union)s.") % {"name": worker.name, "union": new.union.name},
    )


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

    def change(form: ChangeForm) -> object:
        data = form.cleaned_data
        if data["action"] == "resume":
            return services.membership_resume(
                actor=request.user, membership=membership, on=data["on"], note=data["note"]
            )
        return CHANGES[data["action"]](
            actor=request.user, membership=membership, on=data["on"], reason=data["reason"], note=data["note"]
        )

    return service_form(
        request,
        ChangeForm(request.POST or None, membership=membership),
        change,
        template="members/membership_form.html",
        context={"worker": worker, "membership": membership, "title": _("Change the membership"), "confirm": True},
        success=worker.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("members.view_membership", raise_exception=True)
def membership_list(request: AuthedRequest) -> HttpResponse:
    """Every membership in scope: who joined which union when, and when it ended (the members' figures' rows)."""
    return lists.MEMBERSHIPS.render(request, "members/membership_list.html")


@login_required
@permission_required("members.view_membership", raise_exception=True)
def transfer_list(request: AuthedRequest) -> HttpResponse:
    return lists.TRANSFERS.render(request, "members/transfer_list.html")


@login_required
@permission_required("members.change_membership", raise_exception=True)
def follow_up_list(request: AuthedRequest) -> HttpResponse:
    return lists.FOLLOW_UP.render(request, "members/follow_up_list.html", {"bulk_form": BulkForm()})


@login_required
@permission_required("members.change_membership", raise_exception=True)
@destructive
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
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(n)s memberships updated.") % {"n": count})
    return redirect("members:worker_list")
