"""Workplace safety's pages: thin, each reads through a selector or writes through a service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, download, service_action, service_form
from gonghui.core.web.pickers import search_words
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations
from gonghui.safety import lists, selectors, services
from gonghui.safety.forms import ActivityForm, HazardEditForm, HazardForm, InspectorEndForm, InspectorForm, PhotoForm
from gonghui.safety.workflows import is_overdue


@login_required
@permission_required("safety.view_hazard", raise_exception=True)
def index(request: AuthedRequest) -> HttpResponse:
    return redirect("safety:hazard_list")


# --- Hazards --------------------------------------------------------------------------------------


@login_required
@permission_required("safety.view_hazard", raise_exception=True)
def hazard_list(request: AuthedRequest) -> HttpResponse:
    return lists.HAZARDS.render(request, "safety/hazard_list.html", context={"today": timezone.localdate()})


@login_required
@permission_required("safety.add_hazard", raise_exception=True)
def hazard_new(request: AuthedRequest) -> HttpResponse:
    """Choose the employer the hazard was found at (then the form, on the employer's own URL)."""
    q = search_words(request)
    employers = organisations.employers_to_pick(request.user, q)
    return render(request, "safety/hazard_new.html", {"q": q, "employers": employers})


@login_required
@permission_required("safety.add_hazard", raise_exception=True)
def hazard_create(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = organisations.get_employer_for_user(request.user, employer_id)
    form = HazardForm(request.POST or None, user=request.user)
    return service_form(
        request,
        form,
        lambda form: services.hazard_record(actor=request.user, employer=employer, **form.cleaned_data),
        template="safety/hazard_form.html",
        context={"employer": employer},
        success=lambda hazard: hazard.get_absolute_url(),
        message=lambda hazard: _("Hazard recorded at %(employer)s.") % {"employer": employer.name},
    )


@login_required
@permission_required("safety.view_hazard", raise_exception=True)
def hazard_detail(request: AuthedRequest, hazard_id: int) -> HttpResponse:
    hazard = selectors.get_hazard_for_user(request.user, hazard_id)
    today = timezone.localdate()
    return render(
        request,
        "safety/hazard_detail.html",
        {
            "hazard": hazard,
            "photos": selectors.photos_of(request.user, hazard),
            "reports": selectors.reports_of(request.user, hazard),
            "overdue": is_overdue(hazard.state, hazard.due_on, today),
            "photo_form": PhotoForm(),
        },
    )


@login_required
@permission_required("safety.change_hazard", raise_exception=True)
def hazard_edit(request: AuthedRequest, hazard_id: int) -> HttpResponse:
    hazard = selectors.get_hazard_for_user(request.user, hazard_id)
    initial = {name: getattr(hazard, name) for name in services.HAZARD_FIELDS}
    form = HazardEditForm(request.POST or None, initial=initial)
    return service_form(
        request,
        form,
        lambda form: services.hazard_update(actor=request.user, hazard=hazard, **form.cleaned_data),
        template="safety/hazard_form.html",
        context={"hazard": hazard, "employer": hazard.employer},
        success=hazard.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("safety.add_hazardphoto", raise_exception=True)
def photo_add(request: AuthedRequest, hazard_id: int) -> HttpResponse:
    hazard = selectors.get_hazard_for_user(request.user, hazard_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    return service_form(
        request,
        form,
        lambda form: services.hazard_photo_add(actor=request.user, hazard=hazard, upload=form.cleaned_data["image"]),
        template="safety/photo_form.html",
        context={"hazard": hazard},
        success=hazard.get_absolute_url(),
        message=_("Photo added."),
    )


@login_required
@permission_required("safety.view_hazardphoto", raise_exception=True)
def photo_download(request: AuthedRequest, hazard_photo_id: int) -> FileResponse:
    photo = selectors.get_photo_for_user(request.user, hazard_photo_id)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404("the stored photo is missing") from None
    return download(handle, photo.name, inline=True)


@login_required
@permission_required("safety.view_hazard", raise_exception=True)
def notice_pdf(request: AuthedRequest, hazard_id: int) -> HttpResponse:
    from gonghui.core.documents import pdf_response
    from gonghui.safety.documents import notice_pdf as build

    hazard = selectors.get_hazard_for_user(request.user, hazard_id)
    if hazard.notice_issued_on is None:
        raise Http404("no notice issued yet")
    return pdf_response(
        request,
        lambda: build(hazard, user=request.user),
        filename=f"{hazard.notice_number} 整改通知书.pdf",
        fallback=f"notice-{hazard.pk}.pdf",
        back_to=hazard.get_absolute_url(),
    )


@login_required
@permission_required("safety.view_hazard", raise_exception=True)
@destructive
def report_acknowledge(request: AuthedRequest, major_report_id: int) -> HttpResponse:
    report = selectors.get_major_report_for_user(request.user, major_report_id)
    return service_action(
        request,
        lambda: services.major_report_acknowledge(actor=request.user, report=report),
        success=report.hazard.get_absolute_url(),
        message=_("Report acknowledged."),
    )


# --- Inspectors -----------------------------------------------------------------------------------


@login_required
@permission_required("safety.view_inspector", raise_exception=True)
def inspector_list(request: AuthedRequest) -> HttpResponse:
    return lists.INSPECTORS.render(request, "safety/inspector_list.html")


@login_required
@permission_required("safety.add_inspector", raise_exception=True)
def inspector_new(request: AuthedRequest) -> HttpResponse:
    """Find the worker of the registry to appoint (then the form, on the worker's own URL)."""
    q = request.GET.get("q", "")
    return render(
        request, "safety/inspector_new.html", {"q": q, "picker_rows": members.workers_to_pick(request.user, q)}
    )


@login_required
@permission_required("safety.add_inspector", raise_exception=True)
def inspector_appoint(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = members.get_worker_for_user(request.user, worker_id)
    form = InspectorForm(request.POST or None, initial={"union": worker.union_id, "appointed_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.inspector_appoint(actor=request.user, worker=worker, **form.cleaned_data),
        template="safety/inspector_form.html",
        context={"worker": worker},
        success=lambda inspector: inspector.get_absolute_url(),
        message=lambda inspector: _("%(name)s appointed.") % {"name": worker.name},
    )


@login_required
@permission_required("safety.view_inspector", raise_exception=True)
def inspector_detail(request: AuthedRequest, inspector_id: int) -> HttpResponse:
    inspector = selectors.get_inspector_for_user(request.user, inspector_id)
    hazards = selectors.hazards_for_user(request.user, inspector=str(inspector.pk))
    return render(
        request,
        "safety/inspector_detail.html",
        {
            "inspector": inspector,
            "hazards": hazards[:20],
            "hazard_count": hazards.count(),
            "end_form": InspectorEndForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@login_required
@permission_required("safety.change_inspector", raise_exception=True)
@destructive
def inspector_end(request: AuthedRequest, inspector_id: int) -> HttpResponse:
    inspector = selectors.get_inspector_for_user(request.user, inspector_id)
    form = InspectorEndForm(request.POST)
    return service_form(
        request,
        form,
        lambda form: services.inspector_end(actor=request.user, inspector=inspector, **form.cleaned_data),
        template="safety/inspector_end.html",
        context={"inspector": inspector},
        success=inspector.get_absolute_url(),
        message=_("Appointment ended."),
    )


# --- Activities -----------------------------------------------------------------------------------


@login_required
@permission_required("safety.view_safetyactivity", raise_exception=True)
def activity_list(request: AuthedRequest) -> HttpResponse:
    return lists.ACTIVITIES.render(request, "safety/activity_list.html")


@login_required
@permission_required("safety.add_safetyactivity", raise_exception=True)
def activity_create(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = organisations.get_employer_for_user(request.user, employer_id)
    form = ActivityForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.activity_record(actor=request.user, employer=employer, **form.cleaned_data),
        template="safety/activity_form.html",
        context={"employer": employer},
        success=lambda activity: activity.get_absolute_url(),
        message=_("Activity recorded."),
    )
