"""Skills training's reads: each answers for the user it is given (``core/selectors.py``).

Union staff read courses and trainees of their subtree. A worker reads, on their own pages, the
courses open for enrolment in their union's area (their union and the unions above it) and their
own enrolments and certificates, by their registry record (``members.worker_for_account``) in a
system scope; anything not theirs is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.core.figures.townships import townships_for_user as township_unions_for_user
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.members import selectors as members
from gonghui.training import rules
from gonghui.training.models import Attendance, Course, Enrolment

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User

# What the trainee list's ``status`` filter names (the figures' measures).
TRAINED = "trained"  # enrolled and not withdrawn
COMPLETED = "completed"
CERTIFIED = "certified"  # a certificate issued and not revoked
STATUSES = (TRAINED, COMPLETED, CERTIFIED)


def status_q(status: str) -> Q | None:
    """The trainees a ``status`` names (None: no such status)."""
    if status == TRAINED:
        return ~Q(state=Enrolment.State.WITHDRAWN)
    if status == COMPLETED:
        return Q(state=Enrolment.State.COMPLETED)
    if status == CERTIFIED:
        return Q(certificate__isnull=False, certificate__revoked_on__isnull=True)
    return None


@selector
def townships_for_user(actor: User) -> list[Union]:
    """The townships in the user's scope (the filters' choices)."""
    return township_unions_for_user(actor)


def _within_union(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    union_id = parse_id(value)
    node = Union.objects.filter(pk=union_id).only("path").first() if union_id else None
    return rows.filter(subtree_q("union__path", node.path)) if node else rows.none()


def _by_year(rows: QuerySet[Any], value: str, column: str) -> QuerySet[Any]:
    year = parse_year(value)
    return rows.filter(**{f"{column}__year": year}) if year else rows.none()


# --- Courses --------------------------------------------------------------------------------------


@selector
def courses_for_user(
    actor: User,
    *,
    q: str = "",
    state: str = "",
    category: str = "",
    funding: str = "",
    township: str = "",
    year: str = "",
) -> QuerySet[Course]:
    """The courses of ``actor``'s subtree, newest first, with their enrolled count; ``year``: starting in it."""
    rows = Course.objects.select_related("union").annotate(
        enrolled=Count("enrolments", filter=~Q(enrolments__state=Enrolment.State.WITHDRAWN))
    )
    if state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(category=category)
    if funding:
        rows = rows.filter(funding=funding)
    if township:
        rows = _within_union(rows, township)
    if year:
        rows = _by_year(rows, year, "starts_on")
    q = q.strip()
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(provider__icontains=q) | Q(place__icontains=q))
    return rows.order_by("-starts_on", "-id")


@selector(sample=lambda s: {"course_id": s.id("course_id")})
def get_course_for_user(actor: User, course_id: int) -> Course:
    """One course of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(Course.objects.select_related("union"), pk=course_id)


@selector(sample=lambda s: {"course": s.get(Course, "course_id")})
def enrolments_of(actor: User, course: Course) -> list[Enrolment]:
    """A course's trainees (withdrawn last) with their attendance marks (``marks``: session → present)."""
    rows = list(
        Enrolment.objects.filter(course=course)
        .select_related("worker", "worker__employer", "certificate")
        .order_by("state", "worker__name", "id")
    )
    marks: dict[int, dict[int, bool]] = {}
    for mark in Attendance.objects.filter(enrolment__course=course):
        marks.setdefault(mark.enrolment_id, {})[mark.session] = mark.present
    for row in rows:
        row.marks = marks.get(row.pk, {})  # type: ignore[attr-defined]
        row.rate = rules.attendance_rate(row.attended, course.sessions)  # type: ignore[attr-defined]
    rows.sort(key=lambda row: (row.state == Enrolment.State.WITHDRAWN, row.worker.name, row.pk))
    return rows


# --- Trainees -------------------------------------------------------------------------------------


@selector
def enrolments_for_user(
    actor: User,
    *,
    q: str = "",
    status: str = "",
    state: str = "",
    category: str = "",
    township: str = "",
    year: str = "",
    course: str = "",
) -> QuerySet[Enrolment]:
    """The trainees of ``actor``'s subtree's courses; ``status``: trained / completed / certified
    (``status_q``); ``year``: the course started in it; ``township``: a union id (its subtree)."""
    rows = Enrolment.objects.select_related("course", "union", "worker", "worker__employer", "certificate")
    if status:
        condition = status_q(status)
        rows = rows.filter(condition) if condition is not None else rows.none()
    if state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(course__category=category)
    if township:
        rows = _within_union(rows, township)
    if year:
        rows = _by_year(rows, year, "course__starts_on")
    if course:
        course_id = parse_id(course)
        rows = rows.filter(course_id=course_id) if course_id else rows.none()
    q = q.strip()
    if q:
        rows = rows.filter(Q(worker__name__icontains=q) | Q(course__title__icontains=q))
    return rows.order_by("-course__starts_on", "course_id", "id")


@selector(sample=lambda s: {"enrolment_id": s.id("enrolment_id")})
def get_enrolment_for_user(actor: User, enrolment_id: int) -> Enrolment:
    """One trainee of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(
        Enrolment.objects.select_related("course", "course__union", "worker", "certificate", "union"),
        pk=enrolment_id,
    )


# --- The worker's own -----------------------------------------------------------------------------


@selector
def courses_offered(actor: User) -> list[Course]:
    """The courses open for enrolment that ``actor`` (a worker) may enrol on: those of their union
    and the unions above it, soonest first, with their enrolled count and whether ``actor`` is on it."""
    worker = members.worker_for_account(actor)
    if worker is None:
        return []
    with system_scope("a worker reads the courses open to their union"):
        rows: list[Course] = list(
            Course.objects.filter(union__path__in=rules.offering_paths(worker.union.path), state=Course.State.OPEN)
            .select_related("union")
            .annotate(enrolled=Count("enrolments", filter=~Q(enrolments__state=Enrolment.State.WITHDRAWN)))
            .order_by("starts_on", "id")
        )
        mine = set(
            Enrolment.objects.filter(worker=worker, course__in=rows)
            .exclude(state=Enrolment.State.WITHDRAWN)
            .values_list("course_id", flat=True)
        )
    for row in rows:
        row.mine = row.pk in mine  # type: ignore[attr-defined]
    return rows


@selector(sample=lambda s: {"course_id": s.id("course_id")})
def get_offered_course(actor: User, course_id: int) -> dict[str, Any]:
    """One course as ``actor`` (a worker) sees it: open and offered to their union, or one they are on;
    with their enrolment on it (or None). 404 otherwise."""
    worker = members.worker_for_account(actor)
    if worker is None:
        raise Http404("not a worker")
    with system_scope("a worker reads a course offered to them"):
        course = (
            Course.objects.select_related("union")
            .annotate(enrolled=Count("enrolments", filter=~Q(enrolments__state=Enrolment.State.WITHDRAWN)))
            .filter(pk=course_id)
            .first()
        )
        enrolment = Enrolment.objects.filter(course_id=course_id, worker=worker).first() if course else None
    if course is None:
        raise Http404("no such course")
    offered = course.state == Course.State.OPEN and course.union.path in rules.offering_paths(worker.union.path)
    if not offered and enrolment is None:
        raise Http404("not offered to this worker")
    return {"course": course, "enrolment": enrolment, "offered": offered}


@selector
def my_enrolments(actor: User) -> list[Enrolment]:
    """``actor``'s (a worker's) own enrolments, newest course first, withdrawn ones included."""
    worker = members.worker_for_account(actor)
    if worker is None:
        return []
    with system_scope("a worker reads their own training"):
        return list(
            Enrolment.objects.filter(worker=worker)
            .select_related("course", "course__union", "certificate")
            .order_by("-course__starts_on", "-id")
        )


@selector(sample=lambda s: {"enrolment_id": s.id("enrolment_id")})
def get_my_enrolment(actor: User, enrolment_id: int) -> Enrolment:
    """One of ``actor``'s (a worker's) own enrolments; 404 for anyone else's."""
    worker = members.worker_for_account(actor)
    if worker is None:
        raise Http404("not a worker")
    with system_scope("a worker reads their own enrolment"):
        enrolment = (
            Enrolment.objects.select_related("course", "course__union", "certificate", "worker")
            .filter(pk=enrolment_id, worker=worker)
            .first()
        )
    if enrolment is None:
        raise Http404("not this worker's enrolment")
    return enrolment


@selector
def my_training_summary(actor: User) -> dict[str, Any] | None:
    """What the worker's home page shows of their training (None: not a worker, nothing to show)."""
    if members.worker_for_account(actor) is None:
        return None
    enrolments = my_enrolments(actor)
    offered = courses_offered(actor)
    current = [e for e in enrolments if e.state == Enrolment.State.ENROLLED]
    certificates = [e for e in enrolments if e.certificate_id is not None]
    if not enrolments and not offered:
        return None
    return {"current": current, "certificates": certificates, "offered": len(offered)}
