"""The demo county's account requests: a few submitted, one overdue and escalated."""

from __future__ import annotations

import random
from datetime import date

from gonghui.core.access.models import AccountRequest
from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import user_create
from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty, steps
from gonghui.core.testing.world import PASSWORD
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline


def test_the_demo_step_adds_requests_one_of_them_escalated(world):
    # given what the earlier steps leave: grassroots unions, and the township's demo account
    lines: list[str] = []
    ctx = DemoContext(random.Random(7), SIZES["small"], date(2026, 11, 24), PASSWORD, lines.append)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.joint_a, world.union_d],
        )
    )
    step = next(function for order, name, function in steps() if name == "account requests")
    with system_scope("demo"):
        user_create(
            actor=None,
            username="demo_township",
            full_name="演示",
            union=world.township_a,
            role=Role.UNION_STAFF,
            password=PASSWORD,
        )
        # when the step runs
        step(ctx)
        # then four requests wait for approval in the township's subtree, one overdue and escalated
        requests = AccountRequest.unscoped.filter(username__startswith="applicant")
        assert requests.count() == 4
        assert all(r.union.path.startswith(world.township_a.path) for r in requests)
        escalated = Deadline.unscoped.filter(escalated_at__isnull=False, workflow="account_request")
        assert escalated.get().escalated_to == world.township_a
    assert "4 account requests (1 overdue, 1 escalated)" in lines[-1]
