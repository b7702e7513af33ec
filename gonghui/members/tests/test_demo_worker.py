"""The demo's worker account: linked by the member registry step to a current member of its union, with a card."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty, steps
from gonghui.core.testing.world import PASSWORD, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.demo import DEMO_WORKER
from gonghui.members.models import Membership
from gonghui.members.selectors import worker_for_account
from gonghui.members.selectors_mine import my_membership
from gonghui.members.tests.test_demo import STEPS, TODAY

pytestmark = pytest.mark.usefixtures("reference")


def test_the_member_registry_step_links_demo_worker_to_a_member_with_a_card(world: World) -> None:
    # unscoped: the demo's account, as the accounts step makes it
    account = User.unscoped.create(
        username=DEMO_WORKER, full_name="演示职工", role=Role.WORKER, union=world.union_c, password="!"
    )
    lines: list[str] = []
    ctx = DemoContext(random.Random(5), SIZES["small"], TODAY, PASSWORD, lines.append)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    registered = {name: function for _order, name, function in steps()}
    with system_scope("demo"):
        for name in STEPS:
            registered[name](ctx)
    worker = worker_for_account(account)
    assert worker is not None
    assert worker.card_number
    with system_scope("test"):
        current = Membership.unscoped.get(worker=worker, status__in=Membership.CURRENT)
        account.refresh_from_db()
    assert current.union == world.union_c
    assert current.last_dues_on is not None
    assert not current.needs_follow_up(timezone.localdate())
    assert account.full_name == worker.name
    assert f"demo_worker is {worker.name}" in lines[-1]
    mine = my_membership(account)
    assert mine is not None
    assert mine.current == current
    assert not mine.dues_overdue
