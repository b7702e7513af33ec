"""What the honours tests share: a county campaign with places for township A, workers, employers, the clock."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.honours import services
from gonghui.honours.models import AwardCampaign, Category, Nomination
from gonghui.members.models import Worker
from gonghui.members.tests.factories import make_worker
from gonghui.organisations.models import Employer

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def travel(day: date) -> Any:
    return time_machine.travel(at(day), tick=False)


def employer_of(union: Any, name: str) -> Employer:
    with system_scope("test data"):
        found = Employer.unscoped.filter(name=name).first()  # unscoped: the test finds its own employer
        return found or Employer.unscoped.create(union=union, name=name, headcount=120)  # unscoped: test data


def employer_c(world: World) -> Employer:
    return employer_of(world.union_c, f"丙机械厂{MARKER}")


def worker(world: World, name: str, *, member: bool = True, employer: Employer | None = None) -> Worker:
    with system_scope("test data"):
        found = make_worker(None, world.union_c, name=name, employer=employer or employer_c(world), phone="13912345678")
        if member:
            Worker.unscoped.filter(pk=found.pk).update(member_status=Worker.MemberStatus.ACTIVE)  # unscoped: test data
            found.refresh_from_db()
        return found


def campaign(world: World, *, places: int = 5, frontline: int | None = 60, leaders: int | None = 20) -> AwardCampaign:
    """The county's 五一劳动奖章 round, ``places`` medals for township A, one banner for it too."""
    obj = services.campaign_create(
        actor=world.alice,
        union=world.county,
        title=f"2026年度五一劳动奖章评选{MARKER}",
        year=2026,
        categories=[Category.MAY_DAY_MEDAL, Category.MAY_DAY_BANNER],
        min_frontline_percent=frontline,
        max_leader_percent=leaders,
        notice_working_days=5,
    )
    services.quota_set(
        actor=world.alice, campaign=obj, union=world.township_a, category=Category.MAY_DAY_MEDAL, places=places
    )
    services.quota_set(
        actor=world.alice, campaign=obj, union=world.township_a, category=Category.MAY_DAY_BANNER, places=1
    )
    return obj


def nominate(
    world: World,
    obj: AwardCampaign,
    name: str,
    *,
    frontline: bool = True,
    leader: bool = False,
    member: bool = True,
    employer: Employer | None = None,
) -> Nomination:
    return services.nomination_create(
        actor=world.bob,
        campaign=obj,
        union=world.township_a,
        category=Category.MAY_DAY_MEDAL,
        worker=worker(world, name, member=member, employer=employer),
        frontline=frontline,
        leader=leader,
        post="车工" if frontline else "厂长",
        deeds=f"技术革新能手{MARKER}",
    )


def to_notice(world: World, nomination: Nomination, *, starts: date, days: int = 5) -> Nomination:
    """Submit, review and publish ``nomination`` on ``starts`` (the reviewers are not its maker)."""
    with travel(starts):
        transition_perform(actor=world.bob, obj=nomination, name="submit")
        nomination.refresh_from_db()
        transition_perform(actor=world.alice, obj=nomination, name="review_township")
        nomination.refresh_from_db()
        transition_perform(actor=world.alice, obj=nomination, name="review_county")
        nomination.refresh_from_db()
        transition_perform(
            actor=world.alice, obj=nomination, name="publish", data={"starts_on": starts, "working_days": days}
        )
    nomination.refresh_from_db()
    return nomination
