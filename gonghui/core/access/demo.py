"""Demo step: a few account requests, one of them overdue and escalated."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from gonghui.core.access.models import AccountRequest
from gonghui.core.access.services import account_request_create
from gonghui.core.accounts.demo import person_name, phone
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.workflow.declaration import workflow_for
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import deadline_for, deadlines_check


@demo_step(30, "account requests")
def build_account_requests(ctx: DemoContext) -> None:
    requester = User.unscoped.get(username="demo_township")
    township = requester.union
    unions = ctx.county.below(township, ctx.county.grassroots)[:4] or [township]
    roles = [Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.GRASSROOTS_OFFICER, Role.WORKER]
    created = []
    for i, role in enumerate(roles):
        union = unions[i % len(unions)]
        created.append(
            account_request_create(
                actor=requester,
                union=union if role != Role.UNION_STAFF else township,
                full_name=person_name(ctx),
                username=f"applicant{i + 1:03d}",
                role=role,
                reason="新任工会干部，需要录入会员信息。" if role != Role.WORKER else "职工本人查询会籍。",
                phone=phone(ctx),
            )
        )
    # The first request waited two weeks: its deadline has passed and the check escalates it.
    overdue = created[0]
    started = ctx.today - timedelta(days=14)
    at = timezone.make_aware(datetime.combine(started, time(9, 30)))
    AccountRequest.unscoped.filter(pk=overdue.pk).update(created_at=at)
    TimelineEntry.unscoped.filter(workflow="account_request", object_id=overdue.pk).update(at=at)
    # The deadline as the request's workflow would have opened it that day (its own rule).
    deadline = deadline_for(
        workflow_for(overdue),
        overdue,
        overdue.state,
        entered_on=started,
        union_id=overdue.union_id,
        responsible_union_id=overdue.union_id,
    )
    assert deadline is not None
    Deadline.unscoped.filter(workflow="account_request", object_id=overdue.pk).update(
        started_on=deadline.started_on, due_on=deadline.due_on, provisional=deadline.provisional
    )
    result = deadlines_check(today=ctx.today)
    ctx.write(f"    {len(created)} account requests ({result.overdue} overdue, {result.escalated} escalated)")
