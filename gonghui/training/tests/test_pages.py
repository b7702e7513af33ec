"""Staff pages: the course through its states, enrolment from the registry, attendance and assessment forms,
the lists with their filters and exports, 404 outside the subtree, the figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.training.figures import training_figures
from gonghui.training.models import Course, Enrolment
from gonghui.training.tests.figure_data import build
from gonghui.training.tests.helpers import worker

pytestmark = pytest.mark.django_db


def test_staff_plan_a_course_enrol_record_attendance_and_finish_it(world: World, client_for: Any) -> None:
    client = client_for(world.carol)
    response = client.post(
        reverse("training:course_create"),
        {
            "union": world.union_c.pk,
            "title": f"低压电工班{MARKER}",
            "provider": "县职业技能培训中心",
            "category": "electrician",
            "starts_on": "2026-11-02",
            "ends_on": "2026-11-03",
            "hours": "16",
            "sessions": "2",
            "place": "职工之家",
            "capacity": "10",
            "funding": "subsidised",
            "subsidy": "¥600",
            "attendance_threshold": "80",
            "assessment_required": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    with system_scope("the test reads what the page wrote"):
        made = Course.unscoped.get(title=f"低压电工班{MARKER}")  # unscoped: the test reads the row
    assert str(made.subsidy) == "600.00"
    client.post(reverse("training:course_open", args=[made.pk]))
    person = worker(world.union_c, f"学员{MARKER}", 31)
    found = client.get(reverse("training:enrol_search", args=[made.pk]), {"q": "学员"}).content.decode()
    assert reverse("training:enrolment_add", args=[made.pk, person.pk]) in found
    client.post(reverse("training:enrolment_add", args=[made.pk, person.pk]))
    client.post(reverse("training:course_start", args=[made.pk]))
    enrolment = Enrolment.unscoped.get(course=made)  # unscoped: the test reads the row
    for session in ("1", "2"):
        client.post(reverse("training:attendance", args=[made.pk]), {"session": session, "present": [enrolment.pk]})
    client.post(reverse("training:assessment", args=[made.pk]), {"passed": [enrolment.pk]})
    client.post(reverse("training:course_finish", args=[made.pk]))
    client.post(reverse("training:certificates_issue", args=[made.pk]))
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED
    assert enrolment.attended == 2
    detail = client.get(made.get_absolute_url()).content.decode()
    assert enrolment.certificate.number in detail


def test_the_lists_show_the_users_subtree_filter_and_export(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bob)
    courses = client.get(reverse("training:course_list")).content.decode()
    assert rows["course_a"].title in courses
    assert rows["course_b"].title not in courses
    trainees = client.get(reverse("training:enrolment_list"), {"status": "certified"}).content.decode()
    assert "甲学员" in trainees
    assert "乙学员" not in trainees
    assert client.get("/sheets/training_courses/export/").status_code == 200
    assert client.get("/sheets/training_trainees/export/", {"status": "completed"}).status_code == 200


def test_another_subtree_is_a_404(world: World, client_for: Any) -> None:
    rows = build(world)
    client = client_for(world.bea)
    assert client.get(rows["course_a"].get_absolute_url()).status_code == 404
    assert client.get(reverse("training:certificate_pdf", args=[rows["done"].pk])).status_code == 404
    assert client.post(reverse("training:enrolment_withdraw", args=[rows["short"].pk])).status_code == 404
    assert client.get(rows["course_b"].get_absolute_url()).status_code == 200


def test_the_figures_count_trained_completed_and_certified_by_subject_and_township(world: World) -> None:
    build(world)
    county = training_figures(world.alice)
    assert (county.total.counts["trained"], county.total.counts["completed"], county.total.counts["certified"]) == (
        4,
        2,
        1,
    )
    by_category = {line.key: line.counts for line in county.categories}
    assert by_category["welder"] == {"trained": 2, "completed": 1, "certified": 1}
    assert by_category["childcare"] == {"trained": 1, "completed": 0, "certified": 0}
    assert by_category["eldercare"] == {"trained": 1, "completed": 1, "certified": 0}
    assert {line.label for line in county.townships} == {world.township_a.name, world.township_b.name}
    township_b = training_figures(world.bea)
    assert township_b.total.counts["trained"] == 2
    assert "status=certified" in county.total.figures["certified"].url
