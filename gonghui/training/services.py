"""Skills training's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

A course moves planned → open for enrolment → running → finished, or to cancelled from any state
before finished; each step is a service here. Enrolment refuses a full course (with the numbers)
and a second enrolment of the same worker; a worker enrols and withdraws themselves on their own
pages (``enrolment_self_enrol``, ``enrolment_self_withdraw``) in courses of their union and the
unions above it. Finishing a course decides each trainee's completion (``rules.completes``);
completers get the core's certificate (``certificates_issue``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.certificates.services import certificate_issue
from gonghui.core.money import round_fen
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.members import selectors as members
from gonghui.members.models import Worker
from gonghui.training import rules
from gonghui.training.models import Attendance, Course, Enrolment

Action = AuditEvent.Action
CourseState = Course.State
EnrolmentState = Enrolment.State
COURSE_FIELDS = [
    "title",
    "provider",
    "category",
    "starts_on",
    "ends_on",
    "hours",
    "sessions",
    "place",
    "capacity",
    "funding",
    "subsidy",
    "attendance_threshold",
    "assessment_required",
    "note",
]
AUDITED_COURSE = [*COURSE_FIELDS, "state"]
AUDITED_ENROLMENT = ["course", "worker", "enrolled_on", "source", "state", "withdrawn_on", "attended"]
EDITABLE_STATES = (CourseState.PLANNED, CourseState.OPEN)
ENROLLING_STATES = (CourseState.PLANNED, CourseState.OPEN)
CERTIFICATE_TITLE = "职业技能培训结业证书"


def _today() -> date:
    return timezone.localdate()


# --- Courses --------------------------------------------------------------------------------------


def _clean_course(course: Course) -> None:
    if course.starts_on and course.ends_on and course.ends_on < course.starts_on:
        raise ValidationError({"ends_on": _("A course cannot end before it starts.")})
    if course.funding == Course.Funding.SUBSIDISED:
        course.subsidy = round_fen(course.subsidy if course.subsidy not in (None, "") else 0)
        if course.subsidy <= 0:
            raise ValidationError({"subsidy": _("Give the subsidy per trainee in yuan.")})
    else:
        course.subsidy = Decimal("0")
    course.full_clean(exclude=["union"])


@service(perm="training.add_course")
def course_create(*, actor: Actor, union: Union, **fields: Any) -> Course:
    """Plan a course organised by ``union`` (in the actor's subtree); it opens for enrolment later."""
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"course_create() cannot set {sorted(unknown)}")
    check_scope(actor, union)
    course = Course(union=union, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})
    _clean_course(course)
    course.save()
    audit_record(Action.CREATE, obj=course, changes=diff({}, snapshot(course, AUDITED_COURSE)))
    return course


@service(perm="training.change_course")
def course_update(*, actor: Actor, course: Course, **fields: Any) -> Course:
    """Change a course while it is planned or open (not its union); capacity not below those enrolled."""
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"course_update() cannot set {sorted(unknown)}")
    check_scope(actor, course.union)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.state not in EDITABLE_STATES:
        raise ValidationError(_("A course that is running, finished or cancelled cannot be changed."))
    before = snapshot(course, AUDITED_COURSE)
    for name, value in fields.items():
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    _clean_course(course)
    enrolled = _enrolled(course)
    if course.capacity < enrolled:
        raise ValidationError(
            {
                "capacity": _("%(enrolled)d trainees are enrolled: the course needs at least as many places.")
                % {"enrolled": enrolled}
            }
        )
    course.save()
    audit_record(Action.UPDATE, obj=course, changes=diff(before, snapshot(course, AUDITED_COURSE)))
    return course


def _move(course: Course, sources: Iterable[str], target: str, note: str = "") -> Course:
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if locked.state not in sources:
        raise ValidationError(
            _("The course is %(state)s: this step is not possible now.") % {"state": locked.get_state_display()}
        )
    before = snapshot(locked, ["state"])
    locked.state = target
    locked.save(update_fields=["state", "updated_at"])
    audit_record(Action.TRANSITION, obj=locked, changes=diff(before, snapshot(locked, ["state"])), note=note)
    course.state = locked.state
    return locked


@service(perm="training.change_course")
def course_open(*, actor: Actor, course: Course) -> Course:
    """Open a planned course for enrolment: workers of its union's subtree see it on their pages."""
    check_scope(actor, course.union)
    return _move(course, (CourseState.PLANNED,), CourseState.OPEN)


@service(perm="training.change_course")
def course_start(*, actor: Actor, course: Course) -> Course:
    """The course begins: enrolment closes, attendance is recorded from now on."""
    check_scope(actor, course.union)
    if not Enrolment.objects.filter(course=course, state=EnrolmentState.ENROLLED).exists():
        raise ValidationError(_("Nobody is enrolled: enrol trainees before the course starts."))
    return _move(course, (CourseState.PLANNED, CourseState.OPEN), CourseState.RUNNING)


@service(perm="training.change_course")
def course_cancel(*, actor: Actor, course: Course, reason: str) -> Course:
    """Cancel a course that has not finished (the reason is kept in the audit log and the course's note)."""
    check_scope(actor, course.union)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the course is cancelled.")})
    moved = _move(course, (CourseState.PLANNED, CourseState.OPEN, CourseState.RUNNING), CourseState.CANCELLED, reason)
    moved.note = reason[:300]
    moved.save(update_fields=["note", "updated_at"])
    return moved


@service(perm="training.change_course")
def course_finish(*, actor: Actor, course: Course, finished_on: date | None = None) -> Course:
    """Finish a running course and decide each trainee's completion.

    A trainee completes when they attended at least the course's threshold of its sessions and,
    where the course has an assessment, passed it (``rules.completes``); the others have not
    completed. Certificates are issued after (``certificates_issue``).
    """
    check_scope(actor, course.union)
    finished_on = finished_on or _today()
    if finished_on > _today():
        raise ValidationError({"finished_on": _("The date lies in the future.")})
    moved = _move(course, (CourseState.RUNNING,), CourseState.FINISHED)
    for enrolment in Enrolment.objects.filter(course=moved, state=EnrolmentState.ENROLLED).select_related("worker"):
        before = snapshot(enrolment, [*AUDITED_ENROLMENT, "assessment_passed", "completed_on"])
        enrolment.attended = Attendance.objects.filter(enrolment=enrolment, present=True).count()
        done = rules.completes(
            attended=enrolment.attended,
            sessions=moved.sessions,
            threshold=moved.attendance_threshold,
            assessment_required=moved.assessment_required,
            passed=enrolment.assessment_passed,
        )
        enrolment.state = EnrolmentState.COMPLETED if done else EnrolmentState.NOT_COMPLETED
        enrolment.completed_on = finished_on if done else None
        enrolment.save(update_fields=["attended", "state", "completed_on", "updated_at"])
        after = snapshot(enrolment, [*AUDITED_ENROLMENT, "assessment_passed", "completed_on"])
        audit_record(Action.UPDATE, obj=enrolment, changes=diff(before, after))
    return moved


# --- Enrolment ------------------------------------------------------------------------------------


def _enrolled(course: Course) -> int:
    return Enrolment.objects.filter(course=course).exclude(state=EnrolmentState.WITHDRAWN).count()


def _enrol(course: Course, worker: Worker, source: str) -> Enrolment:
    """Enrol ``worker`` on ``course`` (locked): refuse a full course and a second enrolment."""
    locked = Course.objects.select_for_update().get(pk=course.pk)
    existing = Enrolment.objects.filter(course=locked, worker=worker).first()
    if existing is not None and existing.active:
        raise ValidationError({"worker": _("%(name)s is already enrolled on this course.") % {"name": worker.name}})
    enrolled = _enrolled(locked)
    if enrolled >= locked.capacity:
        raise ValidationError(
            _("This course is full: %(capacity)d places, %(enrolled)d enrolled.")
            % {"capacity": locked.capacity, "enrolled": enrolled}
        )
    if existing is not None:  # withdrawn before: enrolled again on the same row
        before = snapshot(existing, AUDITED_ENROLMENT)
        existing.state = EnrolmentState.ENROLLED
        existing.withdrawn_on = None
        existing.enrolled_on = _today()
        existing.source = source
        existing.save(update_fields=["state", "withdrawn_on", "enrolled_on", "source", "updated_at"])
        audit_record(Action.UPDATE, obj=existing, changes=diff(before, snapshot(existing, AUDITED_ENROLMENT)))
        return existing
    enrolment = Enrolment(union=locked.union, course=locked, worker=worker, enrolled_on=_today(), source=source)
    try:
        enrolment.save()
    except IntegrityError:  # pragma: no cover - the course row is locked: a race ends here
        raise ValidationError(
            {"worker": _("%(name)s is already enrolled on this course.") % {"name": worker.name}}
        ) from None
    audit_record(Action.CREATE, obj=enrolment, changes=diff({}, snapshot(enrolment, AUDITED_ENROLMENT)))
    return enrolment


@service(perm="training.add_enrolment")
def enrolment_add(*, actor: Actor, course: Course, worker: Worker) -> Enrolment:
    """Union staff enrol a worker of the registry (one they may see) on a planned or open course."""
    check_scope(actor, course.union)
    if actor is not None:
        members.get_worker_for_user(actor, worker.pk)  # 404 for a worker the actor may not see
    if course.state not in ENROLLING_STATES:
        raise ValidationError(
            _("Enrolment is closed: the course is %(state)s.") % {"state": course.get_state_display()}
        )
    return _enrol(course, worker, Enrolment.Source.STAFF)


def offered_to(course: Course, worker: Worker) -> bool:
    """Whether ``course`` is offered to ``worker``: organised by their union or a union above it."""
    return course.union.path in rules.offering_paths(worker.union.path)


@service(perm=None)  # the worker's own enrolment: the service reads their record by the account's link
def enrolment_self_enrol(*, actor: Actor, course: Course) -> Enrolment:
    """A signed-in worker enrols themselves on a course open for enrolment in their union's area."""
    worker = members.worker_for_account(actor) if actor is not None else None
    if worker is None:
        raise ValidationError(_("Your account is not linked to a worker record: ask your union."))
    with system_scope("a worker enrols themselves on a course offered to their union"):
        course = Course.objects.select_related("union").get(pk=course.pk)
        if not offered_to(course, worker) or course.state != CourseState.OPEN:
            raise ValidationError(_("This course is not open for enrolment."))
        return _enrol(course, worker, Enrolment.Source.SELF)


def _withdraw(enrolment: Enrolment) -> Enrolment:
    locked = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    if locked.course.state in (CourseState.FINISHED, CourseState.CANCELLED):
        raise ValidationError(_("The course is over: nobody can withdraw from it now."))
    if locked.state != EnrolmentState.ENROLLED:
        raise ValidationError(_("Only an enrolled trainee can withdraw."))
    before = snapshot(locked, AUDITED_ENROLMENT)
    locked.state = EnrolmentState.WITHDRAWN
    locked.withdrawn_on = _today()
    locked.save(update_fields=["state", "withdrawn_on", "updated_at"])
    audit_record(Action.UPDATE, obj=locked, changes=diff(before, snapshot(locked, AUDITED_ENROLMENT)))
    return locked


@service(perm="training.change_enrolment")
def enrolment_withdraw(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Union staff record that a trainee withdrew (their place is free again)."""
    check_scope(actor, enrolment.union)
    return _withdraw(enrolment)


@service(perm=None)  # the worker's own enrolment: the service reads their record by the account's link
def enrolment_self_withdraw(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """A worker withdraws from a course they enrolled on, before it starts."""
    worker = members.worker_for_account(actor) if actor is not None else None
    with system_scope("a worker withdraws from their own enrolment"):
        if worker is None or enrolment.worker_id != worker.pk:
            raise ValidationError(_("This is not your enrolment."))
        if enrolment.course.state != CourseState.OPEN:
            raise ValidationError(_("The course has started: ask the union to record your withdrawal."))
        return _withdraw(enrolment)


# --- Attendance, assessment, certificates --------------------------------------------------------------


def _running(course: Course) -> None:
    if course.state != CourseState.RUNNING:
        raise ValidationError(_("Attendance and assessment are recorded while the course is running."))


@service(perm="training.change_enrolment")
def attendance_record(*, actor: Actor, course: Course, session: int, present: Iterable[int]) -> int:
    """Record who was present at ``session`` (1 to the course's sessions): the enrolled trainees
    among ``present`` (enrolment ids) present, every other enrolled trainee absent. Returns how many were present."""
    check_scope(actor, course.union)
    _running(course)
    if not 1 <= session <= course.sessions:
        raise ValidationError({"session": _("Give a session from 1 to %(sessions)d.") % {"sessions": course.sessions}})
    wanted = set(present)
    trainees = list(Enrolment.objects.filter(course=course, state=EnrolmentState.ENROLLED).order_by("id"))
    marks = {mark.enrolment_id: mark for mark in Attendance.objects.filter(enrolment__course=course, session=session)}
    count = 0
    changes: dict[str, list[Any]] = {}
    for trainee in trainees:
        is_present = trainee.pk in wanted
        count += is_present
        mark = marks.get(trainee.pk)
        if mark is None:
            Attendance.objects.create(union=course.union, enrolment=trainee, session=session, present=is_present)
        elif mark.present != is_present:
            changes[str(trainee.pk)] = [mark.present, is_present]
            mark.present = is_present
            mark.save(update_fields=["present", "updated_at"])
        trainee.attended = Attendance.objects.filter(enrolment=trainee, present=True).count()
        trainee.save(update_fields=["attended", "updated_at"])
    audit_record(
        Action.UPDATE,
        obj=course,
        changes=changes,
        note=_("Attendance of session %(session)d: %(present)d of %(total)d present.")
        % {"session": session, "present": count, "total": len(trainees)},
    )
    return count


@service(perm="training.change_enrolment")
def assessment_record(*, actor: Actor, course: Course, passed: Iterable[int]) -> int:
    """Record the assessment: the enrolled trainees among ``passed`` (enrolment ids) passed, the others did not."""
    check_scope(actor, course.union)
    _running(course)
    wanted = set(passed)
    count = 0
    for trainee in Enrolment.objects.filter(course=course, state=EnrolmentState.ENROLLED):
        result = trainee.pk in wanted
        count += result
        if trainee.assessment_passed != result:
            before = snapshot(trainee, ["assessment_passed"])
            trainee.assessment_passed = result
            trainee.save(update_fields=["assessment_passed", "updated_at"])
            audit_record(Action.UPDATE, obj=trainee, changes=diff(before, snapshot(trainee, ["assessment_passed"])))
    return count


def certificate_detail(enrolment: Enrolment) -> str:
    """What the certificate says the holder did (printed in Chinese, the document's language)."""
    course = enrolment.course
    return (
        f"于{course.starts_on:%Y年%m月%d日}至{course.ends_on:%Y年%m月%d日}参加{course.union.name}举办的"
        f"“{course.title}”（{course.hours}学时），经考核合格，准予结业。"
    )[:300]


@service(perm="training.change_enrolment")
def certificates_issue(*, actor: Actor, course: Course, issued_on: date | None = None) -> list[Enrolment]:
    """Issue the core's certificate, in the course's union's name, to every completer who has none yet."""
    check_scope(actor, course.union)
    if course.state != CourseState.FINISHED:
        raise ValidationError(_("Certificates are issued once the course has finished."))
    issued: list[Enrolment] = []
    completers = Enrolment.objects.filter(
        course=course, state=EnrolmentState.COMPLETED, certificate__isnull=True
    ).select_related("worker", "course__union")
    for enrolment in completers:
        certificate = certificate_issue(
            actor=actor,
            union=course.union,
            holder_name=enrolment.worker.name,
            title=CERTIFICATE_TITLE,
            detail=certificate_detail(enrolment),
            issued_on=issued_on or enrolment.completed_on or _today(),
            source=enrolment,
        )
        enrolment.certificate = certificate
        enrolment.save(update_fields=["certificate", "updated_at"])
        audit_record(Action.UPDATE, obj=enrolment, changes={"certificate": [None, certificate.number]})
        issued.append(enrolment)
    if not issued:
        raise ValidationError(_("Every completer already has a certificate."))
    return issued
