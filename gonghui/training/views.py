"""Skills training's pages: thin, each reads through a selector or writes through a service.

Union staff manage courses, trainees, attendance and certificates; a signed-in worker sees the
courses open to them, enrols and withdraws, and downloads their certificates (``my_*`` views).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.certificates.documents import certificate_pdf_response
from gonghui.core.web.converters import parse_id
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_action, service_form
from gonghui.members import selectors as members
from gonghui.training import lists, rules, selectors, services
from gonghui.training.forms import AssessmentForm, AttendanceForm, CancelForm, CourseForm
from gonghui.training.models import Course, Enrolment


@login_required
@permission_required("training.view_course", raise_exception=True)
def index(request: AuthedRequest) -> HttpResponse:
    return redirect("training:course_list")


# --- Courses --------------------------------------------------------------------------------------


@login_required
@permission_required("training.view_course", raise_exception=True)
def course_list(request: AuthedRequest) -> HttpResponse:
    return lists.COURSES.render(request, "training/course_list.html")


@login_required
@permission_required("training.add_course", raise_exception=True)
def course_create(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CourseForm(
        request.POST or None,
        initial={"union": request.user.union_id, "starts_on": today, "ends_on": today, "capacity": 30},
    )
    return service_form(
        request,
        form,
        lambda form: services.course_create(actor=request.user, **form.cleaned_data),
        template="training/course_form.html",
        success=lambda course: course.get_absolute_url(),
        message=lambda course: _("%(title)s planned.") % {"title": course.title},
    )


@login_required
@permission_required("training.view_course", raise_exception=True)
def course_detail(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = selectors.get_course_for_user(request.user, course_id)
    trainees = selectors.enrolments_of(request.user, course)
    active = [t for t in trainees if t.active]
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "trainees": trainees,
            "enrolled": len(active),
            "free_places": max(course.capacity - len(active), 0),
            "needed": rules.sessions_needed(course.sessions, course.attendance_threshold),
            "sessions": range(1, course.sessions + 1),
            "completers_without_certificate": sum(
                1 for t in trainees if t.state == Enrolment.State.COMPLETED and t.certificate_id is None
            ),
            "cancel_form": CancelForm(),
        },
    )


@login_required
@permission_required("training.change_course", raise_exception=True)
def course_edit(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = selectors.get_course_for_user(request.user, course_id)
    initial = {name: getattr(course, name) for name in services.COURSE_FIELDS}
    form = CourseForm(request.POST or None, initial=initial)
    del form.fields["union"]
    return service_form(
        request,
        form,
        lambda form: services.course_update(actor=request.user, course=course, **form.cleaned_data),
        template="training/course_form.html",
        context={"course": course},
        success=course.get_absolute_url(),
        message=_("Saved."),
    )


def _step(request: AuthedRequest, course_id: int, step: str, message: str) -> HttpResponse:
    course = selectors.get_course_for_user(request.user, course_id)
    call = getattr(services, f"course_{step}")
    return service_action(
        request, lambda: call(actor=request.user, course=course), success=course.get_absolute_url(), message=message
    )


@login_required
@permission_required("training.change_course", raise_exception=True)
@destructive
def course_open(request: AuthedRequest, course_id: int) -> HttpResponse:
    return _step(request, course_id, "open", _("The course is open for enrolment."))


@login_required
@permission_required("training.change_course", raise_exception=True)
@destructive
def course_start(request: AuthedRequest, course_id: int) -> HttpResponse:
    return _step(request, course_id, "start", _("The course is running: enrolment is closed."))


@login_required
@permission_required("training.change_course", raise_exception=True)
@destructive
def course_finish(request: AuthedRequest, course_id: int) -> HttpResponse:
    return _step(request, course_id, "finish", _("The course has finished: each trainee's completion is decided."))


@login_required
@permission_required("training.change_course", raise_exception=True)
@destructive
def course_cancel(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = selectors.get_course_for_user(request.user, course_id)
    form = CancelForm(request.POST)
    return service_form(
        request,
        form,
        lambda form: services.course_cancel(actor=request.user, course=course, reason=form.cleaned_data["reason"]),
        template="training/course_cancel.html",
        context={"course": course},
        success=course.get_absolute_url(),
        message=_("The course is cancelled."),
    )


# --- Enrolment, attendance, assessment, certificates ---------------------------------------------------


@login_required
@permission_required("training.add_enrolment", raise_exception=True)
def enrol_search(request: AuthedRequest, course_id: int) -> HttpResponse:
    """Find the worker of the registry to enrol (each result a button that enrols them)."""
    course = selectors.get_course_for_user(request.user, course_id)
    q = request.GET.get("q", "")
    workers = members.workers_to_pick(request.user, q)
    return render(request, "training/enrol_search.html", {"course": course, "q": q, "picker_rows": workers})


@login_required
@permission_required("training.add_enrolment", raise_exception=True)
@destructive
def enrolment_add(request: AuthedRequest, course_id: int, worker_id: int) -> HttpResponse:
    course = selectors.get_course_for_user(request.user, course_id)
    worker = members.get_worker_for_user(request.user, worker_id)
    return service_action(
        request,
        lambda: services.enrolment_add(actor=request.user, course=course, worker=worker),
        success=course.get_absolute_url(),
        message=_("%(name)s enrolled.") % {"name": worker.name},
    )


@login_required
@permission_required("training.change_enrolment", raise_exception=True)
@destructive
def enrolment_withdraw(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_user(request.user, enrolment_id)
    return service_action(
        request,
        lambda: services.enrolment_withdraw(actor=request.user, enrolment=enrolment),
        success=enrolment.course.get_absolute_url(),
        message=_("%(name)s withdrew.") % {"name": enrolment.worker.name},
    )


def _enrolled(request: AuthedRequest, course: Course) -> list[Enrolment]:
    return [t for t in selectors.enrolments_of(request.user, course) if t.state == Enrolment.State.ENROLLED]


@login_required
@permission_required("training.change_enrolment", raise_exception=True)
def attendance(request: AuthedRequest, course_id: int) -> HttpResponse:
    """Who was present at one session (``?session=N``; the first by default)."""
    course = selectors.get_course_for_user(request.user, course_id)
    trainees = _enrolled(request, course)
    session = parse_id(request.POST.get("session") or request.GET.get("session") or "1") or 1
    session = min(session, course.sessions)
    present = [t.pk for t in trainees if t.marks.get(session, True)]  # type: ignore[attr-defined]
    form = AttendanceForm(request.POST or None, trainees=trainees, initial={"session": session, "present": present})
    return service_form(
        request,
        form,
        lambda form: services.attendance_record(
            actor=request.user,
            course=course,
            session=form.cleaned_data["session"],
            present=form.cleaned_data["present"],
        ),
        template="training/attendance.html",
        context={"course": course, "session": session, "sessions": range(1, course.sessions + 1)},
        success=course.get_absolute_url(),
        message=lambda count: _("Attendance recorded: %(count)d present.") % {"count": count},
    )


@login_required
@permission_required("training.change_enrolment", raise_exception=True)
def assessment(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = selectors.get_course_for_user(request.user, course_id)
    trainees = _enrolled(request, course)
    passed = [t.pk for t in trainees if t.assessment_passed]
    form = AssessmentForm(request.POST or None, trainees=trainees, initial={"passed": passed})
    return service_form(
        request,
        form,
        lambda form: services.assessment_record(actor=request.user, course=course, passed=form.cleaned_data["passed"]),
        template="training/assessment.html",
        context={"course": course},
        success=course.get_absolute_url(),
        message=lambda count: _("Assessment recorded: %(count)d passed.") % {"count": count},
    )


@login_required
@permission_required("training.change_enrolment", raise_exception=True)
@destructive
def certificates_issue(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = selectors.get_course_for_user(request.user, course_id)
    return service_action(
        request,
        lambda: services.certificates_issue(actor=request.user, course=course),
        success=course.get_absolute_url(),
        message=_("Certificates issued."),
    )


@login_required
@permission_required("training.view_enrolment", raise_exception=True)
def certificate_pdf(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_user(request.user, enrolment_id)
    if enrolment.certificate is None:
        raise Http404("no certificate issued")
    return certificate_pdf_response(request, enrolment.certificate, back_to=enrolment.get_absolute_url())


# --- Trainees -------------------------------------------------------------------------------------


@login_required
@permission_required("training.view_enrolment", raise_exception=True)
def enrolment_list(request: AuthedRequest) -> HttpResponse:
    return lists.ENROLMENTS.render(request, "training/enrolment_list.html")


# --- The worker's own pages -----------------------------------------------------------------------


def _worker_or_404(request: AuthedRequest) -> None:
    if members.worker_for_account(request.user) is None:
        raise Http404("not a worker with a registry record")


@login_required
def my_training(request: AuthedRequest) -> HttpResponse:
    """The worker's training: courses open to them, their courses and their certificates."""
    _worker_or_404(request)
    enrolments = selectors.my_enrolments(request.user)
    return render(
        request,
        "training/my_training.html",
        {
            "offered": selectors.courses_offered(request.user),
            "enrolments": enrolments,
            "certificates": [e for e in enrolments if e.certificate_id is not None],
        },
    )


@login_required
def my_course(request: AuthedRequest, course_id: int) -> HttpResponse:
    found = selectors.get_offered_course(request.user, course_id)
    return render(request, "training/my_course.html", found)


@login_required
@destructive
def my_enrol(request: AuthedRequest, course_id: int) -> HttpResponse:
    found = selectors.get_offered_course(request.user, course_id)
    return service_action(
        request,
        lambda: services.enrolment_self_enrol(actor=request.user, course=found["course"]),
        success=_my_course_url(course_id),
        message=_("You are enrolled."),
    )


def _my_course_url(course_id: int) -> str:
    return reverse("training:my_course", args=[course_id])


@login_required
@destructive
def my_withdraw(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.get_my_enrolment(request.user, enrolment_id)
    return service_action(
        request,
        lambda: services.enrolment_self_withdraw(actor=request.user, enrolment=enrolment),
        success=_my_course_url(enrolment.course_id),
        message=_("You have withdrawn from the course."),
    )


@login_required
def my_certificate_pdf(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.get_my_enrolment(request.user, enrolment_id)
    if enrolment.certificate is None:
        raise Http404("no certificate issued")
    return certificate_pdf_response(request, enrolment.certificate, back_to=reverse("training:my"))
