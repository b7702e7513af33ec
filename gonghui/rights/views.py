"""Labour relations' pages: thin, each reads through a selector or writes through a service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.documents import pdf_response
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_action, service_form
from gonghui.rights import documents, lists, rules, selectors, services
from gonghui.rights.forms import AlertForm, CommitteeForm, DatesForm, DisputeForm, SeatForm

# --- Alerts ------------------------------------------------------------------------------


@login_required
@permission_required("rights.view_alert", raise_exception=True)
def alert_list(request: AuthedRequest) -> HttpResponse:
    return lists.ALERTS.render(request, "rights/alert_list.html")


@login_required
@permission_required("rights.view_alert", raise_exception=True)
def alert_detail(request: AuthedRequest, alert_id: int) -> HttpResponse:
    alert = selectors.get_alert_for_user(request.user, alert_id)
    policy = rules.level_policy(alert.level)
    return render(request, "rights/alert_detail.html", {"alert": alert, "policy": policy})


@login_required
@permission_required("rights.add_alert", raise_exception=True)
def alert_create(request: AuthedRequest) -> HttpResponse:
    form = AlertForm(request.POST or None, user=request.user, initial={"observed_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.alert_create(actor=request.user, **form.cleaned_data),
        template="rights/form.html",
        context={"title": _("Record a signal")},
        success=lambda alert: alert.get_absolute_url(),
        message=lambda alert: _("Recorded: level %(level)s.") % {"level": alert.get_level_display()},
    )


# --- Disputes ----------------------------------------------------------------------------


@login_required
@permission_required("rights.view_dispute", raise_exception=True)
def dispute_list(request: AuthedRequest) -> HttpResponse:
    return lists.DISPUTES.render(request, "rights/dispute_list.html")


@login_required
@permission_required("rights.view_dispute", raise_exception=True)
def dispute_detail(request: AuthedRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.get_dispute_for_user(request.user, dispute_id)
    today = timezone.localdate()
    limitation = dispute.limitation()
    context = {
        "dispute": dispute,
        "limitation": limitation,
        "limitation_near": limitation is not None and limitation.near(today),
        "limitation_expired": limitation is not None and limitation.expired(today),
        "wage_claims": bool(dispute.claim_kinds() & {"wages", "overtime"}),
        "today": today,
    }
    return render(request, "rights/dispute_detail.html", context)


@login_required
@permission_required("rights.add_dispute", raise_exception=True)
def dispute_create(request: AuthedRequest) -> HttpResponse:
    form = DisputeForm(request.POST or None, user=request.user, initial={"applied_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.dispute_create(actor=request.user, **form.service_arguments()),
        template="rights/form.html",
        context={"title": _("Receive a mediation application")},
        success=lambda dispute: dispute.get_absolute_url(),
        message=lambda dispute: _("Application %(number)s received.") % {"number": dispute.number},
    )


@login_required
@permission_required("rights.change_dispute", raise_exception=True)
def dispute_dates(request: AuthedRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.get_dispute_for_user(request.user, dispute_id)
    form = DatesForm(
        request.POST or None, initial={"knew_on": dispute.knew_on, "employment_ended_on": dispute.employment_ended_on}
    )
    return service_form(
        request,
        form,
        lambda form: services.dispute_update_dates(actor=request.user, dispute=dispute, **form.cleaned_data),
        template="rights/form.html",
        context={"title": _("Days the arbitration limitation runs from"), "back": dispute.get_absolute_url()},
        success=dispute.get_absolute_url(),
        message=_("Saved."),
    )


# --- Mediation committees ----------------------------------------------------------------


@login_required
@permission_required("rights.view_mediationcommittee", raise_exception=True)
def committee_list(request: AuthedRequest) -> HttpResponse:
    return lists.COMMITTEES.render(request, "rights/committee_list.html")


@login_required
@permission_required("rights.view_mediationcommittee", raise_exception=True)
def committee_detail(request: AuthedRequest, committee_id: int) -> HttpResponse:
    committee = selectors.get_committee_for_user(request.user, committee_id)
    seats = selectors.seats_of_committee(request.user, committee)
    chair = next((seat for seat in seats if seat.chair), None)
    problems = rules.committee_problems(
        worker_side=sum(1 for seat in seats if seat.side == "worker"),
        employer_side=sum(1 for seat in seats if seat.side == "employer"),
        chair_is_union_member=chair.union_member if chair is not None else None,
    )
    context = {"committee": committee, "seats": seats, "problems": problems, "today": timezone.localdate()}
    return render(request, "rights/committee_detail.html", context)


@login_required
@permission_required("rights.add_mediationcommittee", raise_exception=True)
def committee_create(request: AuthedRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None, user=request.user, initial={"union": request.user.union_id})
    return service_form(
        request,
        form,
        lambda form: services.committee_create(actor=request.user, **form.cleaned_data),
        template="rights/form.html",
        context={"title": _("Add a mediation committee")},
        success=lambda committee: committee.get_absolute_url(),
        message=lambda committee: _("%(name)s added.") % {"name": committee.name},
    )


@login_required
@permission_required("rights.change_mediationcommittee", raise_exception=True)
def seat_add(request: AuthedRequest, committee_id: int) -> HttpResponse:
    committee = selectors.get_committee_for_user(request.user, committee_id)
    form = SeatForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.seat_add(actor=request.user, committee=committee, **form.cleaned_data),
        template="rights/form.html",
        context={"title": _("Add a committee member"), "back": committee.get_absolute_url()},
        success=committee.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("rights.change_mediationcommittee", raise_exception=True)
@destructive
def seat_remove(request: AuthedRequest, seat_id: int) -> HttpResponse:
    seat = selectors.get_seat_for_user(request.user, seat_id)
    return service_action(
        request,
        lambda: services.seat_remove(actor=request.user, seat=seat),
        success=seat.committee.get_absolute_url(),
        message=_("Removed."),
    )


@login_required
@permission_required("rights.view_dispute", raise_exception=True)
def agreement_pdf(request: AuthedRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.get_dispute_for_user(request.user, dispute_id)
    if dispute.agreed_on is None:
        raise Http404("no agreement")
    return pdf_response(
        request,
        lambda: documents.agreement_pdf(dispute, user=request.user),
        filename=f"{dispute.number} 调解协议书.pdf",
        fallback=f"{dispute.number}.pdf",
        back_to=dispute.get_absolute_url(),
    )
