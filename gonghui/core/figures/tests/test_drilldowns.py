"""Generated: every published figure equals the number of rows its list shows, for every role that reads it.

One test per registered ``FigureSource`` and per account of the shared world whose role may read it.
The rows come from the world and from each module's ``tests/figure_data.py`` (``build(world)``),
built for every module at once; a module without one is checked on the world alone. A figure's
drill-down is requested as that user with the test client and its rows counted page by page
(``count_list_rows``): the list must open (200) and hold exactly as many rows as the figure says.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps

from gonghui.core import figures
from gonghui.core.accounts.roles import roles_with
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import ACCOUNTS, World

pytestmark = pytest.mark.django_db


def _cases() -> list[tuple[str, str]]:
    """(source, account of the world) for every account whose role may read the source."""
    return [
        (source.name, name)
        for source in figures.sources()
        for name, (_full, role, _union) in ACCOUNTS.items()
        if role in roles_with(source.permission)
    ]


def _data_builders() -> list[Any]:
    builders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        name = f"{config.name}.tests.figure_data"
        if importlib.util.find_spec(f"{config.name}.tests") is None or importlib.util.find_spec(name) is None:
            continue
        builders.append(importlib.import_module(name).build)
    return builders


@pytest.fixture
def published_world(world: World) -> Iterator[World]:
    """The world, the reference data, and every module's figure data."""
    reference_selectors.clear_cache()
    reference_load(actor=None)
    for build in _data_builders():
        build(world)
    yield world
    reference_selectors.clear_cache()


@pytest.mark.parametrize(("source_name", "reader"), _cases())
def test_every_figure_equals_the_rows_of_its_list(
    published_world: World, client_for: Any, source_name: str, reader: str
) -> None:
    user = getattr(published_world, reader)
    source = figures.registry.get_source(source_name)
    assert user.has_perm(source.permission)
    published = source.figures(user)
    keys = [figure.key for figure in published]
    assert len(keys) == len(set(keys)), "a source publishes each figure once"
    client = client_for(user)
    checked, wrong = 0, []
    for figure in published:
        if not figure.url:
            continue
        rows = count_list_rows(client, figure.url)
        checked += 1
        if rows != figure.value:
            wrong.append(f"{figure.key} = {figure.value}, but {figure.url} lists {rows}")
    assert not wrong, "\n".join(wrong)
    # Not vacuous: a reader who may open the lists had figures with rows to check.
    if any(figure.url for figure in published):
        assert checked
        assert any(figure.value for figure in published if figure.url)


def test_every_module_with_figures_publishes_a_source() -> None:
    assert {"organisations.coverage", "assistance.figures"} <= {source.name for source in figures.sources()}
