"""The worker's own training pages: courses open in their union's area, enrol and withdraw, their
certificates; 404 for anything not theirs; the home page's panel."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.core.testing.world import MARKER, World
from gonghui.training import services
from gonghui.training.models import Enrolment
from gonghui.training.panels import WorkerTraining
from gonghui.training.tests.helpers import course, run_to_finish, wendy_worker, will_worker

pytestmark = pytest.mark.django_db


def test_a_worker_sees_the_open_courses_of_their_union_and_those_above_it(world: World, client_for: Any) -> None:
    wendy_worker(world)
    own = course(world.union_c, title=f"丙公司电工班{MARKER}", state="open")
    township = course(world.township_a, title=f"甲镇焊工班{MARKER}", state="open")
    county = course(world.county, title="全县育婴师班", state="open")
    course(world.union_c, title=f"尚未开放{MARKER}")  # planned: not shown
    other = course(world.union_d, title="丁公司叉车班", state="open")
    html = client_for(world.wendy).get(reverse("training:my")).content.decode()
    for shown in (own, township, county):
        assert shown.title in html
    assert "尚未开放" not in html
    assert other.title not in html
    assert client_for(world.wendy).get(reverse("training:my_course", args=[other.pk])).status_code == 404


def test_a_worker_enrols_and_withdraws_on_their_own_pages(world: World, client_for: Any) -> None:
    me = wendy_worker(world)
    made = course(world.county, title="全县电商班", state="open", capacity=1)
    client = client_for(world.wendy)
    response = client.post(reverse("training:my_enrol", args=[made.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.unscoped.get(course=made, worker=me)  # unscoped: the test reads what the page wrote
    assert enrolment.source == Enrolment.Source.SELF
    page = client.get(reverse("training:my_course", args=[made.pk])).content.decode()
    assert 'data-testid="withdraw"' in page
    # the course is now full for anybody else
    will_worker(world)
    refused = client_for(world.will).post(reverse("training:my_enrol", args=[made.pk]), follow=True)
    assert "本培训班名额已满：名额1人，已报名1人。" in refused.content.decode()
    client.post(reverse("training:my_withdraw", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.WITHDRAWN


def test_a_worker_cannot_enrol_on_a_course_not_open_to_them(world: World, client_for: Any) -> None:
    wendy_worker(world)
    planned = course(world.union_c, title=f"计划中{MARKER}")
    other = course(world.union_d, title="丁公司班", state="open")
    client = client_for(world.wendy)
    assert client.post(reverse("training:my_enrol", args=[planned.pk])).status_code == 404
    assert client.post(reverse("training:my_enrol", args=[other.pk])).status_code == 404
    assert not Enrolment.unscoped.filter(course__in=[planned, other]).exists()  # unscoped: the test checks the table


def test_a_worker_downloads_their_certificate_and_gets_404_for_anyone_elses(world: World, client_for: Any) -> None:
    wendy = wendy_worker(world)
    will = will_worker(world)
    made = course(world.county, title="全县焊工班", state="open", sessions=1)
    mine = services.enrolment_add(actor=None, course=made, worker=wendy)
    theirs = services.enrolment_add(actor=None, course=made, worker=will)
    run_to_finish(made, {mine: 1, theirs: 1}, passed=[mine, theirs])
    services.certificates_issue(actor=None, course=made)
    client = client_for(world.wendy)
    page = client.get(reverse("training:my")).content.decode()
    mine.refresh_from_db()
    assert mine.certificate.number in page
    pdf = client.get(reverse("training:my_certificate_pdf", args=[mine.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("training:my_certificate_pdf", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("training:my_withdraw", args=[theirs.pk])).status_code == 404


def test_staff_and_workers_without_a_record_get_404_on_the_workers_pages(world: World, client_for: Any) -> None:
    assert client_for(world.bob).get(reverse("training:my")).status_code == 404
    assert client_for(world.will).get(reverse("training:my")).status_code == 404  # no registry record linked
    assert client_for(world.wendy).get(reverse("training:course_list")).status_code == 403


def test_the_home_panel_shows_the_workers_courses_and_nothing_to_others(world: World, rf: Any) -> None:
    me = wendy_worker(world)
    made = course(world.county, title="全县养老护理班", state="open")
    services.enrolment_add(actor=None, course=made, worker=me)
    request = rf.get("/")
    request.user = world.wendy
    html = WorkerTraining().render(request, world.wendy)
    assert "全县养老护理班" in html
    assert reverse("training:my") in html
    request.user = world.bob
    assert WorkerTraining().render(request, world.bob) == ""
