"""Leak-walker samplers of the reference pages. A kind names a code list, not an object of a union."""

from __future__ import annotations

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import World

leakwalker.NON_OBJECT_PARAMETERS.add("kind")


@leakwalker.enumerated("kind")
def _every_kind() -> list[str]:
    from gonghui.core.reference.kinds import KINDS

    return sorted(KINDS)


@leakwalker.sampler("kind")
def _kind(world: World) -> str:
    return "industry"
