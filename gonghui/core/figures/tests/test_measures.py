"""Generated: every measure, over several periods and for each township, equals the rows of its list.

One test per registered ``Measure`` and per reader: the leader and the county administrator (the
county's whole tree) and township A's union staff (its own part). Each number the dashboard could
show — the whole and every township, this year, last year, the statistics year — is requested as
its drill-down with the test client and its rows counted page by page. The rows come from the
shared world and every module's ``tests/figure_data.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period, calendar_year, statistics_year, statistics_year_of
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.figures.tests.test_drilldowns import published_world  # noqa: F401 (a fixture)
from gonghui.core.figures.townships import township_unions
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as

pytestmark = pytest.mark.django_db

READERS = ("leo", "alice", "bob")


def _periods() -> list[Period]:
    today = timezone.localdate()
    return [
        calendar_year(today.year),
        calendar_year(today.year - 1),
        statistics_year(statistics_year_of(today)),
        Period(date(today.year - 3, 7, 1), today),
    ]


def _cases() -> list[tuple[str, str]]:
    return [(measure.key, reader) for measure in measures.all_measures() for reader in READERS]


def test_every_module_with_figures_declares_measures() -> None:
    from gonghui.core import figures

    with_figures = {source.name.split(".")[0] for source in figures.sources()}
    with_measures = {measure.module for measure in measures.all_measures()}
    assert with_figures <= with_measures, f"no measures: {sorted(with_figures - with_measures)}"


def test_the_leader_reads_every_measure_and_its_list(published_world: World) -> None:  # noqa: F811
    missing = [m.key for m in measures.all_measures() if not published_world.leo.has_perm(m.permission)]
    assert not missing, "the leader cannot open the list behind: " + ", ".join(missing)


def test_a_share_names_a_measure_that_exists() -> None:
    keys = {measure.key for measure in measures.all_measures()}
    for measure in measures.all_measures():
        assert not measure.share_of or measure.share_of in keys, measure.key


@pytest.mark.parametrize(("key", "reader"), _cases())
def test_every_measure_equals_the_rows_of_its_list(
    published_world: World,  # noqa: F811
    client_for: Any,
    key: str,
    reader: str,
) -> None:
    measure = measures.get(key)
    assert measure is not None
    user = getattr(published_world, reader)
    if not user.has_perm(measure.permission):
        pytest.skip(f"{reader} does not read {key}")
    periods = _periods()
    counted = measures.count(measure, user, periods)
    client = client_for(user)
    wrong: list[str] = []
    with acting_as(user):
        townships = township_unions(counted.townships)
    for index, period in enumerate(periods):
        checks = [(None, counted.rows[index])]
        for path, union in townships.items():
            # a township's line (a yuan measure's lines are sums: its list is opened, not counted)
            checks.append((union.pk, None if measure.total else counted.townships[path][index]))
        for township_id, expected in checks:
            url = measure.url(period, township_id)
            listed = count_list_rows(client, url)
            if expected is None:
                continue
            if listed != expected:
                wrong.append(f"{key} {period.token} township={township_id}: {expected}, but {url} lists {listed}")
    assert not wrong, "\n".join(wrong)
    # the parts add up to the whole
    for index in range(len(periods)):
        assert sum(values[index] for values in counted.townships.values()) == counted.totals[index]


def test_a_measure_of_another_list_or_a_township_out_of_sight_lists_nothing(
    published_world: World,  # noqa: F811
    client_for: Any,
) -> None:
    all_measures = measures.all_measures()
    if len({m.url_name for m in all_measures}) < 2:
        pytest.skip("needs measures on two lists")
    first = all_measures[0]
    other = next(m for m in all_measures if m.url_name != first.url_name)
    period = calendar_year(timezone.localdate().year)
    client = client_for(published_world.alice)
    url = first.url(period).replace(f"measure={first.key}", f"measure={other.key}")
    assert count_list_rows(client, url) == 0
    # township B is out of township A's staff's sight: its drill-down is empty, not the whole list
    bob = client_for(published_world.bob)
    assert count_list_rows(bob, first.url(period, published_world.township_b.pk)) == 0
