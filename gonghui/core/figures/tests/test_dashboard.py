"""The dashboard page, its export and its API: every number shown opens a list of that many rows."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core.figures import dashboard, measures
from gonghui.core.figures.periods import Period
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.figures.tests.test_drilldowns import published_world  # noqa: F401 (a fixture)
from gonghui.core.testing.world import World

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'<a class="value" href="([^"]+)" data-figure="([^"]+)" data-figure-value="([^"]+)"')


def _shown(body: str) -> list[tuple[str, str, Decimal]]:
    return [(html.unescape(url), key, Decimal(value)) for url, key, value in FIGURE.findall(body)]


@pytest.mark.parametrize("reader", ["leo", "alice", "bob"])
def test_every_number_on_the_dashboard_opens_a_list_of_that_many_rows(
    published_world: World,  # noqa: F811
    client_for: Any,
    reader: str,
) -> None:
    user = getattr(published_world, reader)
    client = client_for(user)
    response = client.get("/dashboard/?span=range&start=2020-01-01&end=" + date.today().isoformat())
    assert response.status_code == 200
    shown = _shown(response.content.decode())
    readable = measures.measures_for(user)
    assert {key for _url, key, _value in shown} == {m.key for m in readable}
    wrong = []
    for url, key, value in shown:
        measure = measures.get(key)
        assert measure is not None
        if measure.total:
            continue  # a sum of yuan: its rows are counted by test_measures
        listed = count_list_rows(client, url)
        if listed != value:
            wrong.append(f"{key}: the dashboard shows {value}, {url} lists {listed}")
    assert not wrong, "\n".join(wrong)
    assert any(value for _url, _key, value in shown), "no figure with rows: the check would be vacuous"


def test_the_leader_and_the_county_administrator_land_on_the_dashboard(
    published_world: World,  # noqa: F811
    client_for: Any,
) -> None:
    for user in (published_world.leo, published_world.alice):
        body = client_for(user).get("/home/").content.decode()
        assert 'data-testid="dashboard"' in body
        assert 'data-testid="home-title"' in body
    # a grassroots officer keeps their own home page, and opens the dashboard from the menu
    carol = client_for(published_world.carol)
    assert 'data-testid="dashboard"' not in carol.get("/home/").content.decode()
    assert 'href="/dashboard/"' in carol.get("/home/").content.decode()


def test_a_township_sees_only_its_own_figures(published_world: World, client_for: Any) -> None:  # noqa: F811
    bob = published_world.bob
    period = Period(date(2020, 1, 1), date.today())
    for section in dashboard.build(bob, period):
        for tile in section.tiles:
            names = {place.name for place in tile.ranking}
            assert published_world.township_b.name not in names
            assert tile.value == measures.count(tile.measure, bob, [period]).totals[0]
    body = client_for(bob).get("/dashboard/").content.decode()
    assert published_world.township_b.name not in body


def test_a_worker_and_the_administrators_have_no_dashboard(published_world: World, client_for: Any) -> None:  # noqa: F811
    for user in (published_world.wendy, published_world.sam, published_world.audrey):
        client = client_for(user)
        assert client.get("/dashboard/").status_code == 403
        assert client.get("/api/v1/dashboard/").status_code == 403
        assert 'href="/dashboard/"' not in client.get("/home/").content.decode()


def test_the_export_and_the_api_hold_the_numbers_of_the_page(published_world: World, client_for: Any) -> None:  # noqa: F811
    alice = published_world.alice
    client = client_for(alice)
    query = "?span=range&start=2020-01-01&end=" + date.today().isoformat()
    shown = {key: value for _url, key, value in _shown(client.get("/dashboard/" + query).content.decode())}
    response = client.get("/dashboard/export/" + query)
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    rows = book.get_sheet_by_index(0).to_python()
    labels = {str(m.label): m.key for m in measures.measures_for(alice)}
    exported = {labels[row[1]]: Decimal(str(row[2])) for row in rows[3:] if row[1] in labels}
    assert exported == {key: Decimal(value) for key, value in shown.items()}
    api = client.get("/api/v1/dashboard/" + query)
    assert api.status_code == 200
    data = api.json()
    assert data["start"] == "2020-01-01"
    assert {item["key"]: Decimal(str(item["value"])) for item in data["figures"]} == exported
    assert all(item["url"].startswith("/") for item in data["figures"])


def test_ties_share_a_place_in_a_ranking() -> None:
    from types import SimpleNamespace

    from django.db.models import Q

    measure = measures.Measure(
        key="x.y",
        label="x",
        list=None,
        url_name="web:home",
        permission="x.y",
        within=lambda p: Q(),  # type: ignore[arg-type]
    )
    measure = SimpleNamespace(**{**measure.__dict__, "url": lambda period, township=None: f"/{township}"})
    towns = {f"p{i}": SimpleNamespace(path=f"p{i}", name=f"T{i}", pk=i) for i in range(4)}
    counted = measures.Counted(measure, [], [0], [0], {"p0": [5], "p1": [5], "p2": [3], "p3": [7]})
    places = dashboard._ranking(measure, counted, None, towns, Period(date(2026, 1, 1), date(2026, 2, 1)))
    assert [(p.rank, p.name) for p in places] == [(1, "T3"), (2, "T0"), (2, "T1"), (4, "T2")]


def test_the_jobs_runner_counts_the_readers_dashboards_ahead(published_world: World) -> None:  # noqa: F811
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gonghui.core.accounts.models import User
    from gonghui.core.figures import kept
    from gonghui.core.figures.periods import default_period
    from gonghui.core.jobs.schedule import registered
    from gonghui.core.tree.scoping import system_scope

    world = published_world
    assert registered()["figures.keep_dashboards"].func is dashboard.keep_current
    caches[kept.CACHE_ALIAS].clear()
    with system_scope("the test signs two readers in"):
        User.unscoped.filter(pk__in=[world.leo.pk, world.bob.pk]).update(last_login=timezone.now())
        User.unscoped.exclude(pk__in=[world.leo.pk, world.bob.pk]).update(last_login=None)
    with system_scope("the periodic job"):
        assert dashboard.keep_current() == 2, "the leader's and township A's staff member's, each once"
    for reader in (world.leo, world.bob):
        with CaptureQueriesContext(connection) as seen:
            dashboard.build(reader, default_period(timezone.localdate()))
        counting = [q["sql"] for q in seen.captured_queries if "COUNT(" in q["sql"] and "GROUP BY" in q["sql"]]
        assert counting == [], f"{reader.username}'s dashboard was counted ahead: nothing left to count"
    untouched = dashboard.build(world.alice, default_period(timezone.localdate()))
    assert untouched, "an administrator who has not signed in is counted when she asks, not ahead"
