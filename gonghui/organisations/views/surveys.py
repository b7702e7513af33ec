"""The survey campaign pages (普查): campaigns, the board, a township's work list, the visit form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.web.converters import parse_id
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_action, service_form
from gonghui.organisations import lists
from gonghui.organisations.forms.surveys import AssignForm, SurveyForm, VisitForm
from gonghui.organisations.models import Survey
from gonghui.organisations.selectors import surveys as selectors
from gonghui.organisations.services import surveys as services


@login_required
@permission_required("organisations.view_survey", raise_exception=True)
def survey_list(request: AuthedRequest) -> HttpResponse:
    """County: the campaigns with their overall progress. Township: their assignments."""
    if selectors.opens_campaigns(request.user):
        return lists.SURVEYS.render(request, "organisations/survey_list.html", {"mode": "campaigns"})
    return lists.SURVEY_ASSIGNMENTS.render(request, "organisations/survey_list.html", {"mode": "assignments"})


@login_required
@permission_required("organisations.add_survey", raise_exception=True)
def survey_create(request: AuthedRequest) -> HttpResponse:
    unions = selectors.assignable_unions_for_user(request.user)
    return service_form(
        request,
        SurveyForm(request.POST or None, unions=unions),
        lambda form: services.survey_open(
            actor=request.user,
            union=request.user.union,
            name=form.cleaned_data["name"],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            notes=form.cleaned_data["notes"],
            assigned_unions=list(form.cleaned_data["assigned_unions"]),
        ),
        template="organisations/survey_form.html",
        success=lambda survey: survey.get_absolute_url(),
        message=lambda survey: _("Campaign “%(name)s” opened.") % {"name": survey.name},
    )


def _visits(request: AuthedRequest, **filters: str) -> dict[str, Any]:
    """The visit list of a campaign or an assignment page, with its Export button (the same rows)."""
    form = lists.SURVEY_VISITS.form(filters, request.user)
    return {
        "page": lists.SURVEY_VISITS.page(request, form),
        "export": lists.SURVEY_VISITS.export_link(request.user, form),
    }


@login_required
@permission_required("organisations.view_survey", raise_exception=True)
def survey_detail(request: AuthedRequest, survey_id: int) -> HttpResponse:
    """The campaign board: one row per assignment the user sees, and the visits behind a figure."""
    survey = selectors.get_survey_for_user(request.user, survey_id)
    board = selectors.survey_board(request.user, survey)
    show = request.GET.get("show", "")
    context: dict = {"survey": survey, "board": board, "show": show if show in selectors.SHOW_CHOICES else ""}
    if context["show"]:
        context.update(_visits(request, survey=str(survey.pk), show=context["show"]))
    if request.user.has_perm("organisations.add_surveyassignment") and survey.status == Survey.Status.OPEN:
        unions = selectors.assignable_unions_for_user(request.user, survey=survey)
        if unions.exists():
            context["assign_form"] = AssignForm(unions=unions)
    return render(request, "organisations/survey_detail.html", context)


@login_required
@permission_required("organisations.change_survey", raise_exception=True)
@destructive
def survey_close(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = selectors.get_survey_for_user(request.user, survey_id)
    return service_action(
        request,
        lambda: services.survey_close(actor=request.user, survey=survey),
        success=survey.get_absolute_url(),
        message=_("Campaign “%(name)s” closed.") % {"name": survey.name},
    )


@login_required
@permission_required("organisations.add_surveyassignment", raise_exception=True)
@require_POST
def survey_assign(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = selectors.get_survey_for_user(request.user, survey_id)
    form = AssignForm(request.POST, unions=selectors.assignable_unions_for_user(request.user, survey=survey))
    if not form.is_valid():
        messages.error(request, _("Choose a township or sector federation not yet assigned."))
        return redirect(survey.get_absolute_url())
    union = form.cleaned_data["union"]
    return service_action(
        request,
        lambda: services.survey_assign(actor=request.user, survey=survey, union=union),
        success=survey.get_absolute_url(),
        message=lambda assignment: (
            _("%(union)s added to the campaign: %(target)s employers to visit.")
            % {"union": union.name, "target": assignment.target}
        ),
    )


@login_required
@permission_required("organisations.view_surveyassignment", raise_exception=True)
def survey_assignment(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    """A township's work list: employers still to visit (searchable with htmx), then the visits recorded."""
    assignment = selectors.get_assignment_for_user(request.user, assignment_id)
    q = request.GET.get("q", "").strip()
    to_visit = selectors.employers_to_visit(request.user, assignment, q=q)
    to_visit_rows = list(to_visit[: selectors.TO_VISIT_LIMIT + 1])
    context: dict = {
        "assignment": assignment,
        "survey": assignment.survey,
        "q": q,
        "to_visit": to_visit_rows[: selectors.TO_VISIT_LIMIT],
        "to_visit_more": len(to_visit_rows) > selectors.TO_VISIT_LIMIT,
        "to_visit_count": len(to_visit_rows) if len(to_visit_rows) <= selectors.TO_VISIT_LIMIT else to_visit.count(),
        "can_record": request.user.has_perm("organisations.add_surveyvisit")
        and assignment.survey.status == Survey.Status.OPEN,
    }
    if request.htmx and request.htmx.target == "to-visit":
        return render(request, "organisations/survey_assignment.html#to_visit", context)
    show = request.GET.get("show", "")
    show = show if show in selectors.SHOW_CHOICES else ""
    board = selectors.survey_board(request.user, assignment.survey, only=assignment)
    context.update(_visits(request, assignment=str(assignment.pk), show=show))
    context.update({"show": show, "row": board.rows[0] if board.rows else None})
    return render(request, "organisations/survey_assignment.html", context)


def _outcome_message(request: AuthedRequest, outcome: services.VisitOutcome) -> None:
    employer = outcome.visit.employer
    parts = [_("Visit to %(employer)s recorded.") % {"employer": employer.name}]
    if outcome.headcount_updated:
        parts.append(_("The register's headcount is now %(count)s.") % {"count": employer.headcount})
    text = " ".join(parts)
    case = outcome.founding_case
    if case is not None:
        url = reverse("organisations:founding_detail", kwargs={"case_id": case.pk})
        pipeline = (
            _("It has no union and entered the founding pipeline:")
            if outcome.case_opened
            else _("It has no union and is already in the founding pipeline:")
        )
        messages.success(request, format_html('{} {} <a href="{}">{}</a>', text, pipeline, url, _("founding case")))
    elif outcome.discrepancy:
        messages.warning(
            request,
            format_html(
                '{} {} <a href="{}">{}</a>',
                text,
                _("The union status found differs from the register: it is flagged to reconcile."),
                employer.get_absolute_url(),
                _("employer record"),
            ),
        )
    else:
        messages.success(request, text)


@login_required
@permission_required("organisations.add_surveyvisit", raise_exception=True)
def survey_visit_record(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    """Record a visit (``?employer=<id>`` preselects the employer)."""
    assignment = selectors.get_assignment_for_user(request.user, assignment_id)
    employers = selectors.employers_for_visit(request.user, assignment)
    preselected = None
    employer_param = request.GET.get("employer", "")
    if employer_param:
        employer_id = parse_id(employer_param)
        if employer_id is None:
            raise Http404
        preselected = employers.filter(pk=employer_id).first()
        if preselected is None:
            raise Http404
    initial = {
        "visited_on": timezone.localdate(),
        "visitors": request.user.full_name,
        "employer": preselected.pk if preselected else None,
        "headcount_found": preselected.headcount if preselected else None,
    }
    form = VisitForm(request.POST or None, initial=initial, employers=employers, preselected=preselected)

    def record(form: VisitForm) -> services.VisitOutcome:
        fields = ("employer", "visited_on", "visitors", "headcount_found", "union_status_found", "notes")
        return services.visit_record(
            actor=request.user, assignment=assignment, **{name: form.cleaned_data[name] for name in fields}
        )

    def done(outcome: services.VisitOutcome) -> str:
        _outcome_message(request, outcome)
        return assignment.get_absolute_url()

    context = {
        "assignment": assignment,
        "survey": assignment.survey,
        "employer": preselected,
        "closed": assignment.survey.status != Survey.Status.OPEN,
    }
    return service_form(
        request, form, record, template="organisations/survey_visit_form.html", context=context, success=done
    )
