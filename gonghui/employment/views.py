"""Employment services' pages: thin, each reads through a selector or writes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import service_action, service_form
from gonghui.core.web.pickers import PICK_LIMIT, search_words
from gonghui.employment import lists, selectors, services
from gonghui.employment.figures import employment_figures
from gonghui.employment.forms import (
    FairAttendanceForm,
    FairEmployerForm,
    FairForm,
    FairResultsForm,
    HiredForm,
    NotHiredForm,
    ReferForm,
    SeekerEditForm,
    SeekerForm,
    VacancyForm,
    WithdrawForm,
)
from gonghui.employment.models import JobSeeker
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations

# --- Job seekers ----------------------------------------------------------------------------------


@login_required
@permission_required("employment.view_jobseeker", raise_exception=True)
def seeker_list(request: AuthedRequest) -> HttpResponse:
    return lists.SEEKERS.render(request, "employment/seeker_list.html")


@login_required
@permission_required("employment.add_jobseeker", raise_exception=True)
def seeker_create(request: AuthedRequest) -> HttpResponse:
    """Register a seeker: typed in at the service point, or ``?worker=`` a worker of the registry."""
    worker = None
    worker_id = request.GET.get("worker", "")
    if worker_id.isdigit():
        worker = members.get_worker_for_user(request.user, int(worker_id))
    q = request.GET.get("q", "")
    workers = members.workers_to_pick(request.user, q) if worker is None else []
    form = SeekerForm(
        request.POST or None,
        from_registry=worker is not None,
        initial={"union": worker.union_id if worker else request.user.union_id},
    )
    return service_form(
        request,
        form,
        lambda form: services.seeker_register(actor=request.user, worker=worker, **form.cleaned_data),
        template="employment/seeker_form.html",
        context={"worker": worker, "q": q, "picker_rows": workers},
        success=lambda seeker: seeker.get_absolute_url(),
        message=lambda seeker: _("%(name)s registered as a job seeker.") % {"name": seeker.name},
    )


@login_required
@permission_required("employment.view_jobseeker", raise_exception=True)
def seeker_detail(request: AuthedRequest, job_seeker_id: int) -> HttpResponse:
    seeker = selectors.get_seeker_for_user(request.user, job_seeker_id)
    seeking = seeker.state == JobSeeker.State.SEEKING
    return render(
        request,
        "employment/seeker_detail.html",
        {
            "seeker": seeker,
            "matches": selectors.vacancy_matches(request.user, seeker.pk) if seeking else [],
            "referrals": list(selectors.referrals_for_user(request.user, seeker=str(seeker.pk))),
            "placements": list(seeker.placements.select_related("employer").order_by("-placed_on")),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@permission_required("employment.change_jobseeker", raise_exception=True)
def seeker_edit(request: AuthedRequest, job_seeker_id: int) -> HttpResponse:
    seeker = selectors.get_seeker_for_user(request.user, job_seeker_id)
    initial = {
        "category": seeker.category,
        "phone": seeker.phone or "",
        "skills": seeker.skill_codes,
        "wished_work": seeker.wished_work,
        "place": seeker.place_id,
        "expected_pay": seeker.expected_pay,
        "note": seeker.note,
    }
    form = SeekerEditForm(request.POST or None, initial=initial)
    return service_form(
        request,
        form,
        lambda form: services.seeker_update(actor=request.user, seeker=seeker, **form.cleaned_data),
        template="employment/seeker_form.html",
        context={"seeker": seeker},
        success=seeker.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("employment.change_jobseeker", raise_exception=True)
@require_POST
def seeker_withdraw(request: AuthedRequest, job_seeker_id: int) -> HttpResponse:
    seeker = selectors.get_seeker_for_user(request.user, job_seeker_id)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return service_action(
        request,
        lambda: services.seeker_withdraw(actor=request.user, seeker=seeker, note=note),
        success=seeker.get_absolute_url(),
        message=_("Withdrawn."),
    )


@login_required
@permission_required("employment.add_referral", raise_exception=True)
@require_POST
def seeker_refer(request: AuthedRequest, job_seeker_id: int) -> HttpResponse:
    """Refer the seeker to one of the vacancies their matches show."""
    seeker = selectors.get_seeker_for_user(request.user, job_seeker_id)
    form = ReferForm(request.POST)
    if not form.is_valid():
        return service_action(request, lambda: None, success=seeker.get_absolute_url())
    vacancy = selectors.get_vacancy_for_user(request.user, form.cleaned_data["vacancy"])
    return service_action(
        request,
        lambda: services.referral_create(actor=request.user, seeker=seeker, vacancy=vacancy),
        success=seeker.get_absolute_url(),
        message=lambda referral: (
            _("%(name)s referred to %(post)s at %(employer)s.")
            % {"name": seeker.name, "post": vacancy.post, "employer": vacancy.employer.name}
        ),
    )


# --- Vacancies ------------------------------------------------------------------------------------


@login_required
@permission_required("employment.view_vacancy", raise_exception=True)
def vacancy_list(request: AuthedRequest) -> HttpResponse:
    return lists.VACANCIES.render(request, "employment/vacancy_list.html")


@login_required
@permission_required("employment.add_vacancy", raise_exception=True)
def vacancy_new(request: AuthedRequest) -> HttpResponse:
    """Choose the employer offering the post (then the form, on the employer's own URL)."""
    q = search_words(request)
    employers = organisations.employers_to_pick(request.user, q)
    return render(request, "employment/vacancy_new.html", {"q": q, "employers": employers})


@login_required
@permission_required("employment.add_vacancy", raise_exception=True)
def vacancy_create(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = organisations.get_employer_for_user(request.user, employer_id)
    form = VacancyForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.vacancy_create(actor=request.user, employer=employer, **form.cleaned_data),
        template="employment/vacancy_form.html",
        context={"employer": employer},
        success=lambda vacancy: vacancy.get_absolute_url(),
        message=lambda vacancy: _("Vacancy %(post)s recorded.") % {"post": vacancy.post},
    )


@login_required
@permission_required("employment.view_vacancy", raise_exception=True)
def vacancy_detail(request: AuthedRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    is_open = selectors.vacancies_for_user(request.user, status=selectors.OPEN).filter(pk=vacancy.pk).exists()
    return render(
        request,
        "employment/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "is_open": is_open,
            "matches": selectors.seeker_matches(request.user, vacancy.pk) if is_open else [],
            "referrals": list(selectors.referrals_for_user(request.user, vacancy=str(vacancy.pk))),
        },
    )


@login_required
@permission_required("employment.change_vacancy", raise_exception=True)
def vacancy_edit(request: AuthedRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    initial: dict[str, Any] = {
        "post": vacancy.post,
        "skills": vacancy.skill_codes,
        "pay_min": vacancy.pay_min,
        "pay_max": vacancy.pay_max,
        "headcount": vacancy.headcount,
        "place": vacancy.place_id,
        "valid_until": vacancy.valid_until,
        "note": vacancy.note,
    }
    form = VacancyForm(request.POST or None, initial=initial)
    return service_form(
        request,
        form,
        lambda form: services.vacancy_update(actor=request.user, vacancy=vacancy, **form.cleaned_data),
        template="employment/vacancy_form.html",
        context={"vacancy": vacancy, "employer": vacancy.employer},
        success=vacancy.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("employment.add_referral", raise_exception=True)
@require_POST
def vacancy_refer(request: AuthedRequest, vacancy_id: int) -> HttpResponse:
    """Refer one of the seekers the vacancy's matches show."""
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    form = FairAttendanceForm(request.POST)  # one hidden ``seeker`` id
    if not form.is_valid():
        return service_action(request, lambda: None, success=vacancy.get_absolute_url())
    seeker = selectors.get_seeker_for_user(request.user, form.cleaned_data["seeker"])
    return service_action(
        request,
        lambda: services.referral_create(actor=request.user, seeker=seeker, vacancy=vacancy),
        success=vacancy.get_absolute_url(),
        message=lambda referral: (
            _("%(name)s referred to %(post)s at %(employer)s.")
            % {"name": seeker.name, "post": vacancy.post, "employer": vacancy.employer.name}
        ),
    )


# --- Referrals and placements ---------------------------------------------------------------------


@login_required
@permission_required("employment.view_referral", raise_exception=True)
def referral_list(request: AuthedRequest) -> HttpResponse:
    return lists.REFERRALS.render(request, "employment/referral_list.html")


@login_required
@permission_required("employment.view_referral", raise_exception=True)
def referral_detail(request: AuthedRequest, job_referral_id: int) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, job_referral_id)
    return render(
        request,
        "employment/referral_detail.html",
        {
            "referral": referral,
            "placement": getattr(referral, "placement", None) if referral.outcome == "hired" else None,
            "hired_form": HiredForm(initial={"pay": referral.vacancy.pay_min}),
            "not_hired_form": NotHiredForm(),
        },
    )


@login_required
@permission_required("employment.change_referral", raise_exception=True)
def referral_hired(request: AuthedRequest, job_referral_id: int) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, job_referral_id)
    form = HiredForm(request.POST or None, initial={"pay": referral.vacancy.pay_min})
    return service_form(
        request,
        form,
        lambda form: services.referral_hired(actor=request.user, referral=referral, **form.cleaned_data),
        template="employment/outcome_form.html",
        context={"referral": referral, "title": _("Hired")},
        success=referral.get_absolute_url(),
        message=lambda placement: (
            _("%(name)s placed at %(employer)s.")
            % {"name": referral.seeker.name, "employer": referral.vacancy.employer.name}
        ),
    )


@login_required
@permission_required("employment.change_referral", raise_exception=True)
def referral_not_hired(request: AuthedRequest, job_referral_id: int) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, job_referral_id)
    form = NotHiredForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.referral_not_hired(actor=request.user, referral=referral, **form.cleaned_data),
        template="employment/outcome_form.html",
        context={"referral": referral, "title": _("Not hired")},
        success=referral.get_absolute_url(),
        message=_("Outcome recorded."),
    )


@login_required
@permission_required("employment.view_placement", raise_exception=True)
def placement_list(request: AuthedRequest) -> HttpResponse:
    return lists.PLACEMENTS.render(request, "employment/placement_list.html")


# --- Job fairs ------------------------------------------------------------------------------------


@login_required
@permission_required("employment.view_jobfair", raise_exception=True)
def fair_list(request: AuthedRequest) -> HttpResponse:
    return lists.FAIRS.render(request, "employment/fair_list.html")


@login_required
@permission_required("employment.add_jobfair", raise_exception=True)
def fair_create(request: AuthedRequest) -> HttpResponse:
    form = FairForm(request.POST or None, initial={"union": request.user.union_id})
    return service_form(
        request,
        form,
        lambda form: services.fair_create(actor=request.user, **form.cleaned_data),
        template="employment/fair_form.html",
        success=lambda fair: fair.get_absolute_url(),
        message=lambda fair: _("%(title)s recorded.") % {"title": fair.title},
    )


@login_required
@permission_required("employment.view_jobfair", raise_exception=True)
def fair_detail(request: AuthedRequest, job_fair_id: int) -> HttpResponse:
    fair = selectors.get_fair_for_user(request.user, job_fair_id)
    q = search_words(request)
    find = request.GET.get("find", "")
    employers = organisations.employers_to_pick(request.user, q) if find == "employer" else []
    seekers = list(selectors.seekers_for_user(request.user, q=q)[:PICK_LIMIT]) if q and find == "seeker" else []
    return render(
        request,
        "employment/fair_detail.html",
        {
            "fair": fair,
            "summary": selectors.fair_summary(request.user, fair),
            "q": q,
            "find": find,
            "employers": employers,
            "seekers": seekers,
            "results_form": FairResultsForm(initial={"results": fair.results}),
        },
    )


@login_required
@permission_required("employment.change_jobfair", raise_exception=True)
def fair_add_employer(request: AuthedRequest, job_fair_id: int, employer_id: int) -> HttpResponse:
    fair = selectors.get_fair_for_user(request.user, job_fair_id)
    employer = organisations.get_employer_for_user(request.user, employer_id)
    form = FairEmployerForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.fair_add_employer(actor=request.user, fair=fair, employer=employer, **form.cleaned_data),
        template="employment/fair_employer_form.html",
        context={"fair": fair, "employer": employer},
        success=fair.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("employment.change_jobfair", raise_exception=True)
@require_POST
def fair_attendance(request: AuthedRequest, job_fair_id: int) -> HttpResponse:
    fair = selectors.get_fair_for_user(request.user, job_fair_id)
    form = FairAttendanceForm(request.POST)
    if not form.is_valid():
        return service_action(request, lambda: None, success=fair.get_absolute_url())
    seeker = selectors.get_seeker_for_user(request.user, form.cleaned_data["seeker"])
    return service_action(
        request,
        lambda: services.fair_record_attendance(actor=request.user, fair=fair, seeker=seeker),
        success=fair.get_absolute_url(),
        message=_("Attendance recorded."),
    )


@login_required
@permission_required("employment.change_jobfair", raise_exception=True)
@require_POST
def fair_results(request: AuthedRequest, job_fair_id: int) -> HttpResponse:
    fair = selectors.get_fair_for_user(request.user, job_fair_id)
    form = FairResultsForm(request.POST)
    results = form.cleaned_data["results"] if form.is_valid() else fair.results
    return service_action(
        request,
        lambda: services.fair_record_results(actor=request.user, fair=fair, results=results),
        success=fair.get_absolute_url(),
        message=_("Saved."),
    )


# --- Figures --------------------------------------------------------------------------------------


@login_required
@permission_required("employment.view_figures", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    return render(
        request,
        "employment/figures.html",
        {"year": year, "years": years_offered(year), "figures": employment_figures(request.user, year=year)},
    )


# --- The worker's own pages -----------------------------------------------------------------------


@login_required
def my_applications(request: AuthedRequest) -> HttpResponse:
    """The signed-in worker's job applications (their own only)."""
    return render(request, "employment/my_applications.html", {"referrals": selectors.my_referrals(request.user)})


@login_required
def my_application(request: AuthedRequest, job_referral_id: int) -> HttpResponse:
    """One of the signed-in worker's job applications; 404 for anyone else's."""
    referral = selectors.get_my_referral(request.user, job_referral_id)
    return render(request, "employment/my_application.html", {"referral": referral})
