"""Hardship assistance in the API: files opened and moved through their workflow, batches made, all masked."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.models import HardshipFile
from gonghui.assistance.tests import factories
from gonghui.assistance.workflows import HardshipFileFlow
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.exports import export_of
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope

FILES = "/api/v1/assistance/files/"
DISBURSEMENTS = "/api/v1/assistance/disbursements/"
JSON = "application/json"


@pytest.fixture(autouse=True)
def poverty_line(db: Any) -> None:
    factories.standard()


@pytest.mark.parametrize("query", [{}, {"q": "张"}, {"state": "open"}, {"state": "filed"}, {"cause": "illness"}])
def test_the_file_list_answers_the_rows_the_page_and_its_export_show(
    world: World, client_for: Any, query: dict[str, str]
) -> None:
    factories.open_file(world, name="张困难")
    factories.filed_file(world, name="李困难")
    factories.open_file(world, union=world.union_d, name="丁困难")
    bob = client_for(world.bob)
    exported = export_of(bob, reverse("assistance:file_list"), query)
    answered = bob.get(FILES, query).json()
    assert [row["number"] for row in answered["results"]] == exported.column("档案编号")
    assert answered["count"] == exported.page.total


def test_a_file_is_opened_and_taken_through_its_workflow(world: World, client_for: Any) -> None:
    carol = client_for(world.carol)
    applicant = factories.worker(world.union_c, "王困难")

    # when Carol opens a file for a worker her union keeps, with the page's form as JSON
    opened = carol.post(FILES, {"worker": applicant.pk, **_figures()}, content_type=JSON)
    assert opened.status_code == 201, opened.content
    file = opened.json()
    assert (file["worker"], file["union"]) == (applicant.pk, world.union_c.pk)
    assert file["state"] == HardshipFileFlow.initial_state()
    assert file["bank_account"] == "6228 **** **** 8901"
    assert file["worker_id_number"] == applicant.id_number[:6] + "********" + applicant.id_number[-4:]

    # then its steps are the workflow's, as on its page
    url = f"{FILES}{file['id']}/transitions/"
    assert [step["name"] for step in carol.get(url).json()] == ["check", "refuse"]
    checked = carol.post(f"{url}check/", {}, content_type=JSON)
    assert (checked.status_code, checked.json()["state"]) == (200, "checked")
    # a step needing an attachment refuses JSON without one, and takes a multipart upload
    today = timezone.localdate().isoformat()
    refused = carol.post(f"{url}visit/", {"visited_on": today, "visitors": "卡罗尔"}, content_type=JSON)
    assert refused.status_code == 400
    assert "attachment" in refused.json()
    visited = carol.post(
        f"{url}visit/", {"visited_on": today, "visitors": "卡罗尔", "attachment": factories.attachment()}
    )
    assert (visited.status_code, visited.json()["state"]) == (200, "visited"), visited.content
    # the centre verifies; Carol's role may not
    assert carol.post(f"{url}verify/", {}, content_type=JSON).status_code == 403
    verified = client_for(world.ann).post(f"{url}verify/", {}, content_type=JSON)
    assert (verified.status_code, verified.json()["state"]) == (200, "verified")

    with system_scope("the test reads the audit log"):
        actions = AuditEvent.objects.filter(object_type="assistance.hardshipfile", object_id=str(file["id"]))
        assert "create" in set(actions.values_list("action", flat=True))
        assert set(actions.values_list("union_id", flat=True)) == {world.union_c.pk}


def _figures(**overrides: Any) -> dict[str, Any]:
    return {
        "main_cause": "illness",
        "applicant_monthly_income": "600",
        "bank_name": "农业银行",
        "bank_account": "6228480012345678901",
        **overrides,
    }


def test_a_file_cannot_be_opened_for_a_worker_the_caller_does_not_keep(world: World, client_for: Any) -> None:
    carol = client_for(world.carol)
    # Dan's worker: not in Carol's subtree at all
    assert (
        carol.post(FILES, {"worker": factories.worker(world.union_d).pk, **_figures()}, content_type=JSON).status_code
        == 404
    )
    # a worker who transferred out of Carol's union: seen, not kept (the page's address answers 404 too)
    moved = factories.transferred_worker(world)
    assert carol.post(FILES, {"worker": moved.pk, **_figures()}, content_type=JSON).status_code == 404
    # no worker named: the body's field is missing
    assert "worker" in carol.post(FILES, _figures(), content_type=JSON).json()
    with system_scope("the test checks nothing was written"):
        assert not HardshipFile.unscoped.exists()  # unscoped: the whole table


def test_a_file_is_changed_through_its_page_form(world: World, client_for: Any) -> None:
    file = factories.open_file(world)
    carol = client_for(world.carol)
    changed = carol.patch(f"{FILES}{file.pk}/", {"medical_costs": "300"}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    file.refresh_from_db()
    assert file.medical_costs == 300
    assert file.bank_account == "6228480012345678901"  # left empty by the form: kept


def test_an_outsider_meets_404s_and_no_rows(world: World, client_for: Any) -> None:
    file = factories.open_file(world)
    dan = client_for(world.dan)
    assert dan.get(FILES).json()["results"] == []
    assert dan.get(f"{FILES}{file.pk}/").status_code == 404
    assert dan.get(f"{FILES}{file.pk}/transitions/").status_code == 404
    assert dan.post(f"{FILES}{file.pk}/transitions/check/", {}, content_type=JSON).status_code == 404


def test_the_public_notice_shows_the_surname_only(world: World, client_for: Any) -> None:
    factories.file_to_notice(world, factories.open_file(world, name="张困难"))
    rows = client_for(world.bob).get("/api/v1/assistance/notices/").json()["results"]
    assert [row["worker_name"] for row in rows] == ["张**"]


def test_a_disbursement_batch_is_made_with_the_page_form(world: World, client_for: Any) -> None:
    programme = factories.program(world)
    carol = client_for(world.carol)
    made = carol.post(DISBURSEMENTS, {"program": programme.pk, "title": "春节送温暖"}, content_type=JSON)
    assert made.status_code == 201, made.content
    batch = made.json()
    assert (batch["union"], batch["state"], batch["households"], batch["total"]) == (
        world.union_c.pk,
        "draft",
        0,
        "0.00",
    )
    listed = carol.get(DISBURSEMENTS, {"program": str(programme.pk)}).json()["results"]
    assert [row["id"] for row in listed] == [batch["id"]]
    # a programme that is no choice of the form's is refused by it
    assert "program" in carol.post(DISBURSEMENTS, {"program": 2**40}, content_type=JSON).json()
    assert client_for(world.dan).get(f"{DISBURSEMENTS}{batch['id']}/").status_code == 404


def test_a_page_of_files_costs_the_same_queries_whatever_its_length(world: World, client_for: Any) -> None:
    for name in ("张甲", "张乙", "张丙"):
        factories.open_file(world, name=name)
    bob = client_for(world.bob)

    def queries(limit: int) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = bob.get(FILES, {"limit": limit}).json()["results"]
        return len(captured.captured_queries), len(rows)

    one, many = queries(1), queries(50)
    assert (one[1], many[1]) == (1, 3)
    assert one[0] == many[0]
