"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): one in each township.

For the measures, each township also has a nomination commended this year, and township A one
commended last year; both model workers were cared for last year too, and township B keeps a model
worker honoured this year (on the register at this year's end, not at last year's).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.honours.models import AwardCampaign, CareRecord, Category, ModelWorker, Nomination, Quota
from gonghui.honours.workflows import NominationState


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
        today = timezone.localdate()
        day = max(date(year, 1, 1), today - timedelta(days=5))
        last_year = AwardCampaign.unscoped.create(  # unscoped: test data written directly
            union=world.county,
            title="上年度五一劳动奖状评选",
            year=year - 1,
            categories=[Category.MAY_DAY_BANNER],
        )
        for key, union, round_, commended_on in (
            ("a", world.union_c, campaign, day),
            ("b", world.union_d, campaign, day),
            ("a", world.union_c, last_year, date(year - 1, 5, 10)),
        ):
            Nomination.unscoped.create(  # unscoped: test data
                campaign=round_,
                union=union,
                category=Category.MAY_DAY_BANNER,
                name=f"{union.name}表彰集体{commended_on.year}{MARKER if key == 'a' else ''}",
                deeds="事迹",
                state=NominationState.COMMENDED,
                commended_on=commended_on,
            )
        for key, kind in (("a", CareRecord.Kind.REST_STAY), ("b", CareRecord.Kind.VISIT)):
            worker = rows[f"model_worker_{key}"]
            CareRecord.unscoped.create(  # unscoped: test data
                union=worker.union, model_worker=worker, kind=kind, on=date(year - 1, 3, 1)
            )
        ModelWorker.unscoped.create(  # unscoped: test data
            union=world.union_d, name="劳模丙", level="county", honour="县劳动模范", honoured_year=year
        )
    return rows
