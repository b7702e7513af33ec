"""Every URL pattern, as every user of a sibling subtree: nothing of the other subtree shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER

LEAKY_URLCONF = "gonghui.core.web.tests.leaky_urls"


def test_every_route_has_a_sampler_for_its_parameters():
    assert leakwalker.missing_samplers() == {}


def test_walker_sees_every_route():
    names = {route.name for route in leakwalker.routes()}
    # A few routes from each app, so a broken enumeration cannot pass silently.
    assert {
        "tree:union_list",
        "tree:union_detail",
        "accounts:user_detail",
        "audit:event_detail",
        "union-detail",
    } <= names
    assert len(names) >= 20


leakwalker.discover_samplers()
ROUTES = leakwalker.routes()


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.description or route.name)
def test_no_page_or_api_leaks_to_a_sibling_subtree(world, route):
    """One test per route (so the walk spreads over processes), every victim row created first."""
    values = leakwalker.sample_all(world)
    leaks = leakwalker.walk_route(route, world.intruders, values)
    assert leaks == [], "\n".join(map(str, leaks))


def test_every_marked_row_exists_before_the_walk(world, client_for):
    """A list walked first shows the victim's rows to those entitled: the walk has something to find."""
    # given the samplers run before the walk, as the walk runs them
    leakwalker.sample_all(world)

    # then township A's lists carry the marker for township A's own staff
    bob = client_for(world.bob)
    for name in ("organisations:employer_list", "members:worker_list", "assistance:file_list"):
        assert MARKER in bob.get(reverse(name)).content.decode(), name


def test_the_markers_are_visible_to_those_entitled(world, client_for):
    """Positive control: the walker's marker does show where it should, so its absence means something."""
    bob = client_for(world.bob)
    assert MARKER in bob.get(f"/unions/{world.union_c.pk}/").content.decode()
    sam = client_for(world.sam)
    assert MARKER.lower() in sam.get(f"/accounts/users/{world.carol.pk}/").content.decode()


@pytest.mark.urls(LEAKY_URLCONF)
def test_walker_catches_unscoped_views(world):
    leaks = leakwalker.walk(world, [world.dan], urlconf=LEAKY_URLCONF)
    leaked_urls = {leak.url for leak in leaks}
    assert f"/leaky/{world.union_c.pk}/" in leaked_urls
    assert "/leaky/" in leaked_urls
    assert f"/leaky/{world.union_c.pk}/silent/" in leaked_urls
    # ... and only those: the real routes stay clean.
    assert all(url.startswith("/leaky/") for url in leaked_urls), leaked_urls


def test_walker_reports_routes_it_cannot_fill(monkeypatch):
    monkeypatch.delitem(leakwalker.SAMPLERS, "union_id")
    missing = leakwalker.missing_samplers()
    assert "union_id" in missing
    assert any("unions/" in route for route in missing["union_id"])


def test_a_parameter_name_has_one_sampler_only():
    # given the sampler registered for union_id
    leakwalker.discover_samplers()

    # when another module registers a different sampler under the same name
    def another_union(world):
        return world.union_d.pk

    # then it is refused: one parameter sampled two ways would walk some routes with the wrong object
    with pytest.raises(ValueError, match="union_id"):
        leakwalker.sampler("union_id")(another_union)
    assert leakwalker.SAMPLERS["union_id"].__name__ == "_union"
