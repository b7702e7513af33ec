"""The demo step: courses in every state over two years, trainees, attendance, completion by the rule, certificates."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
import time_machine

from gonghui.core.certificates.models import Certificate
from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.training import rules
from gonghui.training.demo import build_training
from gonghui.training.models import Attendance, Course, Enrolment
from gonghui.training.tests.helpers import at, wendy_worker, worker

pytestmark = pytest.mark.django_db


def test_the_demo_step_builds_courses_trainees_and_certificates(world: World, django_user_model: Any) -> None:
    for n in range(40):
        worker(world.union_c if n % 2 else world.union_d, f"演示学员{n}", 300 + n)
    me = wendy_worker(world)
    with system_scope("the test names the demo worker"):
        django_user_model.unscoped.filter(pk=world.wendy.pk).update(username="demo_worker")
    lines: list[str] = []
    ctx = DemoContext(
        rng=random.Random(7), size=SIZES["small"], today=date(2026, 12, 7), password="x", write=lines.append
    )
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    with time_machine.travel(at(2026, 12, 7), tick=False), system_scope("the test runs the demo step"):
        build_training(ctx)
        courses = list(Course.unscoped.all())  # unscoped: the test reads what the demo wrote
        enrolments = list(Enrolment.unscoped.select_related("course"))  # unscoped: as above
        assert len(courses) == 20
        last = max(courses, key=lambda c: c.pk)  # the county's course open to every worker
        assert {c.state for c in courses} >= {"finished", "open"}
        assert min(c.starts_on for c in courses) < date(2025, 2, 1)
        for e in enrolments:
            assert e.union_id == e.course.union_id
            if e.state in ("completed", "not_completed"):
                # unscoped: the test recounts the demo's attendance marks
                present = Attendance.unscoped.filter(enrolment=e, present=True).count()
                assert present == e.attended
                assert (e.state == "completed") is rules.completes(
                    attended=present,
                    sessions=e.course.sessions,
                    threshold=e.course.attendance_threshold,
                    assessment_required=e.course.assessment_required,
                    passed=e.assessment_passed,
                )
        completed = [e for e in enrolments if e.state == "completed"]
        assert completed
        assert all(e.certificate_id for e in completed)
        assert Certificate.unscoped.count() == len(completed)  # unscoped: every certificate the step issued
        mine = [e for e in enrolments if e.worker_id == me.pk and e.course_id == last.pk]
        assert last.union_id == world.county.pk
        assert [(e.state, e.course.state) for e in mine] == [("enrolled", "open")]
    assert "certificates" in lines[-1]
    assert "demo_worker enrolled" in lines[-1]
