"""Every route, with ids no object has and query values no form would send: never a server error."""

from __future__ import annotations

import pytest

from gonghui.core.testing import leakwalker

leakwalker.discover_samplers()
ROUTES = leakwalker.routes()


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.description or route.name)
def test_oversized_and_malformed_parameters_answer_no_server_error(world, route):
    users = [world.alice, world.ann, world.carol, world.wendy, world.sam, world.audrey]
    errors = leakwalker.probe(world, route, users)
    assert errors == [], "\n".join(map(str, errors))
