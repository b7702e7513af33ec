"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): one in each township."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.honours.models import AwardCampaign, CareRecord, Category, ModelWorker, Nomination, Quota


def build(world: World) -> dict[str, Any]:
    year = timezone.localdate().year
    with system_scope("the figure test's rows"):
        campaign = AwardCampaign.unscoped.create(  # unscoped: test data written directly
            union=world.county,
            title=f"五一劳动奖章评选{MARKER}",
            year=year,
            categories=[Category.MAY_DAY_MEDAL, Category.MAY_DAY_BANNER],
            min_frontline_percent=60,
        )
        rows: dict[str, Any] = {"campaign": campaign}
        for key, union in (("a", world.union_c), ("b", world.union_d)):
            Quota.unscoped.create(
                campaign=campaign, union=union, category=Category.MAY_DAY_MEDAL, places=2
            )  # unscoped: test data
            rows[key] = Nomination.unscoped.create(  # unscoped: test data
                campaign=campaign,
                union=union,
                category=Category.MAY_DAY_BANNER,
                name=f"{union.name}先进集体{MARKER if key == 'a' else ''}",
                deeds="事迹",
            )
            worker = ModelWorker.unscoped.create(  # unscoped: test data
                union=union,
                name=f"劳模{key}{MARKER if key == 'a' else ''}",
                level="city",
                honour="市劳动模范",
                honoured_year=2019,
            )
            rows[f"model_worker_{key}"] = worker
            CareRecord.unscoped.create(  # unscoped: test data
                union=union, model_worker=worker, kind=CareRecord.Kind.HEALTH_CHECK, on=date(year, 1, 5)
            )
    return rows
