"""The founding pipeline's pages: board and list, case page, steps through the workflow page, employer card."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline
from gonghui.core.workflow.services import transition_perform
from gonghui.organisations.models import Employer, FoundingCase
from gonghui.organisations.services.founding import founding_case_open

pytestmark = pytest.mark.django_db
TOWNSHIP = "339901101000"
LIST = "/organisations/founding/"


@pytest.fixture(autouse=True)
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def make_employer(union: Union, name: str, headcount: int = 40, **fields: Any) -> Employer:
    with system_scope("test data"):
        fields.setdefault("division_id", TOWNSHIP)
        return Employer.unscoped.create(union=union, name=name, headcount=headcount, **fields)


def open_case(world: World, name: str, headcount: int = 40, township: str = "a") -> FoundingCase:
    union = world.township_a if township == "a" else world.township_b
    actor = world.bob if township == "a" else world.bea
    return founding_case_open(actor=actor, employer=make_employer(union, name, headcount))


def preparing_data() -> dict[str, Any]:
    return {"organizer_name": "周筹建", "organizer_phone": "13912345678", "steps": "", "target_date": tomorrow()}


def tomorrow() -> Any:
    return timezone.localdate() + timedelta(days=30)


def step_url(case: FoundingCase, step: str) -> str:
    return f"/workflow/founding/{case.pk}/{step}/"


def found_post(members: int, **changes: Any) -> dict[str, Any]:
    data = {
        "founding_meeting_on": timezone.localdate().isoformat(),
        "union_name": "甲镇一厂工会委员会",
        "members_enrolled": str(members),
        "term_years": "5",
        "note": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def pipeline(world: World) -> dict[str, FoundingCase]:
    """Township A: two cases without a union yet (one overdue), one preparing, one founded this year.
    Township B: one case."""
    cases = {
        "big": open_case(world, "甲镇大厂", 500),
        "small": open_case(world, "甲镇小作坊", 12),
        "prep": open_case(world, "甲镇筹建厂", 80),
        "done": open_case(world, "甲镇已建厂", 30),
        "b": open_case(world, "乙镇工厂", 60, township="b"),
    }
    for key in ("prep", "done"):
        transition_perform(actor=world.bob, obj=cases[key], name="start_preparing", data=preparing_data())
    done = FoundingCase.unscoped.get(pk=cases["done"].pk)
    transition_perform(
        actor=world.bob,
        obj=done,
        name="found",
        data={
            "founding_meeting_on": timezone.localdate(),
            "union_name": "甲镇已建厂工会委员会",
            "members_enrolled": 26,
            "term_years": 3,
            "chair_name": "张",
            "vice_chairs": "李",
            "committee_members": "王",
        },
    )
    with system_scope("test: a deadline past due"):
        Deadline.unscoped.filter(workflow="founding", object_id=cases["small"].pk, closed_at=None).update(
            due_on=timezone.localdate() - timedelta(days=5)
        )
    return cases


def test_the_board_counts_by_state_and_each_count_links_to_its_list(
    world: World, pipeline: dict[str, FoundingCase], client_for: Any
) -> None:
    client = client_for(world.bob)
    response = client.get(LIST)
    assert response.status_code == 200
    figures = {f.key: f for f in response.context["board"].totals}
    assert {k: f.value for k, f in figures.items()} == {
        "unorganised": 2,
        "preparing": 1,
        "overdue": 1,
        "founded": 1,
        "joint": 0,
    }
    # Bob sees one township: no table by union
    assert response.context["board"].unions == []
    # each count leads to the list of exactly those cases
    expected = {
        "unorganised": {"甲镇大厂", "甲镇小作坊"},
        "preparing": {"甲镇筹建厂"},
        "overdue": {"甲镇小作坊"},
        "founded": {"甲镇已建厂"},
        "joint": set(),
    }
    for key, names in expected.items():
        listed = client.get(figures[key].url).context["page"].object_list
        assert {case.employer.name for case in listed} == names, key
    # the open list, largest employers first, without township B
    listed = [case.employer.name for case in response.context["page"].object_list]
    assert listed == ["甲镇大厂", "甲镇筹建厂", "甲镇小作坊"]
    assert "乙镇工厂" not in response.content.decode()


def test_the_county_sees_a_row_per_township(world: World, pipeline: dict[str, FoundingCase], client_for: Any) -> None:
    response = client_for(world.alice).get(LIST)
    rows = {row.name: {f.key: f.value for f in row.counts} for row in response.context["board"].unions}
    assert rows[world.township_a.name]["unorganised"] == 2
    assert rows[world.township_b.name]["unorganised"] == 1
    assert response.context["board"].totals[0].value == 3
    # a township's count links to that township's cases
    row_b = next(row for row in response.context["board"].unions if row.union_id == world.township_b.pk)
    listed = client_for(world.alice).get(row_b.counts[0].url).context["page"].object_list
    assert [case.employer.name for case in listed] == ["乙镇工厂"]


def test_the_list_filters_and_answers_htmx_with_rows(
    world: World, pipeline: dict[str, FoundingCase], client_for: Any
) -> None:
    client = client_for(world.bob)
    names = lambda response: [c.employer.name for c in response.context["page"].object_list]  # noqa: E731
    assert names(client.get(LIST, {"q": "小作坊"})) == ["甲镇小作坊"]
    assert names(client.get(LIST, {"state": "all"})) == ["甲镇大厂", "甲镇筹建厂", "甲镇已建厂", "甲镇小作坊"]
    assert names(client.get(LIST, {"union": str(world.township_b.pk)})) == []
    assert names(client.get(LIST, {"state": "nonsense"})) == []
    partial = client.get(LIST, {"q": "大厂"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content
    assert "甲镇大厂" in partial.content.decode()


def test_the_case_page_shows_data_deadline_actions_and_timeline(
    world: World, pipeline: dict[str, FoundingCase], client_for: Any
) -> None:
    case = pipeline["prep"]
    page = client_for(world.bob).get(f"/organisations/founding/{case.pk}/").content.decode()
    assert "甲镇筹建厂" in page
    assert case.employer.get_absolute_url() in page
    assert "周筹建" in page
    assert "13912345678" not in page  # masked
    assert 'data-testid="deadline"' in page
    assert 'data-testid="timeline"' in page
    assert "step-found" in page
    assert "step-cover_by_joint" in page
    assert "step-start_preparing" not in page
    # the leader sees it but is offered no step
    leader = client_for(world.leo).get(f"/organisations/founding/{case.pk}/").content.decode()
    assert "甲镇筹建厂" in leader
    assert "step-found" not in leader


def test_township_b_and_the_wrong_role_get_nothing(
    world: World, pipeline: dict[str, FoundingCase], client_for: Any
) -> None:
    case = pipeline["big"]
    assert client_for(world.bea).get(f"/organisations/founding/{case.pk}/").status_code == 404
    assert client_for(world.bea).post(step_url(case, "start_preparing"), {}).status_code == 404
    assert "甲镇大厂" not in client_for(world.bea).get(LIST).content.decode()
    # a grassroots officer has no founding pages at all
    assert client_for(world.dan).get(LIST).status_code == 403
    assert client_for(world.dan).get(f"/organisations/founding/{case.pk}/").status_code == 403
    assert client_for(world.carol).get(f"/organisations/founding/{case.pk}/").status_code == 403
    # the leader may look but not step
    assert client_for(world.leo).post(step_url(case, "start_preparing"), preparing_data()).status_code == 403
    assert FoundingCase.unscoped.get(pk=case.pk).state == "unorganised"


def test_steps_through_the_workflow_page(world: World, pipeline: dict[str, FoundingCase], client_for: Any) -> None:
    client = client_for(world.bob)
    case = pipeline["big"]
    # the step page shows the step's form with the note
    page = client.get(step_url(case, "start_preparing")).content.decode()
    assert 'name="organizer_name"' in page
    assert 'name="target_date"' in page
    # a bad phone is refused on its field, nothing moves
    data = {**preparing_data(), "organizer_phone": "123", "target_date": tomorrow().isoformat()}
    response = client.post(step_url(case, "start_preparing"), data)
    assert response.status_code == 200
    assert "organizer_phone" in response.context["data_form"].errors
    assert FoundingCase.unscoped.get(pk=case.pk).state == "unorganised"
    # a good one moves the case
    data["organizer_phone"] = "139 1234 5678"
    response = client.post(step_url(case, "start_preparing"), data)
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    stored = FoundingCase.unscoped.get(pk=case.pk)
    assert (stored.state, stored.organizer_phone) == ("preparing", "13912345678")


def test_the_found_page_refuses_a_committee_below_25_and_names_the_joint_union(
    world: World, pipeline: dict[str, FoundingCase], client_for: Any
) -> None:
    client = client_for(world.bob)
    case = pipeline["prep"]
    page = client.get(step_url(case, "found")).content.decode()
    assert "甲镇筹建厂工会委员会" in page  # the prefilled name
    response = client.post(step_url(case, "found"), found_post(24, chair_name="张主席", vice_chairs="李\n王"))
    assert response.status_code == 200
    errors = response.context["data_form"].errors
    assert "chair_name" in errors
    assert "organizer_name" in errors
    assert not Union.unscoped.filter(name="甲镇一厂工会委员会").exists()
    # with an organizer it is founded
    response = client.post(step_url(case, "found"), found_post(24, organizer_name="钱组织员"))
    assert response.status_code == 302
    stored = FoundingCase.unscoped.select_related("founded_union").get(pk=case.pk)
    assert stored.state == "founded"
    assert stored.founded_union.name == "甲镇一厂工会委员会"


def test_an_effect_error_on_the_found_page_shows_and_leaves_nothing(
    world: World, pipeline: dict[str, FoundingCase], client_for: Any
) -> None:
    client = client_for(world.bob)
    case = pipeline["prep"]
    data = found_post(30, chair_name="张主席", vice_chairs="李", committee_members="王\n" + "赵" * 60)
    response = client.post(step_url(case, "found"), data)
    assert response.status_code == 200
    assert response.context["data_form"].errors["chair_name"]
    assert not Union.unscoped.filter(name="甲镇一厂工会委员会").exists()
    assert FoundingCase.unscoped.get(pk=case.pk).state == "preparing"
    assert Employer.unscoped.get(pk=case.employer_id).union_status == "none"


def test_opening_from_the_employer_page(world: World, client_for: Any) -> None:
    employer = make_employer(world.township_a, "甲镇新店", 15)
    client = client_for(world.bob)
    # the employer page offers the button
    page = client.get(employer.get_absolute_url()).content.decode()
    assert 'data-testid="founding-open"' in page
    # posting twice gives the same case
    url = f"/organisations/founding/open/{employer.pk}/"
    first = client.post(url)
    second = client.post(url)
    case = FoundingCase.unscoped.get(employer=employer)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == case.get_absolute_url()
    # then the employer page shows the case and its timeline instead of the button
    page = client.get(employer.get_absolute_url()).content.decode()
    assert 'data-testid="founding-open"' not in page
    assert 'data-testid="employer-founding-cases"' in page
    assert case.get_absolute_url() in page
    assert 'data-testid="timeline"' in page
    # a GET does nothing; township B and the leader cannot open
    assert client.get(url).status_code == 405
    other = make_employer(world.township_a, "甲镇另一店", 15)
    assert client_for(world.bea).post(f"/organisations/founding/open/{other.pk}/").status_code == 404
    assert client_for(world.leo).post(f"/organisations/founding/open/{other.pk}/").status_code == 403
    assert not FoundingCase.unscoped.filter(employer=other).exists()


def test_no_button_for_an_organised_employer(world: World, client_for: Any) -> None:
    employer = make_employer(
        world.union_c, "丙公司", 100, union_status="own", own_union=world.union_c, founded_on=timezone.localdate()
    )
    client = client_for(world.bob)
    assert 'data-testid="founding-open"' not in client.get(employer.get_absolute_url()).content.decode()
    # and opening is refused with a message, back on the employer page
    response = client.post(f"/organisations/founding/open/{employer.pk}/")
    assert response.status_code == 302
    assert response["Location"] == employer.get_absolute_url()
    assert not FoundingCase.unscoped.filter(employer=employer).exists()


def test_the_board_and_list_cost_the_same_queries_for_more_cases(
    world: World, pipeline: dict[str, FoundingCase], client_for: Any
) -> None:
    client = client_for(world.alice)
    client.get(LIST)  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(6):
        open_case(world, f"甲镇补充厂{i}", 30 + i)
    with CaptureQueriesContext(connection) as more:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 10  # 4 open before, 6 more
    assert len(more.captured_queries) == len(few.captured_queries)
