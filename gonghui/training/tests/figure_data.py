"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): trainees of this year in each township.

In township A a finished course: one trainee completed and certified, one not completed, one
withdrawn; in township B an open course with one trainee and a finished one with one completer.
Dates are this year's, but for a course of township A finished last year with one completer (the
measures' "last year").
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.training import services
from gonghui.training.models import Course, Enrolment
from gonghui.training.tests.helpers import course, run_to_finish, worker


def build(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    starts = max(today.replace(month=1, day=1), today - timedelta(days=10))
    a = course(
        world.union_c,
        title=f"焊工培训班{MARKER}",
        category=Course.Category.WELDER,
        starts_on=starts,
        ends_on=starts,
        sessions=2,
        state="open",
    )
    done = services.enrolment_add(actor=None, course=a, worker=worker(world.union_c, f"甲学员{MARKER}", 201))
    short = services.enrolment_add(actor=None, course=a, worker=worker(world.union_c, f"乙学员{MARKER}", 202))
    gone = services.enrolment_add(actor=None, course=a, worker=worker(world.union_c, f"丙学员{MARKER}", 203))
    services.enrolment_withdraw(actor=None, enrolment=gone)
    run_to_finish(a, {done: 2, short: 1}, passed=[done, short], finished_on=today)
    services.certificates_issue(actor=None, course=a)
    b = course(world.union_d, title="育婴师培训班", category=Course.Category.CHILDCARE, starts_on=starts, state="open")
    other = services.enrolment_add(actor=None, course=b, worker=worker(world.union_d, "丁学员", 204))
    c = course(
        world.union_d,
        title="养老护理员培训班",
        category=Course.Category.ELDERCARE,
        starts_on=starts,
        ends_on=starts,
        sessions=1,
        state="open",
    )
    carer = services.enrolment_add(actor=None, course=c, worker=worker(world.union_d, "戊学员", 205))
    run_to_finish(c, {carer: 1}, passed=[carer], finished_on=today)
    last_year = date(today.year - 1, 6, 1)
    d = course(
        world.union_c,
        title=f"叉车司机培训班{MARKER}",
        category=Course.Category.FORKLIFT,
        starts_on=last_year,
        ends_on=last_year + timedelta(days=1),
        sessions=2,
        state="open",
    )
    driver = services.enrolment_add(actor=None, course=d, worker=worker(world.union_c, f"己学员{MARKER}", 206))
    run_to_finish(d, {driver: 2}, passed=[driver], finished_on=last_year + timedelta(days=1))
    with system_scope("the figure test's rows: enrolled before last year's course"):
        # unscoped: test data
        Enrolment.unscoped.filter(pk=driver.pk).update(enrolled_on=last_year - timedelta(days=10))
    return {
        "course_a": a,
        "course_b": b,
        "course_c": c,
        "course_d": d,
        "done": done,
        "short": short,
        "gone": gone,
        "other": other,
        "carer": carer,
        "driver": driver,
    }
