"""Leak-walker samplers: township A's course (of union C) with a trainee who completed it and holds a certificate."""

from __future__ import annotations

from datetime import date

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Worker
from gonghui.training import services
from gonghui.training.models import Course, Enrolment

# A valid ID number for the sample trainee (GB 11643 check digit included).
TRAINEE_ID_NUMBER = "110102199003070990"


def _course(world: World) -> Course:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        course = Course.unscoped.filter(union=world.union_c, title=f"样例培训班{MARKER}").first()
        if course is None:
            course = services.course_create(
                actor=None,
                union=world.union_c,
                title=f"样例培训班{MARKER}",
                provider=f"培训机构{MARKER}",
                category=Course.Category.ELECTRICIAN,
                starts_on=date(2025, 4, 7),
                ends_on=date(2025, 4, 8),
                hours=16,
                sessions=2,
                place=f"丙公司培训室{MARKER}",
                capacity=10,
                funding=Course.Funding.FREE,
                subsidy=0,
                attendance_threshold=80,
                assessment_required=True,
            )
    return course


def _enrolment(world: World) -> Enrolment:
    course = _course(world)
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        enrolment = Enrolment.unscoped.filter(course=course).first()
        if enrolment is None:
            # unscoped: the sample trainee, found again by their ID number
            worker = Worker.unscoped.filter(id_number__matches=TRAINEE_ID_NUMBER).first()
            if worker is None:
                from gonghui.members.services import worker_create

                worker = worker_create(
                    actor=None, union=world.union_c, name=f"学员{MARKER}", id_number=TRAINEE_ID_NUMBER
                )
            services.course_open(actor=None, course=course)
            enrolment = services.enrolment_add(actor=None, course=course, worker=worker)
            services.course_start(actor=None, course=course)
            for session in (1, 2):
                services.attendance_record(actor=None, course=course, session=session, present=[enrolment.pk])
            services.assessment_record(actor=None, course=course, passed=[enrolment.pk])
            services.course_finish(actor=None, course=course, finished_on=date(2025, 4, 8))
            services.certificates_issue(actor=None, course=course)
            enrolment.refresh_from_db()
    return enrolment


@leakwalker.sampler("course_id")
def _course_id(world: World) -> int:
    return _course(world).pk


@leakwalker.sampler("enrolment_id")
def _enrolment_id(world: World) -> int:
    return _enrolment(world).pk
