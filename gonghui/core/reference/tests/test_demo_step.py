"""The demo county loads the reference data in its own step, before the union tree."""

from __future__ import annotations

import random
from datetime import date

from gonghui.core.demo.registry import SIZES, DemoContext, steps
from gonghui.core.reference.models import Division, Industry


def test_the_demo_step_is_registered_before_the_tree(db):
    ordered = [(order, name) for order, name, _step in steps()]
    assert (5, "reference data") in ordered
    assert ordered.index((5, "reference data")) < ordered.index((10, "union tree"))


def test_the_demo_step_loads_the_data(db):
    lines: list[str] = []
    ctx = DemoContext(random.Random(1), SIZES["small"], date(2026, 1, 1), "x", lines.append)
    step = next(function for _order, name, function in steps() if name == "reference data")
    step(ctx)
    assert Industry.objects.count() == 117
    assert Division.objects.filter(level="township").count() == 10
    assert lines
    assert "industry 117" in lines[0]
