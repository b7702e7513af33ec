"""Democratic management's pages: thin, each reads through a selector or writes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, download, service_action, service_form
from gonghui.democracy import forms, lists, rules, selectors, services
from gonghui.democracy.figures import DemocracyFigures
from gonghui.democracy.workflows import ContractState, SessionState

VIEW_CONGRESS = "democracy.view_congress"
VIEW_CONTRACT = "democracy.view_collectivecontract"


def _guarded(perm: str) -> Any:
    def decorate(view: Any) -> Any:
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


# --- Employers --------------------------------------------------------------------------------


@_guarded(VIEW_CONGRESS)
def employer_list(request: AuthedRequest) -> HttpResponse:
    return lists.EMPLOYERS.render(request, "democracy/employer_list.html")


@_guarded(VIEW_CONGRESS)
def employer_detail(request: AuthedRequest, employer_id: int) -> HttpResponse:
    user = request.user
    employer = selectors.get_employer_for_user(user, employer_id)
    year = year_from_request(request)
    # Its own, and the regional or industry ones covering it.
    congresses = selectors.congresses_for_user(user).filter(Q(employer=employer) | Q(covered_employers=employer))
    contracts = selectors.contracts_for_user(user).filter(Q(employer=employer) | Q(covered_employers=employer))
    context = {
        "employer": employer,
        "congresses": congresses.distinct(),
        "contracts": contracts.distinct(),
        "year": year,
        "years": years_offered(year),
        "checklist": selectors.disclosure_checklist(user, employer, year),
        "questions": selectors.questions_of_employer(user, employer),
        "disclosure_form": forms.DisclosureForm(initial={"disclosed_on": timezone.localdate()}),
        "question_form": forms.QuestionForm(initial={"asked_on": timezone.localdate()}),
        "minimum": rules.delegate_minimum(employer.headcount),
    }
    return render(request, "democracy/employer_detail.html", context)


@_guarded("democracy.add_disclosure")
def disclosure_add(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = selectors.get_employer_for_user(request.user, employer_id)
    year = year_from_request(request)
    form = forms.DisclosureForm(
        request.POST or None, request.FILES or None, initial={"disclosed_on": timezone.localdate()}
    )
    return service_form(
        request,
        form,
        lambda form: services.disclosure_record(actor=request.user, employer=employer, year=year, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Record a disclosure"), "back": reverse("democracy:employer", args=[employer.pk])},
        success=lambda obj: reverse("democracy:employer", args=[employer.pk]) + f"?year={year}",
        message=_("Disclosure recorded."),
    )


@_guarded("democracy.view_disclosure")
def disclosure_evidence(request: AuthedRequest, disclosure_evidence_id: int) -> FileResponse:
    evidence = selectors.get_disclosure_evidence_for_user(request.user, disclosure_evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("the stored evidence is missing") from None
    return download(handle, evidence.name, inline=True)


@_guarded("democracy.add_disclosure")
def question_add(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = selectors.get_employer_for_user(request.user, employer_id)
    form = forms.QuestionForm(request.POST or None, initial={"asked_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.question_create(actor=request.user, employer=employer, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Record a worker's question"), "back": reverse("democracy:employer", args=[employer.pk])},
        success=lambda obj: obj.get_absolute_url(),
        message=_("Question recorded: the answer is due in 30 days."),
    )


# --- Congresses -----------------------------------------------------------------------------------


def _regional_unions(request: AuthedRequest) -> QuerySet[Any]:
    """The unions the user may run a regional or industry congress or contract for; 403 without any."""
    unions = selectors.regional_unions_for_user(request.user)
    if not unions.exists():
        raise PermissionDenied(_("Only a federation's or a joint union's staff set up a regional or industry one."))
    return unions


def _may_set_up_regional(request: AuthedRequest, perm: str) -> bool:
    return request.user.has_perm(perm) and selectors.regional_unions_for_user(request.user).exists()


def _covered_context(user: Any, obj: Any) -> dict[str, Any]:
    covered = selectors.covered_employers_of(user, obj)
    return {"covered": covered, "covered_workers": sum(e.headcount for e in covered)}


@_guarded(VIEW_CONGRESS)
def congress_list(request: AuthedRequest) -> HttpResponse:
    return lists.CONGRESSES.render(
        request,
        "democracy/congress_list.html",
        page_context=lambda: {"may_set_up_regional": _may_set_up_regional(request, "democracy.add_congress")},
    )


@_guarded("democracy.add_congress")
def regional_congress_create(request: AuthedRequest) -> HttpResponse:
    _regional_unions(request)
    form = forms.RegionalCongressForm(request.POST or None, user=request.user)
    return service_form(
        request,
        form,
        lambda form: services.congress_create(actor=request.user, **form.cleaned_data),
        template="democracy/regional_form.html",
        context={
            "title": _("Set up a regional or industry congress"),
            "back": reverse("democracy:congress_list"),
            "congress": True,
        },
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: _("%(name)s set up.") % {"name": obj.name},
    )


@_guarded("democracy.add_congress")
def congress_create(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = selectors.get_employer_for_user(request.user, employer_id)
    form = forms.CongressForm(request.POST or None, employer=employer)
    minimum = rules.delegate_minimum(employer.headcount)
    return service_form(
        request,
        form,
        lambda form: services.congress_create(actor=request.user, employer=employer, **form.cleaned_data),
        template="democracy/congress_form.html",
        context={"employer": employer, "minimum": minimum},
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: _("%(name)s set up.") % {"name": obj.name},
    )


@_guarded(VIEW_CONGRESS)
def congress_detail(request: AuthedRequest, congress_id: int) -> HttpResponse:
    user = request.user
    congress = selectors.get_congress_for_user(user, congress_id)
    delegates = selectors.delegates_of_congress(user, congress)
    counts = selectors.composition(delegates)
    context = {
        "object": congress,
        "delegates": delegates,
        "counts": counts,
        "checks": selectors.congress_checks(congress, counts),
        "sessions": congress.sessions.order_by("-held_on"),
        "motions": selectors.motions_for_user(user, congress=str(congress.pk))[:20],
        "delegate_form": forms.DelegateForm(congress=congress, user=user) if not congress.is_assembly else None,
        "max_managers": counts.delegates * rules.MANAGER_PERCENT // 100,
        **_covered_context(user, congress),
    }
    return render(request, "democracy/congress_detail.html", context)


@_guarded("democracy.change_congress")
def congress_edit(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = selectors.get_congress_for_user(request.user, congress_id)
    initial = {name: getattr(congress, name) for name in forms.CongressForm.base_fields}
    form = forms.CongressForm(request.POST or None, initial=initial)
    return service_form(
        request,
        form,
        lambda form: services.congress_update(actor=request.user, congress=congress, **form.cleaned_data),
        template="democracy/congress_form.html",
        context={"object": congress, "employer": congress.employer, "minimum": congress.delegates_required},
        success=congress.get_absolute_url(),
        message=_("Saved."),
    )


@_guarded("democracy.add_delegate")
def delegate_add(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = selectors.get_congress_for_user(request.user, congress_id)
    form = forms.DelegateForm(request.POST or None, congress=congress, user=request.user)
    return service_form(
        request,
        form,
        lambda form: services.delegate_add(actor=request.user, congress=congress, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Add a delegate"), "object": congress, "back": congress.get_absolute_url()},
        success=congress.get_absolute_url(),
        message=lambda d: _("%(name)s added as a delegate.") % {"name": d.worker.name},
    )


@destructive
@_guarded("democracy.delete_delegate")
def delegate_remove(request: AuthedRequest, delegate_id: int) -> HttpResponse:
    delegate = selectors.get_delegate_for_user(request.user, delegate_id)
    back = delegate.congress.get_absolute_url()
    return service_action(
        request,
        lambda: services.delegate_remove(actor=request.user, delegate=delegate),
        success=back,
        message=_("Delegate removed."),
    )


# --- Delegates ------------------------------------------------------------------------------------


@_guarded("democracy.view_delegate")
def delegate_list(request: AuthedRequest) -> HttpResponse:
    return lists.DELEGATES.render(request, "democracy/delegate_list.html")


# --- Sittings ---------------------------------------------------------------------------------------


@_guarded("democracy.view_session")
def session_list(request: AuthedRequest) -> HttpResponse:
    return lists.SESSIONS.render(request, "democracy/session_list.html")


@_guarded("democracy.add_session")
def session_create(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = selectors.get_congress_for_user(request.user, congress_id)
    form = forms.SessionForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.session_create(actor=request.user, congress=congress, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Plan a sitting"), "object": congress, "back": congress.get_absolute_url()},
        success=lambda obj: obj.get_absolute_url(),
        message=_("Sitting planned."),
    )


@_guarded("democracy.view_session")
def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    user = request.user
    session = selectors.get_session_for_user(user, session_id)
    items = selectors.items_of_session(user, session)
    context = {
        "object": session,
        "congress": session.congress,
        "items": items,
        "quorum_needed": rules.quorum_needed(session.members_total),
        "votes_needed": rules.votes_needed(session.members_total),
        "report_due": rules.report_due(session.held_on),
        "materials_problem": session.materials_problem,
        "item_form": forms.ItemForm(session=session, user=user),
        "ballot_form": forms.BallotForm(),
        "resolution_form": forms.ResolutionForm(initial={"published_on": session.held_on}),
        "open": session.state in (SessionState.PLANNED, SessionState.HELD),
    }
    return render(request, "democracy/session_detail.html", context)


@_guarded("democracy.change_session")
def session_edit(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, session_id)
    form = forms.SessionEditForm(
        request.POST or None, initial={"held_on": session.held_on, "materials_sent_on": session.materials_sent_on}
    )
    return service_form(
        request,
        form,
        lambda form: services.session_update(actor=request.user, session=session, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Change the sitting"), "object": session, "back": session.get_absolute_url()},
        success=session.get_absolute_url(),
        message=_("Saved."),
    )


@_guarded("democracy.change_session")
def session_attendance(request: AuthedRequest, session_id: int) -> HttpResponse:
    user = request.user
    session = selectors.get_session_for_user(user, session_id)
    congress = session.congress
    context = {"title": _("Take the attendance"), "object": session, "back": session.get_absolute_url()}
    if congress.is_assembly:
        form: Any = forms.AssemblyAttendanceForm(
            request.POST or None,
            initial={"members_total": session.members_total or congress.workforce, "present": session.present},
        )
        return service_form(
            request,
            form,
            lambda form: services.assembly_attendance_record(actor=user, session=session, **form.cleaned_data),
            template="democracy/form.html",
            context=context,
            success=session.get_absolute_url(),
            message=_("Attendance recorded."),
        )
    delegates = selectors.delegates_of_congress(user, congress)
    form = forms.AttendanceForm(
        request.POST or None, delegates=delegates, current=selectors.attendance_of_session(user, session)
    )
    return service_form(
        request,
        form,
        lambda form: services.attendance_record(actor=user, session=session, statuses=form.statuses()),
        template="democracy/attendance_form.html",
        context={**context, "total": len(delegates), "quorum_needed": rules.quorum_needed(len(delegates))},
        success=session.get_absolute_url(),
        message=_("Attendance recorded."),
    )


@_guarded("democracy.change_session")
def item_add(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, session_id)
    form = forms.ItemForm(request.POST or None, session=session, user=request.user)
    return service_form(
        request,
        form,
        lambda form: services.item_add(actor=request.user, session=session, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Add an agenda item"), "object": session, "back": session.get_absolute_url()},
        success=session.get_absolute_url(),
        message=_("Item added."),
    )


@_guarded("democracy.change_session")
def candidate_add(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, item_id)
    session = item.session
    form = forms.CandidateForm(request.POST or None, item=item, user=request.user)
    return service_form(
        request,
        form,
        lambda form: services.candidate_add(actor=request.user, item=item, **form.cleaned_data),
        template="democracy/form.html",
        context={
            "title": _("Add a candidate: %(item)s") % {"item": item.title},
            "object": session,
            "back": session.get_absolute_url(),
            "lead": _(
                "Candidates are delegates or other workers of the employer; "
                "more candidates than seats (差额) or as many."
            ),
        },
        success=session.get_absolute_url(),
        message=_("Candidate added."),
    )


@_guarded("democracy.change_session")
def election_count(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, item_id)
    session = item.session
    candidates = selectors.candidates_of_item(request.user, item)
    form = forms.ElectionForm(request.POST or None, candidates=candidates)
    return service_form(
        request,
        form,
        lambda form: services.election_record(actor=request.user, item=item, **form.service_arguments()),
        template="democracy/form.html",
        context={
            "title": _("Record the count of “%(item)s”") % {"item": item.title},
            "object": session,
            "back": session.get_absolute_url(),
            "lead": _(
                "%(seats)s seats. A candidate is elected only with more than half of ALL %(total)d delegates "
                "(%(needed)d votes at least); the seats are filled in order of votes."
            )
            % {
                "seats": item.seats,
                "total": session.members_total,
                "needed": rules.votes_needed(session.members_total),
            },
        },
        success=session.get_absolute_url(),
        message=_("Count recorded."),
    )


@_guarded("democracy.change_session")
def ballot_add(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, item_id)
    session = item.session
    form = forms.BallotForm(request.POST or None)

    def message(ballot: Any) -> str:
        if ballot.passed:
            return _("Passed: %(yes)d yes of %(total)d delegates (more than half of all).") % {
                "yes": ballot.yes,
                "total": ballot.members_total,
            }
        return _("Not passed: %(yes)d yes, but %(needed)d of all %(total)d delegates are needed.") % {
            "yes": ballot.yes,
            "needed": rules.votes_needed(ballot.members_total),
            "total": ballot.members_total,
        }

    return service_form(
        request,
        form,
        lambda form: services.ballot_record(actor=request.user, item=item, **form.cleaned_data),
        template="democracy/form.html",
        context={
            "title": _("Record the vote on “%(item)s”") % {"item": item.title},
            "object": session,
            "back": session.get_absolute_url(),
        },
        success=session.get_absolute_url(),
        message=message,
    )


@_guarded("democracy.change_session")
def resolution_publish(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, item_id)
    session = item.session
    form = forms.ResolutionForm(request.POST or None, initial={"published_on": session.held_on})
    return service_form(
        request,
        form,
        lambda form: services.resolution_publish(actor=request.user, item=item, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Post the resolution"), "object": session, "back": session.get_absolute_url()},
        success=session.get_absolute_url(),
        message=_("Resolution posted."),
    )


# --- Motions ------------------------------------------------------------------------------------------


@_guarded("democracy.view_motion")
def motion_list(request: AuthedRequest) -> HttpResponse:
    return lists.MOTIONS.render(request, "democracy/motion_list.html")


@_guarded("democracy.add_motion")
def motion_create(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = selectors.get_congress_for_user(request.user, congress_id)
    form = forms.MotionForm(request.POST or None, congress=congress, user=request.user)
    return service_form(
        request,
        form,
        lambda form: services.motion_create(actor=request.user, congress=congress, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Table a motion"), "object": congress, "back": congress.get_absolute_url()},
        success=lambda obj: obj.get_absolute_url(),
        message=_("Motion tabled."),
    )


@_guarded("democracy.view_motion")
def motion_detail(request: AuthedRequest, motion_id: int) -> HttpResponse:
    motion = selectors.get_motion_for_user(request.user, motion_id)
    return render(
        request,
        "democracy/motion_detail.html",
        {"object": motion, "seconders": motion.seconders.select_related("worker")},
    )


# --- Collective contracts ------------------------------------------------------------------------------


@_guarded(VIEW_CONTRACT)
def contract_list(request: AuthedRequest) -> HttpResponse:
    return lists.CONTRACTS.render(
        request,
        "democracy/contract_list.html",
        page_context=lambda: {"may_set_up_regional": _may_set_up_regional(request, "democracy.add_collectivecontract")},
    )


@_guarded("democracy.add_collectivecontract")
def regional_contract_create(request: AuthedRequest) -> HttpResponse:
    _regional_unions(request)
    form = forms.RegionalContractForm(request.POST or None, user=request.user)
    return service_form(
        request,
        form,
        lambda form: services.contract_create(actor=request.user, **form.cleaned_data),
        template="democracy/regional_form.html",
        context={
            "title": _("Start a regional or industry collective contract"),
            "back": reverse("democracy:contract_list"),
        },
        success=lambda obj: obj.get_absolute_url(),
        message=_("Bargaining request recorded: the reply is due in 20 days."),
    )


@_guarded("democracy.add_collectivecontract")
def contract_create(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = selectors.get_employer_for_user(request.user, employer_id)
    form = forms.ContractForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.contract_create(actor=request.user, employer=employer, **form.cleaned_data),
        template="democracy/form.html",
        context={
            "title": _("Request collective bargaining"),
            "back": reverse("democracy:employer", args=[employer.pk]),
        },
        success=lambda obj: obj.get_absolute_url(),
        message=_("Bargaining request recorded: the reply is due in 20 days."),
    )


@_guarded(VIEW_CONTRACT)
def contract_detail(request: AuthedRequest, contract_id: int) -> HttpResponse:
    user = request.user
    contract = selectors.get_contract_for_user(user, contract_id)
    today = timezone.localdate()
    minimum = selectors.local_minimum_wage(contract.signed_on or today)
    context = {
        "object": contract,
        "representatives": selectors.representatives_of_contract(user, contract),
        "rounds": contract.rounds.all(),
        "votes": selectors.contract_votes(user, contract),
        "sessions": selectors.sessions_for_contract(user, contract),
        "local_minimum": minimum,
        "renewal_due": contract.term_end is not None and rules.renewal_due(contract.term_end, today),
        "bargaining": contract.state in (ContractState.REQUESTED, ContractState.NEGOTIATING),
        "terms_form": forms.TermsForm(initial={name: getattr(contract, name) for name in services.CONTRACT_TERMS}),
        "representative_form": forms.RepresentativeForm(),
        "round_form": forms.RoundForm(initial={"held_on": today}),
        **_covered_context(user, contract),
    }
    return render(request, "democracy/contract_detail.html", context)


@_guarded("democracy.change_collectivecontract")
def contract_terms(request: AuthedRequest, contract_id: int) -> HttpResponse:
    contract = selectors.get_contract_for_user(request.user, contract_id)
    form = forms.TermsForm(
        request.POST or None, initial={name: getattr(contract, name) for name in services.CONTRACT_TERMS}
    )
    minimum = selectors.local_minimum_wage(timezone.localdate())
    return service_form(
        request,
        form,
        lambda form: services.contract_update_terms(actor=request.user, contract=contract, **form.cleaned_data),
        template="democracy/form.html",
        context={
            "title": _("Agreed terms"),
            "object": contract,
            "back": contract.get_absolute_url(),
            "lead": _("Local minimum wage: ¥%(monthly)s a month (%(notice)s).")
            % {"monthly": f"{minimum.monthly:,.2f}", "notice": minimum.notice},
        },
        success=contract.get_absolute_url(),
        message=_("Terms saved."),
    )


@_guarded("democracy.change_collectivecontract")
def representative_add(request: AuthedRequest, contract_id: int) -> HttpResponse:
    contract = selectors.get_contract_for_user(request.user, contract_id)
    form = forms.RepresentativeForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.representative_add(actor=request.user, contract=contract, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Add a representative"), "object": contract, "back": contract.get_absolute_url()},
        success=contract.get_absolute_url(),
        message=_("Representative added."),
    )


@destructive
@_guarded("democracy.change_collectivecontract")
def representative_remove(request: AuthedRequest, representative_id: int) -> HttpResponse:
    representative = selectors.get_representative_for_user(request.user, representative_id)
    back = representative.contract.get_absolute_url()
    return service_action(
        request,
        lambda: services.representative_remove(actor=request.user, representative=representative),
        success=back,
        message=_("Representative removed."),
    )


@_guarded("democracy.change_collectivecontract")
def round_add(request: AuthedRequest, contract_id: int) -> HttpResponse:
    contract = selectors.get_contract_for_user(request.user, contract_id)
    form = forms.RoundForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.round_add(actor=request.user, contract=contract, **form.cleaned_data),
        template="democracy/form.html",
        context={"title": _("Record a round of negotiation"), "object": contract, "back": contract.get_absolute_url()},
        success=contract.get_absolute_url(),
        message=_("Round recorded."),
    )


# --- Figures and the county's minimum wage -----------------------------------------------------------------


@_guarded("democracy.view_figures")
def figures(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    board = DemocracyFigures().board(request.user, year=year)
    return render(request, "democracy/figures.html", {"board": board, "year": year, "years": years_offered(year)})


@_guarded("democracy.view_minimumwage")
def minimum_wages(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = forms.MinimumWageForm(request.POST or None) if user.has_perm("democracy.add_minimumwage") else None
    if form is not None and request.method == "POST":
        return service_form(
            request,
            form,
            lambda form: services.minimum_wage_set(actor=user, **form.cleaned_data),
            template="democracy/minimum_wages.html",
            context={"rows": selectors.minimum_wages_for_user(user)},
            success=reverse("democracy:minimum_wages"),
            message=_("Saved."),
        )
    return render(
        request, "democracy/minimum_wages.html", {"rows": selectors.minimum_wages_for_user(user), "form": form}
    )


# --- Printed documents ---------------------------------------------------------------------------------------


@_guarded("democracy.view_session")
def session_minutes(request: AuthedRequest, session_id: int) -> HttpResponse:
    from gonghui.core.documents import pdf_response
    from gonghui.democracy.documents import minutes_pdf

    session = selectors.get_session_for_user(request.user, session_id)
    items = selectors.items_of_session(request.user, session)
    return pdf_response(
        request,
        lambda: minutes_pdf(session, items, user=request.user),
        filename=f"{session} 会议纪要.pdf",
        fallback=f"minutes-{session.pk}.pdf",
        back_to=session.get_absolute_url(),
    )


@_guarded("democracy.view_session")
def session_votes(request: AuthedRequest, session_id: int) -> HttpResponse:
    from gonghui.core.documents import pdf_response
    from gonghui.democracy.documents import votes_pdf

    session = selectors.get_session_for_user(request.user, session_id)
    items = selectors.items_of_session(request.user, session)
    return pdf_response(
        request,
        lambda: votes_pdf(session, items, user=request.user),
        filename=f"{session} 表决结果.pdf",
        fallback=f"votes-{session.pk}.pdf",
        back_to=session.get_absolute_url(),
    )


@_guarded("democracy.view_session")
def resolution_document(request: AuthedRequest, item_id: int) -> HttpResponse:
    from django.http import Http404

    from gonghui.core.documents import pdf_response
    from gonghui.democracy.documents import resolution_pdf

    item = selectors.get_item_for_user(request.user, item_id)
    if not item.passed:
        raise Http404("only a passed item is a resolution")
    return pdf_response(
        request,
        lambda: resolution_pdf(item, user=request.user),
        filename=f"{item.title} 决议.pdf",
        fallback=f"resolution-{item.pk}.pdf",
        back_to=item.session.get_absolute_url(),
    )
