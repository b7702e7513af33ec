"""Leak-walker samplers: a worker request of union C (township A), marked, with a contact and a reply."""

from __future__ import annotations

from datetime import date

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.requests import services
from gonghui.requests.models import Request


@leakwalker.sampler("worker_request_id")
def _request(world: World) -> int:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample row for the leak walker
        found = Request.unscoped.filter(union=world.union_c, employer_name=f"丙公司{MARKER}").first()
        if found is None:
            found = services.request_record(
                actor=None,
                channel=Request.Channel.HOTLINE,
                category=Request.Category.WAGES,
                contact_name=f"样例{MARKER}",
                contact_phone="13912345678",
                description=f"拖欠工资三个月{MARKER}",
                received_on=date(2025, 6, 3),
                union=world.union_c,
                employer_name=f"丙公司{MARKER}",
            )
    return found.pk
