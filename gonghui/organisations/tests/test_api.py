"""Organisation building in the API: the pages' lists, objects and writes, masked and scoped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.exports import export_of
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer, FoundingCase
from gonghui.organisations.tests.test_founding_pages import TOWNSHIP, make_employer, open_case

EMPLOYERS = "/api/v1/organisations/employers/"
CASES = "/api/v1/organisations/founding-cases/"
JSON = "application/json"


@pytest.fixture(autouse=True)
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


@pytest.fixture
def employers(world: World) -> dict[str, Employer]:
    return {
        "own": make_employer(
            world.union_c, "甲镇丙公司", 300, union_status=Employer.UnionStatus.OWN, own_union=world.union_c
        ),
        "shop": make_employer(world.township_a, "甲镇小店", 5),
        "inn": make_employer(world.township_a, "甲镇饭店", 12, contact_phone="13912345678"),
        "b": make_employer(world.township_b, "乙镇工厂", 50),
    }


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "query",
    [{}, {"union_status": "none"}, {"q": "饭店", "union_status": "none"}, {"size_band": "lt25"}, {"year": "1999"}],
)
def test_the_employer_list_answers_the_rows_the_page_and_its_export_show(
    world: World, client_for: Any, employers: dict[str, Employer], query: dict[str, str]
) -> None:
    bob = client_for(world.bob)
    exported = export_of(bob, reverse("organisations:employer_list"), query)
    answered = bob.get(EMPLOYERS, query).json()
    assert [row["name"] for row in answered["results"]] == exported.column("单位名称")
    assert answered["count"] == exported.page.total


def test_an_outsider_sees_no_row_and_no_employer(world: World, client_for: Any, employers: dict[str, Employer]) -> None:
    bea = client_for(world.bea)
    assert names(bea.get(EMPLOYERS)) == ["乙镇工厂"]
    assert bea.get(f"{EMPLOYERS}{employers['inn'].pk}/").status_code == 404
    assert bea.patch(f"{EMPLOYERS}{employers['inn'].pk}/", {"headcount": 1}, content_type=JSON).status_code == 404


def test_the_contact_phone_is_masked(world: World, client_for: Any, employers: dict[str, Employer]) -> None:
    inn = client_for(world.bob).get(f"{EMPLOYERS}{employers['inn'].pk}/").json()
    assert inn["contact_phone"] == "139****5678"
    assert "13912345678" not in client_for(world.bob).get(EMPLOYERS).content.decode()


def test_an_employer_is_created_and_changed_through_the_page_form_and_audited(world: World, client_for: Any) -> None:
    bob = client_for(world.bob)
    # when Bob posts the page's form as JSON, leaving out what the page's form starts with
    created = bob.post(EMPLOYERS, {"name": "甲镇新厂", "division": TOWNSHIP, "headcount": 30}, content_type=JSON)
    assert created.status_code == 201, created.content
    employer = created.json()
    assert (employer["union"], employer["status"], employer["union_status"]) == (
        world.township_a.pk,
        "operating",
        "none",
    )

    # and changes one field of it
    changed = bob.patch(f"{EMPLOYERS}{employer['id']}/", {"headcount": 45}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert (changed.json()["headcount"], changed.json()["name"]) == (45, "甲镇新厂")

    # then both are in the audit log, filed under the keeping union, as the pages' writes are
    with system_scope("the test reads the audit log"):
        events = AuditEvent.objects.filter(object_type="organisations.employer", object_id=str(employer["id"]))
        assert sorted(events.values_list("action", flat=True)) == ["create", "update"]
        assert set(events.values_list("union_id", flat=True)) == {world.township_a.pk}
        update = events.get(action="update")
        assert update.changes["headcount"] == [30, 45]


def test_the_forms_refusal_is_a_400_with_its_translated_messages(world: World, client_for: Any) -> None:
    bob = client_for(world.bob)
    refused = bob.post(
        EMPLOYERS, {"name": "", "division": TOWNSHIP, "credit_code": "91330000XXXXXXXXX1"}, content_type=JSON
    )
    assert refused.status_code == 400
    errors = refused.json()
    assert {"name", "credit_code"} <= set(errors)
    assert errors["name"] == ["该字段是必填项。"]
    with system_scope("the test checks nothing was written"):
        assert not Employer.unscoped.filter(name="").exists()  # unscoped: the whole table


def test_writing_needs_the_services_permission(world: World, client_for: Any, employers: dict[str, Employer]) -> None:
    leo = client_for(world.leo)  # a leader reads employers, writes none
    assert leo.get(EMPLOYERS).status_code == 200
    assert leo.post(EMPLOYERS, {"name": "领导厂", "division": TOWNSHIP}, content_type=JSON).status_code == 403
    assert leo.patch(f"{EMPLOYERS}{employers['shop'].pk}/", {"headcount": 1}, content_type=JSON).status_code == 403


def test_a_founding_case_is_opened_and_moved_through_its_workflow(
    world: World, client_for: Any, employers: dict[str, Employer]
) -> None:
    bob = client_for(world.bob)
    # an employer of another subtree cannot be named
    assert bob.post(CASES, {"employer": employers["b"].pk}, content_type=JSON).status_code == 404
    opened = bob.post(CASES, {"employer": employers["shop"].pk}, content_type=JSON)
    assert opened.status_code == 201, opened.content
    case = opened.json()
    assert case["state"] == "unorganised"
    steps = bob.get(f"{CASES}{case['id']}/transitions/").json()
    assert {"start_preparing", "close"} <= {step["name"] for step in steps}

    # the step's own form refuses what it lacks …
    url = f"{CASES}{case['id']}/transitions/start_preparing/"
    refused = bob.post(url, {"organizer_name": "周筹建"}, content_type=JSON)
    assert refused.status_code == 400
    assert "target_date" in refused.json()
    # … and takes the step with it
    target = (timezone.localdate() + timedelta(days=30)).isoformat()
    taken = bob.post(url, {"organizer_name": "周筹建", "organizer_phone": "13912345678", "target_date": target})
    assert taken.status_code == 200, taken.content
    assert (taken.json()["state"], taken.json()["organizer_phone"]) == ("preparing", "139****5678")
    # a step the case is no longer in a state for is refused
    assert bob.post(url, {"organizer_name": "周筹建", "target_date": target}, content_type=JSON).status_code == 403
    # an outsider meets a 404, whatever the step
    assert client_for(world.bea).post(f"{CASES}{case['id']}/transitions/close/", {"note": "x"}).status_code == 404


def test_the_founding_list_filters_as_the_page(world: World, client_for: Any) -> None:
    open_case(world, "甲镇一厂", 80)
    open_case(world, "甲镇二厂", 30)
    open_case(world, "乙镇三厂", 30, township="b")
    bob = client_for(world.bob)
    for query in ({}, {"q": "一厂"}, {"state": "all"}):
        exported = export_of(bob, reverse("organisations:founding_list"), query)
        answered = bob.get(CASES, query).json()["results"]
        assert [row["employer_name"] for row in answered] == exported.column("单位名称")
    with system_scope("the test counts the cases"):
        assert FoundingCase.unscoped.count() == 3  # unscoped: the whole table


def test_the_county_opens_a_survey_campaign_for_every_federation_by_default(world: World, client_for: Any) -> None:
    today = timezone.localdate()
    body = {
        "name": "2026年建会普查",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=60)).isoformat(),
    }
    opened = client_for(world.alice).post("/api/v1/organisations/surveys/", body, content_type=JSON)
    assert opened.status_code == 201, opened.content
    assert opened.json()["union"] == world.county.pk
    # assigned_unions left out: the page's form starts with every federation ticked
    assignments = client_for(world.alice).get("/api/v1/organisations/survey-assignments/").json()["results"]
    assert sorted(row["union"] for row in assignments) == sorted([world.township_a.pk, world.township_b.pk])
    # township staff may not open one (the county does)
    assert client_for(world.bob).post("/api/v1/organisations/surveys/", body, content_type=JSON).status_code == 403
