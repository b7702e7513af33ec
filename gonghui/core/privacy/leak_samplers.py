"""Leak-walker samplers for the unmask URL: Carol's phone, in township A's subtree."""

from __future__ import annotations

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import World


@leakwalker.sampler("model_label")
def _model_label(world: World) -> str:
    return "accounts.user"


@leakwalker.sampler("holder_id")
def _holder_id(world: World) -> int:
    # Carol (grassroots union C, township A): her name carries the marker.
    return world.carol.pk


@leakwalker.sampler("field_name")
def _field_name(world: World) -> str:
    return "phone"
