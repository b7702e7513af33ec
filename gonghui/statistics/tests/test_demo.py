"""The statistics form's demo step: forms begun for a few grassroots unions, through the service."""

from __future__ import annotations

import random
from datetime import date

from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty, steps
from gonghui.core.testing.world import PASSWORD, World
from gonghui.core.tree.scoping import system_scope
from gonghui.statistics.models import StatisticsCode, StatisticsReport
from gonghui.statistics.selectors import default_year


def test_the_demo_begins_last_years_forms_with_their_codes(world: World) -> None:
    lines: list[str] = []
    ctx = DemoContext(random.Random(5), SIZES["small"], date(2026, 11, 24), PASSWORD, lines.append)
    ctx.put(DemoCounty(county=world.county, townships=[world.township_a], grassroots=[world.union_c, world.union_d]))
    step = {name: function for _order, name, function in steps()}["statistics"]
    with system_scope("the demo county"):
        step(ctx)
        reports = list(StatisticsReport.unscoped.filter(year=default_year()))  # unscoped: the demo's rows
        codes = set(StatisticsCode.unscoped.values_list("code", flat=True))  # unscoped: the demo's rows
    assert {report.union_id for report in reports} == {world.union_c.pk, world.union_d.pk}
    assert all(report.state == "draft" and report.code for report in reports)
    assert len(codes) == 2
    assert lines == ["statistics: 2 forms begun"]
