"""The survey campaign pages: list, opening, the board, the work list, the visit form, scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone

from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.organisations import urls as organisations_urls
from gonghui.organisations.models import Employer, FoundingCase, Survey, SurveyVisit
from gonghui.organisations.selectors import surveys as selectors_surveys
from gonghui.organisations.tests.test_surveys import Register, assignment_of, make_register, open_campaign, visit


@pytest.fixture
def register(world: World) -> Iterator[Register]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield make_register(world)
    reference_selectors.clear_cache()


def test_the_county_sees_campaigns_and_opens_one(world: World, register: Register, client_for: Any) -> None:
    client = client_for(world.alice)
    # the list offers to open a campaign
    html = client.get("/organisations/surveys/").content.decode()
    assert 'data-testid="survey-add"' in html
    # the form lists the township federations, all checked
    form = client.get("/organisations/surveys/add/").content.decode()
    assert form.count('name="assigned_unions"') == 2
    assert form.count("checked") == 2
    today = timezone.localdate()
    data = {
        "name": "2026年普查",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
        "notes": "逐户走访",
        "assigned_unions": [world.township_a.pk, world.township_b.pk],
    }
    response = client.post("/organisations/surveys/add/", data)
    survey = Survey.unscoped.get()
    assert response.status_code == 302
    assert response["Location"] == survey.get_absolute_url()
    # the board has one row per township and a totals row
    html = client.get(survey.get_absolute_url()).content.decode()
    assert html.count('data-testid="board-row"') == 2
    assert 'data-testid="board-total"' in html
    assert 'data-testid="survey-close"' in html
    assert "2026年普查" in client.get("/organisations/surveys/").content.decode()


def test_the_form_refuses_an_end_before_the_start(world: World, register: Register, client_for: Any) -> None:
    today = timezone.localdate()
    data = {
        "name": "普查",
        "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=1)).isoformat(),
        "assigned_unions": [world.township_a.pk],
    }
    response = client_for(world.alice).post("/organisations/surveys/add/", data)
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode() or "结束" in response.content.decode()
    assert not Survey.unscoped.exists()


def test_a_township_user_cannot_open_a_campaign(world: World, register: Register, client_for: Any) -> None:
    client = client_for(world.bob)
    assert client.get("/organisations/surveys/add/").status_code == 403
    assert 'data-testid="survey-add"' not in client.get("/organisations/surveys/").content.decode()


def test_a_township_user_works_from_their_assignment(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    client = client_for(world.bob)
    # the list shows his assignment
    html = client.get("/organisations/surveys/").content.decode()
    assert a.get_absolute_url() in html
    # the work list: largest first, each with "Record visit", and a way to add a missing employer
    html = client.get(a.get_absolute_url()).content.decode()
    assert html.index("甲镇大厂") < html.index("丙公司") < html.index("甲镇小店")
    assert "甲镇倒闭厂" not in html
    assert html.count('data-testid="record-visit"') == 3
    assert reverse("organisations:employer_create") in html
    # the htmx search answers the rows only
    rows = client.get(a.get_absolute_url(), {"q": "小店"}, headers={"HX-Request": "true", "HX-Target": "to-visit"})
    body = rows.content.decode()
    assert "甲镇小店" in body
    assert "甲镇大厂" not in body
    assert "<html" not in body


def test_the_visit_form_preselects_and_records(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    client = client_for(world.bob)
    url = reverse("organisations:survey_visit_record", kwargs={"assignment_id": a.pk})
    html = client.get(url, {"employer": register.own.pk}).content.decode()
    # defaults: today, the user's full name, the register's headcount
    assert timezone.localdate().isoformat() in html
    assert world.bob.full_name in html
    assert 'value="240"' in html
    assert 'type="radio"' in html
    data = {
        "employer": register.own.pk,
        "visited_on": timezone.localdate().isoformat(),
        "visitors": world.bob.full_name,
        "headcount_found": 250,
        "union_status_found": "own",
        "notes": "",
    }
    response = client.post(f"{url}?employer={register.own.pk}", data, follow=True)
    assert response.redirect_chain[-1][0] == a.get_absolute_url()
    register.own.refresh_from_db()
    assert register.own.headcount == 250
    assert SurveyVisit.unscoped.filter(employer=register.own).count() == 1
    page = response.content.decode()
    assert "甲镇大厂" in page  # still to visit
    assert page.count('data-testid="visit-row"') == 1


def test_the_visit_form_shows_service_errors(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world, days_back=2)
    a = assignment_of(survey, world.township_a)
    url = reverse("organisations:survey_visit_record", kwargs={"assignment_id": a.pk})
    data = {
        "employer": register.big.pk,
        "visited_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "visitors": "鲍勃",
        "headcount_found": 300,
        "union_status_found": "none",
    }
    response = client_for(world.bob).post(url, data)
    assert response.status_code == 200
    assert (
        "invalid" in response.content.decode()
        or "is-invalid" in response.content.decode()
        or "errorlist" in (response.content.decode())
    )
    assert not SurveyVisit.unscoped.exists()


def test_an_employer_found_without_a_union_links_to_its_case(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    url = reverse("organisations:survey_visit_record", kwargs={"assignment_id": a.pk})
    data = {
        "employer": register.small.pk,
        "visited_on": timezone.localdate().isoformat(),
        "visitors": "鲍勃",
        "headcount_found": 5,
        "union_status_found": "none",
    }
    response = client_for(world.bob).post(url, data, follow=True)
    case = FoundingCase.unscoped.get(employer=register.small)
    case_url = reverse("organisations:founding_detail", kwargs={"case_id": case.pk})
    html = response.content.decode()
    assert html.count(f'href="{case_url}"') == 2  # the message and the visit row
    assert "&lt;a" not in html


def test_township_b_cannot_reach_township_as_assignment(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    visit(world.bob, a, register.own)
    bea = client_for(world.bea)
    assert bea.get(a.get_absolute_url()).status_code == 404
    visit_url = reverse("organisations:survey_visit_record", kwargs={"assignment_id": a.pk})
    assert bea.get(visit_url).status_code == 404
    assert bea.post(visit_url, {"employer": register.big.pk}).status_code == 404
    # on the board she sees her own row only
    html = bea.get(survey.get_absolute_url()).content.decode()
    assert html.count('data-testid="board-row"') == 1
    assert world.township_a.name not in html
    assert world.township_b.name in html
    assert world.township_a.name not in bea.get(survey.get_absolute_url() + "?show=visited").content.decode()
    # Dan (union D) has no campaign pages at all
    dan = client_for(world.dan)
    assert dan.get(a.get_absolute_url()).status_code in {403, 404}
    assert dan.get(survey.get_absolute_url()).status_code in {403, 404}


def test_a_campaign_without_the_users_assignment_is_not_found(
    world: World, register: Register, client_for: Any
) -> None:
    survey = open_campaign(world, world.township_a)
    assert client_for(world.bea).get(survey.get_absolute_url()).status_code == 404
    assert client_for(world.bob).get(survey.get_absolute_url()).status_code == 200


def test_the_county_closes_a_campaign(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    close_url = reverse("organisations:survey_close", kwargs={"survey_id": survey.pk})
    assert client_for(world.bob).post(close_url).status_code == 403
    assert client_for(world.alice).post(close_url).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    a = assignment_of(survey, world.township_a)
    html = client_for(world.bob).get(a.get_absolute_url()).content.decode()
    assert 'data-testid="record-visit"' not in html


def test_the_employer_page_shows_its_visits(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    visit(world.bob, assignment_of(survey, world.township_a), register.own, visitors="鲍勃与李四")
    html = client_for(world.bob).get(register.own.get_absolute_url()).content.decode()
    assert 'data-testid="employer-visits"' in html
    assert "鲍勃与李四" in html
    # Carol sees her employer but no campaign; an employer never visited shows no card
    assert (
        'data-testid="employer-visits"'
        not in client_for(world.carol).get(register.own.get_absolute_url()).content.decode()
    )
    assert (
        'data-testid="employer-visits"'
        not in client_for(world.bob).get(register.big.get_absolute_url()).content.decode()
    )


def test_the_board_figures_link_to_their_lists(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    visit(world.bob, a, register.own, union_status_found="joint")  # a discrepancy
    visit(world.bob, a, register.big)
    client = client_for(world.alice)
    html = client.get(survey.get_absolute_url()).content.decode()
    assert f"{a.get_absolute_url()}?show=discrepancy#visits" in html
    listed = client.get(a.get_absolute_url(), {"show": "discrepancy"}).content.decode()
    assert listed.count('data-testid="visit-row"') == 1
    assert 'data-testid="discrepancy"' in listed
    assert Employer.unscoped.get(pk=register.own.pk).union_status == Employer.UnionStatus.OWN


# The survey routes alone, at their real addresses: the leak walker's run over just these pages.
SURVEY_ROUTES = [route for route in organisations_urls.urlpatterns if str(route.pattern).startswith("surveys/")]
urlpatterns = [path("organisations/", include((SURVEY_ROUTES, "organisations"), namespace="organisations"))]


def test_the_survey_pages_leak_nothing_to_township_b(world: World) -> None:
    routes = leakwalker.routes(__name__)
    assert {"organisations:survey_detail", "organisations:survey_visit_record"} <= {r.name for r in routes}
    assert leakwalker.walk(world, world.intruders, urlconf=__name__) == []


def test_the_samplers_pages_show_the_marker_to_township_a(world: World, client_for: Any) -> None:
    leakwalker.discover_samplers()
    bob = client_for(world.bob)
    survey_id = leakwalker.SAMPLERS["survey_id"](world)
    assignment_id = leakwalker.SAMPLERS["assignment_id"](world)
    for url in (
        reverse("organisations:survey_detail", kwargs={"survey_id": survey_id}),
        reverse("organisations:survey_assignment", kwargs={"assignment_id": assignment_id}),
        reverse("organisations:survey_visit_record", kwargs={"assignment_id": assignment_id}),
    ):
        response = bob.get(url)
        assert response.status_code == 200
        assert MARKER in response.content.decode()


def test_the_pages_query_counts_do_not_grow_with_the_rows(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    client = client_for(world.bob)
    urls = (a.get_absolute_url(), survey.get_absolute_url() + "?show=visited", "/organisations/surveys/")

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    visit(world.bob, a, register.own)
    few = counts()
    visit(world.bob, a, register.big, union_status_found="none")
    visit(world.bob, a, register.small, union_status_found="joint")
    assert counts() == few


def test_a_long_work_list_shows_the_largest_and_says_how_many(
    world: World, register: Register, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors_surveys, "TO_VISIT_LIMIT", 2)
    survey = open_campaign(world)
    html = client_for(world.bob).get(assignment_of(survey, world.township_a).get_absolute_url()).content.decode()
    assert html.count('data-testid="to-visit-row"') == 2
    assert "甲镇小店" not in html.split('id="visits"')[0]
    assert "3" in html.split('data-testid="to-visit-table"')[1].split("</p>")[0]


def test_a_leader_views_the_board_but_cannot_close_it(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world)
    leo = client_for(world.leo)
    html = leo.get(survey.get_absolute_url()).content.decode()
    assert html.count('data-testid="board-row"') == 2
    assert 'data-testid="survey-close"' not in html
    assert leo.post(reverse("organisations:survey_close", kwargs={"survey_id": survey.pk})).status_code == 403
    assert "2026年度普查" in leo.get("/organisations/surveys/").content.decode()


def test_the_county_assigns_another_township_from_the_board(world: World, register: Register, client_for: Any) -> None:
    survey = open_campaign(world, world.township_a)
    alice = client_for(world.alice)
    html = alice.get(survey.get_absolute_url()).content.decode()
    assert 'data-testid="survey-assign"' in html
    assign_url = reverse("organisations:survey_assign", kwargs={"survey_id": survey.pk})
    assert client_for(world.bob).post(assign_url, {"union": world.township_b.pk}).status_code == 403
    assert alice.post(assign_url, {"union": world.township_b.pk}).status_code == 302
    assert assignment_of(survey, world.township_b).target == 1
    # nothing left to assign: the form is gone
    assert 'data-testid="survey-assign"' not in alice.get(survey.get_absolute_url()).content.decode()


def test_the_visit_lists_export_what_they_show(world: World, register: Register, client_for: Any) -> None:
    from gonghui.core.testing.exports import export_of, workbook_rows

    survey = open_campaign(world)
    a = assignment_of(survey, world.township_a)
    visit(world.bob, a, register.own, union_status_found="joint")  # a discrepancy
    visit(world.bob, a, register.big)
    # the campaign's list behind a figure, as the county sees it
    differing = export_of(client_for(world.alice), survey.get_absolute_url(), {"show": "discrepancy"})
    assert differing.column("与台账不符") == ["是"]
    assert differing.column("单位名称")[0].startswith("丙公司")
    # a township's work list: every visit it recorded, then the ones behind a figure
    everything = export_of(client_for(world.bob), a.get_absolute_url())
    assert sorted(name[:4] for name in everything.column("单位名称")) == ["丙公司", "甲镇大厂"]
    assert everything.column("承担工会")[0].startswith("甲镇总工会")
    assert len(export_of(client_for(world.bob), a.get_absolute_url(), {"show": "discrepancy"}).rows) == 1
    # the export names its campaign by id: another township's staff get none of township A's visits
    foreign = client_for(world.bea).get(reverse("sheets:export", args=["survey_visits"]), {"survey": survey.pk})
    assert [row for row in workbook_rows(foreign)[1:] if any(row)] == []
