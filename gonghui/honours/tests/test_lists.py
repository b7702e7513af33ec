"""A nominating union's list: the quota and the composition rules at their boundaries, and submission."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.testing.world import World
from gonghui.honours import rules, services
from gonghui.honours.models import Category
from gonghui.honours.tests.helpers import campaign, nominate


def test_a_share_exactly_at_the_minimum_keeps_the_rule_and_one_below_breaks_it(world: World) -> None:
    obj = campaign(world, places=10, frontline=60, leaders=None)
    for i in range(3):
        nominate(world, obj, f"一线{i}")
    nominate(world, obj, "技术员甲", frontline=False)
    nominate(world, obj, "技术员乙", frontline=False)
    share = rules.list_status(obj, world.township_a.pk).shares[0]
    assert (share.count, share.total, share.percent, share.broken) == (3, 5, 60, False)  # 3 of 5 = 60 %
    assert share.text == "一线职工占比 60%，不低于 60%"
    nominate(world, obj, "技术员丙", frontline=False)
    share = rules.list_status(obj, world.township_a.pk).shares[0]
    assert (share.count, share.total, share.percent, share.broken) == (3, 6, 50, True)
    assert share.text == "一线职工占比 50%，低于 60%"
    # a fraction just under the limit is broken even where the rounded percent is not: 11 of 19 = 57.9 %
    status = rules.Share("frontline", 3, 5, 60, True)
    assert not status.broken
    assert rules.Share("frontline", 59, 100, 60, True).broken
    assert rules.Share("frontline", 599, 1000, 60, True).percent == 60
    assert rules.Share("frontline", 599, 1000, 60, True).broken


def test_the_leader_share_is_a_maximum(world: World) -> None:
    obj = campaign(world, places=10, frontline=None, leaders=20)
    for i in range(4):
        nominate(world, obj, f"一线{i}")
    nominate(world, obj, "厂长甲", frontline=False, leader=True)
    share = rules.list_status(obj, world.township_a.pk).shares[0]
    assert (share.count, share.total, share.broken) == (1, 5, False)  # 20 %: at the limit
    nominate(world, obj, "厂长乙", frontline=False, leader=True)
    share = rules.list_status(obj, world.township_a.pk).shares[0]
    assert share.broken
    assert share.text == "领导人员占比 33%，高于 20%"


def test_the_quota_is_full_at_its_places_and_a_category_without_places_is_closed(world: World) -> None:
    obj = campaign(world, places=2, frontline=None, leaders=None)
    nominate(world, obj, "甲")
    nominate(world, obj, "乙")
    status = rules.list_status(obj, world.township_a.pk)
    medal = next(row for row in status.categories if row.category == Category.MAY_DAY_MEDAL)
    assert (medal.used, medal.places, medal.over) == (2, 2, False)
    with pytest.raises(ValidationError, match="places in this category are all taken"):
        nominate(world, obj, "丙")
    # township B was given no places: it cannot nominate at all
    with pytest.raises(ValidationError):
        services.nomination_create(
            actor=world.bea,
            campaign=obj,
            union=world.township_b,
            category=Category.MAY_DAY_BANNER,
            name="丁公司",
            deeds="事迹",
        )


def test_the_candidate_being_entered_is_counted_live(world: World) -> None:
    obj = campaign(world, places=10, frontline=60, leaders=None)
    for i in range(3):
        nominate(world, obj, f"一线{i}")
    nominate(world, obj, "技术员甲", frontline=False)
    candidate: dict[str, Any] = {"category": Category.MAY_DAY_MEDAL, "frontline": False, "leader": False}
    share = rules.list_status(obj, world.township_a.pk, candidate=candidate).shares[0]
    assert (share.count, share.total, share.broken) == (3, 5, False)
    nominate(world, obj, "技术员乙", frontline=False)
    share = rules.list_status(obj, world.township_a.pk, candidate=candidate).shares[0]
    assert (share.count, share.total, share.broken) == (3, 6, True)


def test_submission_is_refused_while_the_list_breaks_a_rule_and_withdrawing_frees_it(world: World) -> None:
    from gonghui.core.workflow.services import transition_perform

    obj = campaign(world, places=10, frontline=60, leaders=None)
    nominate(world, obj, "一线甲")
    second = nominate(world, obj, "技术员甲", frontline=False)
    with pytest.raises(ValidationError, match="一线职工占比 50%，低于 60%"):
        services.nominations_submit(actor=world.bob, campaign=obj, union=world.township_a)
    # the single step refuses as well
    with pytest.raises(ValidationError):
        transition_perform(actor=world.bob, obj=second, name="submit")
    transition_perform(actor=world.bob, obj=second, name="withdraw")
    assert services.nominations_submit(actor=world.bob, campaign=obj, union=world.township_a) == 1
    with pytest.raises(ValidationError, match="Nothing to submit"):
        services.nominations_submit(actor=world.bob, campaign=obj, union=world.township_a)


def test_the_maker_does_not_review_their_own_nomination(world: World) -> None:
    from gonghui.core.workflow.services import transition_perform

    obj = campaign(world, places=10, frontline=None, leaders=None)
    nomination = services.nomination_create(
        actor=world.alice,
        campaign=obj,
        union=world.township_a,
        category=Category.MAY_DAY_BANNER,
        name="丙机械厂",
        deeds="事迹",
    )
    transition_perform(actor=world.alice, obj=nomination, name="submit")
    nomination.refresh_from_db()
    with pytest.raises(ValidationError, match="Someone other than"):
        transition_perform(actor=world.alice, obj=nomination, name="review_township")
    transition_perform(actor=world.bob, obj=nomination, name="review_township")
