"""Assistance figures (issue 6): the speech's test, scoping, the money, the links and the page's query budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance import figures, services
from gonghui.assistance.models import HardshipFile, Program
from gonghui.assistance.tests import figure_data
from gonghui.assistance.tests.figure_data import filed, programme
from gonghui.core.testing.world import MARKER, World

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
FIGURES = "/assistance/figures/"
UNREACHED = "/assistance/figures/unreached/"


@pytest.fixture
def county(world: World) -> dict[str, Any]:
    """See ``figure_data.households``: six households in two townships, this year's programme and last year's."""
    return figure_data.households(world)


# --- The speech's test ------------------------------------------------------------------------------


def test_reached_counts_deep_filed_households_with_a_counted_grant_of_the_year(world: World, county: dict) -> None:
    # When the assistance centre reads this year's test
    reach = figures.reach_for_user(world.ann)
    # Then of the three filed deep households (a1, a2, b1; a3 has exited) only a1 received a counted grant
    assert (reach.deep, reach.reached, reach.unreached) == (3, 1, 2)
    assert reach.rate == Decimal("0.3333")
    assert not reach.full
    # And the list of those not reached is a2 (last year's grant only) and b1 (batch not approved)
    assert set(figures.unreached_files(world.ann)) == {county["a2"], county["b1"]}


def test_last_years_test_counts_last_years_grants(world: World, county: dict) -> None:
    reach = figures.reach_for_user(world.ann, YEAR - 1)
    assert (reach.deep, reach.reached) == (3, 1)
    assert set(figures.unreached_files(world.ann, YEAR - 1)) == {county["a1"], county["b1"]}


def test_a_township_sees_only_its_own_households(world: World, county: dict) -> None:
    bob = figures.reach_for_user(world.bob)
    bea = figures.reach_for_user(world.bea)
    assert (bob.deep, bob.reached) == (2, 1)
    assert (bea.deep, bea.reached) == (1, 0)
    assert list(figures.unreached_files(world.bob)) == [county["a2"]]
    assert list(figures.unreached_files(world.bea)) == [county["b1"]]
    lines = figures.files_by_township(world.bea)
    assert [(line.label, line.filed, line.deep, line.reached) for line in lines] == [("乙镇总工会", 2, 1, 0)]


# --- The caseload ----------------------------------------------------------------------------------------


def test_caseload_by_category_cause_township_and_year(world: World, county: dict) -> None:
    data = figures.figures_for_user(world.ann)
    assert data.total.filed == 5  # a3 has exited
    assert {line.key: line.filed for line in data.categories} == {"deep": 3, "relative": 2}
    assert {line.key: line.filed for line in data.causes} == {"illness": 3, "disability": 1, "unemployment": 1}
    assert data.causes[0].key == "illness"  # the most frequent first
    townships = {line.label: line for line in data.townships}
    a, b = townships[world.township_a.name], townships["乙镇总工会"]
    assert (a.filed, a.deep, a.reached, a.unreached, a.categories) == (3, 2, 1, 1, {"deep": 2, "relative": 1})
    assert (b.filed, b.deep, b.reached, b.categories) == (2, 1, 0, {"deep": 1, "relative": 1})
    # Each figure names the rows behind it in the file list
    assert a.url(category="deep") == (
        f"{reverse('assistance:file_list')}?state=filed&township={world.township_a.pk}&category=deep"
    )
    assert data.categories[0].filed_url.endswith("?state=filed&category=deep")
    years = {line.year: line for line in data.years}
    this, last, before = years[YEAR], years[YEAR - 1], years[YEAR - 2]
    assert (this.opened, this.filed, this.exited, this.still_filed) == (6, 3, 1, 2)
    assert (last.filed, last.still_filed) == (2, 2)
    assert before.still_filed == 1
    assert last.still_filed_url.endswith(f"?state=filed&year={YEAR - 1}")
    assert sum(line.still_filed for line in data.years) == data.total.filed


# --- The money -------------------------------------------------------------------------------------------


def test_money_by_programme_for_the_county_and_for_a_township(world: World, county: dict) -> None:
    # The county sees the whole programme: a1's ¥500 (paid) and b2's ¥300 (approved); b1's is not counted
    [line] = figures.money_for_user(world.ann).programs
    assert (line.budget, line.granted, line.paid, line.households) == (
        Decimal("10000"),
        Decimal("800"),
        Decimal("500"),
        2,
    )
    assert line.share == Decimal("0.0800")
    assert not line.run_above
    assert [(s.kind, s.amount, s.share) for s in line.sources] == [
        ("higher", Decimal("6000"), Decimal("0.6000")),
        ("own", Decimal("4000"), Decimal("0.4000")),
    ]
    # A township sees the county's programme, its budget and sources, but only its own households' money
    [bobs] = figures.money_for_user(world.bob).programs
    assert (bobs.budget, bobs.granted, bobs.paid, bobs.households, bobs.run_above) == (
        Decimal("10000"),
        Decimal("500"),
        Decimal("500"),
        1,
        True,
    )
    [beas] = figures.money_for_user(world.bea).programs
    assert (beas.granted, beas.paid, beas.households) == (Decimal("300"), Decimal("0"), 1)
    # Last year's programme is last year's
    [old] = figures.money_for_user(world.ann, YEAR - 1).programs
    assert (old.budget, old.granted) == (Decimal("2000"), Decimal("500"))
    totals = figures.money_for_user(world.ann)
    assert [(s.kind, s.amount) for s in totals.sources] == [("higher", Decimal("6000")), ("own", Decimal("4000"))]


# --- The pages -------------------------------------------------------------------------------------------


def test_figures_page_links_each_figure_and_embeds_the_chart_data(world: World, county: dict, client_for: Any) -> None:
    response = client_for(world.ann).get(FIGURES)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-reached="1" data-deep="3"' in html
    assert f'href="{UNREACHED}?year={YEAR}"' in html
    assert "¥10,000.00" in html
    assert "¥800.00" in html
    assert f"township={world.township_a.pk}&amp;category=deep" in html
    assert 'data-chart="assistance-townships-data"' in html
    assert 'id="assistance-programmes-data"' in html
    assert "figures/charts.js" in html
    assert "vendor/echarts/echarts.min.js" in html
    assert "<script>" not in html
    assert response.context["figures"].programme_chart().as_data()["series"][1]["data"] == [800.0]


def test_figures_page_query_budget_does_not_grow_with_the_data(
    world: World, county: dict, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.ann)
    client.get(FIGURES)  # warm the caches
    # Eight figure queries; the rest are the session, the user, the menu and the reminders
    with django_assert_max_num_queries(16):
        client.get(FIGURES)
    with CaptureQueriesContext(connection) as before:
        client.get(FIGURES)
    # More households, another township's and another programme change nothing in the number of queries
    for n in range(5):
        filed(world.union_d, f"乙多{n}", cause=HardshipFile.Cause.ACCIDENT, filed_on=date(YEAR - 5, 1, 1))
    programme(world, kind=Program.Kind.LIVING)
    with CaptureQueriesContext(connection) as after:
        response = client.get(FIGURES)
    assert response.context["reach"].deep == 8
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_township_page_shows_nothing_of_the_other_township(world: World, county: dict, client_for: Any) -> None:
    html = client_for(world.bea).get(FIGURES).content.decode()
    assert MARKER not in html
    assert "乙镇总工会" in html
    assert "¥300.00" in html
    html = client_for(world.bob).get(FIGURES).content.decode()
    assert "乙镇总工会" not in html
    assert "¥300.00" not in html
    assert 'data-reached="1" data-deep="2"' in html


def test_the_leader_reads_the_figures_and_the_lists_behind_them_without_changing_anything(
    world: World, county: dict, client_for: Any
) -> None:
    client = client_for(world.leo)
    response = client.get(FIGURES)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="unreached-count">2<' in html
    # The dashboard's measures open the file list and the grants: the figures link to them too
    assert f'href="{UNREACHED}?year={YEAR}"' in html
    assert reverse("assistance:file_list") in html
    assert client.get(UNREACHED).status_code == 200
    assert client.get(reverse("assistance:file_list")).status_code == 200
    assert client.get(reverse("assistance:grant_list")).status_code == 200
    # Read only: no file opened, no batch made, no batch list or programme behind the money
    assert client.get(reverse("assistance:file_new")).status_code == 403
    assert client.get(reverse("assistance:disbursement_create")).status_code == 403
    assert client.get(reverse("assistance:disbursement_list")).status_code == 403


def test_users_without_the_figures_permission_are_refused(world: World, client_for: Any) -> None:
    assert client_for(world.carol).get(FIGURES).status_code == 403
    assert client_for(world.carol).get(UNREACHED).status_code == 403
    assert client_for(world.sam).get(FIGURES).status_code == 403


def test_the_unreached_list(world: World, county: dict, client_for: Any) -> None:
    response = client_for(world.ann).get(UNREACHED)
    assert response.status_code == 200
    html = response.content.decode()
    a2, b1 = county["a2"], county["b1"]
    assert [row["file"] for row in response.context["rows"]] == [a2, b1]  # the longest filed first, then by id
    assert f'href="{reverse("assistance:file_detail", args=[a2.pk])}"' in html
    assert a2.number in html
    assert b1.number in html
    assert county["a1"].number not in html
    assert f"甲二{MARKER}" not in html  # names masked
    assert world.township_a.name in html
    assert "乙镇总工会" in html
    # Township B's officer sees only their household
    html = client_for(world.bea).get(UNREACHED).content.decode()
    assert b1.number in html
    assert a2.number not in html
    assert MARKER not in html
    # Last year: a1 and b1
    rows = client_for(world.ann).get(UNREACHED, {"year": YEAR - 1}).context["rows"]
    assert {row["file"] for row in rows} == {county["a1"], b1}


def test_the_unreached_list_pages_by_fifty(world: World, client_for: Any) -> None:
    services.poverty_line_set(actor=world.ann, year=YEAR, monthly_amount=Decimal("800"))
    for n in range(51):
        filed(world.union_d, f"乙页{n}")
    client = client_for(world.bea)
    first = client.get(UNREACHED)
    assert len(first.context["rows"]) == 50
    assert first.context["page"].has_next()
    assert len(client.get(UNREACHED, {"page": 2}).context["rows"]) == 1


@pytest.mark.parametrize(("language", "lang"), [("zh-hans", "zh-hans"), ("en", "en")])
def test_pages_render_in_both_languages(world: World, county: dict, client_for: Any, language: str, lang: str) -> None:
    client = client_for(world.ann)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (FIGURES, UNREACHED):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html
        assert "¥500.00" in html


def test_a_bad_year_falls_back_to_this_year(world: World, county: dict, client_for: Any) -> None:
    client = client_for(world.ann)
    assert client.get(FIGURES, {"year": "abc"}).context["year"] == YEAR
    assert client.get(FIGURES, {"year": "1900"}).context["year"] == YEAR
    assert client.get(FIGURES, {"year": str(YEAR - 1)}).context["reach"].reached == 1
