"""The form in the API: the unions' forms of a year in the caller's subtree, one form, 404 outside it."""

from __future__ import annotations

from typing import Any

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.statistics.models import StatisticsReport
from gonghui.statistics.services import report_save
from gonghui.statistics.tests.helpers import YEAR

API = "/api/v1/statistics/"


def test_the_unions_list_answers_the_callers_subtree_with_each_forms_state(world: World, client_for: Any):
    report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0201": 1})
    rows = client_for(world.bob).get(f"{API}unions/", {"year": YEAR}).json()["results"]
    states = {row["id"]: row["form_state"] for row in rows}
    assert states[world.union_c.pk] in {"draft", "failing"}
    assert states[world.joint_a.pk] == "not_started"
    assert world.union_d.pk not in states
    assert all(row["year"] == YEAR for row in rows)


def test_a_form_outside_the_subtree_is_a_404_and_inside_carries_its_values(world: World, client_for: Any):
    report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0202": 2})
    with system_scope("the test names the form"):
        report = StatisticsReport.unscoped.get(union=world.union_c, year=YEAR)  # unscoped: the test's own row
    assert client_for(world.bea).get(f"{API}reports/{report.pk}/").status_code == 404
    answer = client_for(world.bob).get(f"{API}reports/{report.pk}/").json()
    assert answer["document"]["values"]["0202"] == 2
    assert answer["year"] == YEAR


def test_the_forms_list_filters_by_year_and_state_and_leaves_the_values_to_one_form(world: World, client_for: Any):
    report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0202": 2})
    client = client_for(world.bob)
    rows = client.get(f"{API}reports/", {"year": YEAR, "state": "draft"}).json()["results"]
    assert [(row["union"], row["document"]) for row in rows] == [(world.union_c.pk, None)]
    assert client.get(f"{API}reports/", {"state": "submitted"}).json()["results"] == []
    assert client_for(world.bea).get(f"{API}reports/").json()["results"] == []
