"""The form's pages: typed values, the check state beside each table, submitting, reopening, scoping."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.figures import measures
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.statistics import selectors
from gonghui.statistics.models import StatisticsReport, TypedValue
from gonghui.statistics.services import report_save
from gonghui.statistics.tests.helpers import YEAR, correct_cover
from gonghui.statistics.workflows import ReportState


def page(union: Any, year: int = YEAR) -> str:
    return f"/statistics/union/{union.pk}/?year={year}"


def table_state(html: str, table: str) -> str:
    """The check state shown beside table ``table`` ("01" …), as text."""
    block = html.split(f'data-table="{table}"', 1)[1].split('data-testid="table"', 1)[0]
    state = block.split('data-testid="check-state"', 1)[1]
    return re.sub(
        r"<[^>]+>|\s+",
        " ",
        state.split("</div>", 2)[0] if 'data-correct="0"' in state[:40] else state.split("</span>", 1)[0],
    )


def report_of(world: World) -> StatisticsReport:
    with system_scope("the test reads what the page wrote"):
        return StatisticsReport.unscoped.get(union=world.union_c, year=YEAR)  # unscoped: the test checks the row


@pytest.fixture
def women_members_typed(monkeypatch):
    """Women members typed in (as while the member registry publishes no such measure)."""
    monkeypatch.delitem(measures._measures, "members.women_members", raising=False)


def test_a_broken_typed_value_turns_its_table_red_with_the_rule_named_and_the_fix_reads_logic_correct(
    world: World, client_for: Any, women_members_typed: None
):
    client = client_for(world.carol)
    # given a form typed with more women members than members (the registers hold none for union C)
    response = client.post(page(world.union_c), {**correct_cover(), "0105": "12"})
    assert response.status_code == 302

    # then the organisation table is red, naming the rule and both numbers
    html = client.get(page(world.union_c)).content.decode()
    state = table_state(html, "01")
    assert "女会员数不大于会员数" in state
    assert "女会员数 = 12" in state
    assert "会员数 = 0" in state
    assert 'data-state="failing"' in html
    assert "逻辑正确" in table_state(html, "04")  # the other tables are correct

    # when the value is put right
    client.post(page(world.union_c), {**correct_cover(), "0105": "0"})

    # then every table reads 逻辑正确
    html = client.get(page(world.union_c)).content.decode()
    assert html.count('data-correct="0"') == 0
    assert "逻辑正确" in table_state(html, "01")
    assert 'data-state="draft"' in html


def test_submitting_is_refused_while_a_check_fails_and_the_federation_above_reopens(
    world: World, client_for: Any, women_members_typed: None
):
    carol = client_for(world.carol)
    carol.post(page(world.union_c), {**correct_cover(), "0105": "3"})
    report = report_of(world)
    submit = f"/workflow/statistics-report/{report.pk}/submit/"

    # a failing check: the step is not offered, and taking it is refused
    assert 'href="/workflow/statistics-report/' not in carol.get(page(world.union_c)).content.decode()
    assert carol.post(submit).status_code == 403
    with pytest.raises(ValidationError):
        transition_perform(actor=world.carol, obj=report, name="submit")
    assert report_of(world).state == ReportState.DRAFT

    # fixed, it is submitted: the registers' numbers filed, who and when
    carol.post(page(world.union_c), {**correct_cover(), "0105": "0"})
    assert carol.post(submit).status_code == 302
    report = report_of(world)
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_by == world.carol
    assert report.submitted_at is not None
    assert report.filed["0104"] == "0"
    assert "0105" not in report.filed
    assert report.code == "33100000001"

    # a submitted form is read only
    html = carol.get(page(world.union_c)).content.decode()
    assert 'data-testid="save"' not in html
    assert 'data-state="submitted"' in html
    assert carol.post(page(world.union_c), {**correct_cover(), "0201": "2"}).status_code == 403
    with pytest.raises(ValidationError):
        report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0201": 2})

    # the union itself cannot reopen it; the township above can, giving a reason
    with pytest.raises(PermissionDenied):
        transition_perform(actor=world.carol, obj=report, name="reopen", note="改")
    bob = client_for(world.bob)
    assert bob.post(f"/workflow/statistics-report/{report.pk}/reopen/", {"note": "女职工数需核对"}).status_code == 302
    report = report_of(world)
    assert report.state == ReportState.DRAFT
    assert report.filed == {}
    assert report.submitted_at is None


def test_typed_values_and_the_901_code_are_offered_again_next_year_marked_as_from_last_year(
    world: World, client_for: Any
):
    client = client_for(world.carol)
    client.post(page(world.union_c, YEAR - 1), {**correct_cover(), "0202": "4", "0801": "1200.50"})

    # the next year's form, not started, offers last year's typed values
    filled = selectors.form_for_user(world.carol, world.union_c, year=YEAR)
    assert filled.report is None
    assert filled.entries["0202"].value == 4
    assert filled.entries["0202"].source == "last_year"
    assert str(filled.entries["0801"].value) == "1200.50"
    assert filled.code == "33100000001"
    html = client.get(page(world.union_c)).content.decode()
    assert 'value="4"' in html
    assert "上年" in html

    # saved as offered, a value stays marked; changed, it is this year's
    client.post(page(world.union_c), {**correct_cover(), "0202": "4", "0801": "1300"})
    with system_scope("the test reads what the page wrote"):
        # unscoped: the test checks the rows
        values = {row.code: row for row in TypedValue.unscoped.filter(report__year=YEAR, report__union=world.union_c)}
    assert values["0202"].from_last_year is True
    assert values["0801"].from_last_year is False
    assert str(values["0801"].value) == "1300.00"
    assert report_of(world).code == "33100000001"


def test_a_value_that_is_not_a_count_is_refused_on_its_field(world: World, client_for: Any):
    client = client_for(world.carol)
    response = client.post(page(world.union_c), {**correct_cover(), "0202": "2.5", "0111": "3", "0801": "-1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="field-error"') == 3
    with system_scope("the test checks nothing was written"):
        assert not StatisticsReport.unscoped.filter(union=world.union_c).exists()  # unscoped: the test checks


def test_a_township_cannot_open_another_townships_forms(world: World, client_for: Any):
    report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0201": 1})
    report = report_of(world)
    bea = client_for(world.bea)
    for url in (
        page(world.union_c),
        page(world.township_a),
        f"/statistics/union/{world.township_a.pk}/summary/?year={YEAR}",
        f"/statistics/union/{world.union_c.pk}/statistics.xlsx?year={YEAR}",
        f"/statistics/union/{world.union_c.pk}/statistics.json?year={YEAR}",
        f"/statistics/report/{report.pk}/",
    ):
        assert bea.get(url).status_code == 404, url
    assert bea.post(page(world.union_c), correct_cover()).status_code == 404
    # her own are there
    assert bea.get(page(world.union_d)).status_code == 200
    assert bea.get(page(world.township_b)).status_code == 200
    # and a grassroots officer sees only their own union
    assert client_for(world.dan).get(page(world.union_c)).status_code == 404
    assert client_for(world.carol).get(page(world.joint_a)).status_code == 404


def test_the_federation_sees_which_unions_have_submitted_and_the_summary_adds_them_up(
    world: World, client_for: Any, women_members_typed: None
):
    report_save(
        actor=world.carol,
        union=world.union_c,
        year=YEAR,
        values={"0201": "1", "0202": "2"},
        code="C1",
        division="339901101000",
    )
    transition_perform(actor=world.carol, obj=report_of(world), name="submit")
    report_save(actor=world.bob, union=world.joint_a, year=YEAR, values={"0202": "3", "0105": "5"})

    bob = client_for(world.bob)
    html = bob.get(page(world.township_a)).content.decode()
    states = dict(re.findall(r'data-union="(\d+)" data-state="(\w+)"', html))
    assert states == {str(world.union_c.pk): "submitted", str(world.joint_a.pk): "failing"}
    assert 'data-testid="count-submitted">1<' in html

    summary = selectors.summary_for_user(world.bob, world.township_a, year=YEAR)
    assert (summary.unions, summary.submitted) == (2, 1)
    assert summary.values["0202"] == 5
    assert summary.values["0201"] == 1
    assert summary.values["0105"] == 5
    assert bob.get(f"/statistics/union/{world.township_a.pk}/summary/?year={YEAR}").status_code == 200
    # the county adds up both townships; township B sees none of township A's
    assert selectors.summary_for_user(world.alice, world.county, year=YEAR).values["0202"] == 5
    assert selectors.summary_for_user(world.bea, world.township_b, year=YEAR).values["0202"] == 0


def test_the_leader_reads_and_cannot_type(world: World, client_for: Any):
    leo = client_for(world.leo)
    html = leo.get(page(world.union_c)).content.decode()
    assert 'data-testid="save"' not in html
    assert leo.post(page(world.union_c), correct_cover()).status_code == 403
    assert client_for(world.wendy).get(page(world.union_c)).status_code == 403


def test_the_overview_opens_the_users_own_union(world: World, client_for: Any):
    response = client_for(world.carol).get("/statistics/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/statistics/union/{world.union_c.pk}/")


def test_the_federation_page_reads_its_unions_forms_in_bulk(world: World, client_for: Any):
    """The unions' states come from a handful of queries and one count per measure, however many unions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.tree.models import Union
    from gonghui.core.tree.services import union_create

    def queries() -> int:
        client = client_for(world.bob)
        client.get(page(world.township_a))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(world.township_a)).status_code == 200
        return len(captured.captured_queries)

    report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0201": 1})
    before = queries()
    with system_scope("test data: more grassroots unions with forms"):
        for number in range(3):
            union = union_create(actor=None, parent=world.township_a, name=f"新厂{number}", kind=Union.Kind.GRASSROOTS)
            report_save(actor=None, union=union, year=YEAR, values={"0202": number})
    assert queries() == before
