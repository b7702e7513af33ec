"""Every route, with ids no object has and query values no form would send: never a server error."""

from __future__ import annotations

import pytest

from gonghui.core.testing import leakwalker

pytestmark = pytest.mark.walker

leakwalker.discover_samplers()
ROUTES = leakwalker.routes()


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.description or route.name)
def test_oversized_and_malformed_parameters_answer_no_server_error(world, route):
    # The roles that hold data permissions, at county, centre, grassroots and worker level. The
    # security and audit administrators hold none (test_separation_of_duties): every module page
    # refuses them before reading a parameter, so probing them too would only repeat that refusal.
    users = [world.alice, world.ann, world.carol, world.wendy]
    errors = leakwalker.probe(world, route, users)
    assert errors == [], "\n".join(map(str, errors))
