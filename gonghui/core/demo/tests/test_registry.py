"""What a demo step leaves for the next is typed: the county's tree, and each module's own part."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import pytest

from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty
from gonghui.core.testing.world import World


@dataclass
class Built:
    files: int


def test_steps_publish_and_read_typed_parts(world: World) -> None:
    ctx = DemoContext(random.Random(1), SIZES["small"], date(2026, 11, 24), "x", print)
    # before the tree step, asking for the county says which part is missing
    with pytest.raises(LookupError, match="DemoCounty"):
        _ = ctx.county
    ctx.put(DemoCounty(county=world.county, townships=[world.township_a], grassroots=[world.union_c, world.union_d]))
    ctx.put(Built(files=3))
    assert ctx.county.below(world.township_a, ctx.county.grassroots) == [world.union_c]
    assert ctx.get(Built).files == 3
