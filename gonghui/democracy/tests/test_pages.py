"""The module's pages: lists in the user's subtree with their exports, detail pages, forms through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.navigation import items_for
from gonghui.democracy.models import CollectiveContract, Congress, Session
from gonghui.democracy.tests import factories
from gonghui.democracy.tests.figure_data import build


def test_the_contract_list_shows_the_users_subtree_and_exports_it(world: World, client_for: Any) -> None:
    rows = build(world)["contracts"]
    client = client_for(world.bob)
    html = client.get("/democracy/contracts/").content.decode()
    assert rows["wage"].title in html
    assert rows["b"].title not in html
    assert 'data-testid="export"' in html
    assert client.get("/sheets/collective_contracts/export/").status_code == 200
    assert client_for(world.bea).get(f"/democracy/contracts/{rows['wage'].pk}/").status_code == 404
    assert client_for(world.bea).get(f"/democracy/contracts/{rows['b'].pk}/").status_code == 200


def test_every_list_and_its_export_answers(world: World, client_for: Any) -> None:
    build(world)
    client = client_for(world.bob)
    pages = ("", "congresses/", "sittings/", "motions/", "employers/", "figures/", "minimum-wage/")
    for url in (f"/democracy/{page}" for page in pages):
        assert client.get(url).status_code == 200, url
    for kind in ("congresses", "congress_sessions", "motions", "democracy_employers"):
        assert client.get(f"/sheets/{kind}/export/").status_code == 200, kind


def test_setting_up_a_congress_states_the_delegate_minimum(world: World, client_for: Any) -> None:
    firm = factories.employer(world, headcount=180)
    client = client_for(world.bob)
    page = client.get(f"/democracy/employers/{firm.pk}/congresses/add/").content.decode()
    assert "30" in page
    response = client.post(
        f"/democracy/employers/{firm.pk}/congresses/add/",
        {"term_number": 1, "term_start": "2025-01-01", "term_end": "2027-12-31", "workforce": 180, "women_workers": 60,
         "dispatched_workers": 10, "name": ""},
    )  # fmt: skip
    assert response.status_code == 302
    with system_scope("the test reads what the page wrote"):
        congress = Congress.unscoped.get(employer=firm)  # unscoped: the test checks the row itself
    detail = client.get(congress.get_absolute_url()).content.decode()
    assert 'data-check="delegates" data-met="no"' in detail
    assert 'data-check="managers"' in detail


def test_a_sitting_without_quorum_says_so_and_refuses_the_vote(world: World, client_for: Any) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=19)
    client = client_for(world.bob)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'data-testid="quorum"' in page
    assert "20" in page
    client.post(f"/democracy/sittings/{session.pk}/items/add/", {"title": "议题一", "kind": "general"})
    with system_scope("the test reads what the page wrote"):
        item = Session.unscoped.get(pk=session.pk).items.get()
    response = client.post(f"/democracy/items/{item.pk}/vote/", {"yes": 19, "no": 0, "abstain": 0})
    assert response.status_code == 200  # the form again, with the refusal
    assert "20" in response.content.decode()


def test_a_wage_below_the_minimum_is_refused_on_the_form(world: World, client_for: Any) -> None:
    firm = factories.employer(world)
    client = client_for(world.bob)
    client.post(
        f"/democracy/employers/{firm.pk}/contracts/add/",
        {"kind": "wage", "requested_by": "union", "requested_on": "2025-09-01"},
    )
    with system_scope("the test reads what the page wrote"):
        contract = CollectiveContract.unscoped.get(employer=firm)  # unscoped: the test checks the row itself
    response = client.post(
        f"/democracy/contracts/{contract.pk}/terms/", {"covered_workers": 180, "minimum_wage": "1800"}
    )
    assert response.status_code == 200
    assert "1,800.00" in response.content.decode()


def test_the_employer_page_shows_the_disclosure_checklist(world: World, client_for: Any) -> None:
    firm = factories.employer(world)
    client = client_for(world.bob)
    year = date.today().year
    disclosure = {"item": "contract", "disclosed_on": f"{year}-03-01", "channel": "board", "evidence": "照片"}
    client.post(f"/democracy/employers/{firm.pk}/disclosures/add/?year={year}", disclosure)
    page = client.get(f"/democracy/employers/{firm.pk}/?year={year}").content.decode()
    assert 'data-item="contract"' in page
    assert "照片" in page
    assert page.count("not disclosed") + page.count("未公开") == 6  # seven items for a private employer, one done


def test_the_navigation_names_the_lists_for_those_who_may_open_them(world: World) -> None:
    def names(user: Any) -> set[str]:
        return {item["name"] for section in items_for(user) for item in section["items"]}

    assert "democracy:contract_list" in names(world.bob)
    assert "democracy:contract_list" not in names(world.will)
    assert "democracy:figures" in names(world.leo)
    # the leader reads the lists the measures open, not the congresses' registers
    assert {"democracy:contract_list", "democracy:session_list", "democracy:delegate_list"} <= names(world.leo)
    assert "democracy:congress_list" not in names(world.leo)


def test_the_minutes_vote_sheet_and_resolution_print(world: World, client_for: Any, tmp_path: Any) -> None:
    from gonghui.core.documents.testing import pdf_text
    from gonghui.core.tree.scoping import acting_as
    from gonghui.democracy import services

    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=24)
    with acting_as(world.bob):
        item = services.item_add(actor=world.bob, session=session, title="工资专项集体协议草案")
        services.ballot_record(actor=world.bob, item=item, yes=15, no=9, abstain=0)
        services.ballot_record(actor=world.bob, item=item, yes=16, no=8, abstain=0)
    client = client_for(world.bob)
    votes = client.get(f"/democracy/sittings/{session.pk}/votes.pdf")
    assert votes["Content-Type"] == "application/pdf"
    text = pdf_text(votes.content, tmp_path)
    assert "工资专项集体协议草案" in text
    assert "16" in text
    assert "24" in pdf_text(client.get(f"/democracy/sittings/{session.pk}/minutes.pdf").content, tmp_path)
    resolution = client.get(f"/democracy/items/{item.pk}/resolution.pdf")
    assert "16" in pdf_text(resolution.content, tmp_path)
    assert client_for(world.bea).get(f"/democracy/sittings/{session.pk}/votes.pdf").status_code == 404


def test_a_workers_question_links_to_its_employer_page(world: World, client_for: Any) -> None:
    from gonghui.core.tree.scoping import acting_as
    from gonghui.democracy import services

    firm = factories.employer(world)
    with acting_as(world.bob):
        question = services.question_create(
            actor=world.bob, employer=firm, asked_on=date(2026, 3, 2), subject="加班费计算方式"
        )
    url = question.get_absolute_url()
    assert url == f"/democracy/employers/{firm.pk}/?year=2026#questions"
    client = client_for(world.bob)
    assert "加班费计算方式" in client.get(url).content.decode()
    assert client.get("/reminders/").status_code == 200
