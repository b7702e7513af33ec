"""Leak-walker samplers: rows of township A's subtree (union C), marked, one per URL parameter."""

from __future__ import annotations

from datetime import date

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.honours.models import AwardCampaign, Category, ModelWorker, Nomination, Objection, RestStayBatch


def _campaign(world: World) -> AwardCampaign:
    campaign, _ = AwardCampaign.unscoped.get_or_create(  # unscoped: township A's sample row for the leak walker
        union=world.township_a,
        title=f"甲镇评选样例{MARKER}",
        defaults={"year": 2026, "categories": [Category.MAY_DAY_MEDAL], "min_frontline_percent": 60},
    )
    return campaign


@leakwalker.sampler("award_campaign_id")
def _award_campaign(world: World) -> int:
    with system_scope("leak-walker sample data"):
        return _campaign(world).pk


def _nomination(world: World) -> Nomination:
    campaign = _campaign(world)
    nomination, _ = Nomination.unscoped.get_or_create(  # unscoped: township A's sample row for the leak walker
        campaign=campaign,
        union=world.union_c,
        name=f"丙公司先进集体{MARKER}",
        defaults={"category": Category.MAY_DAY_BANNER, "deeds": f"事迹{MARKER}"},
    )
    return nomination


@leakwalker.sampler("nomination_id")
def _nomination_id(world: World) -> int:
    with system_scope("leak-walker sample data"):
        return _nomination(world).pk


@leakwalker.sampler("objection_id")
def _objection(world: World) -> int:
    with system_scope("leak-walker sample data"):
        nomination = _nomination(world)
        objection, _ = Objection.unscoped.get_or_create(  # unscoped: township A's sample row for the leak walker
            nomination=nomination, union=world.union_c, text=f"异议样例{MARKER}"
        )
        return objection.pk


@leakwalker.sampler("model_worker_id")
def _model_worker(world: World) -> int:
    with system_scope("leak-walker sample data"):
        obj, _ = ModelWorker.unscoped.get_or_create(  # unscoped: township A's sample row for the leak walker
            union=world.union_c,
            name=f"劳模样例{MARKER}",
            defaults={
                "level": "county",
                "honour": f"县劳动模范{MARKER}",
                "honoured_year": 2020,
                "phone": "13900001111",
            },
        )
        return obj.pk


@leakwalker.sampler("rest_batch_id")
def _rest_batch(world: World) -> int:
    with system_scope("leak-walker sample data"):
        obj, _ = RestStayBatch.unscoped.get_or_create(  # unscoped: township A's sample row for the leak walker
            union=world.township_a,
            name=f"疗休养样例{MARKER}",
            defaults={"place": "千岛湖", "starts_on": date(2026, 7, 1), "places": 20},
        )
        return obj.pk
