"""Workflow: the reminders count on every page, the hourly deadline check, one transition.

Data: a county with 20 townships and 400 grassroots unions; 20,000 open account requests with
their deadlines (due dates spread over the last 30 and next 30 days, so about half are
overdue), built in bulk. Measured: the top bar's reminder count for a county security
administrator and for a township's union staff, the reminders page's query, the deadline check
(marking overdue and escalating a few thousand), one reject step, and the calendar arithmetic.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from bench.harness import Bench
from gonghui.core.access.models import AccountRequest
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.calendar import statutory
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.web.reminders import ReminderList, count_for
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.selectors import reminder_deadlines_for_user
from gonghui.core.workflow.services import deadlines_check, roles_text, transition_perform

TOWNSHIPS = 20
GRASSROOTS_PER_TOWNSHIP = 20
REQUESTS = 20_000
TODAY = date(2026, 6, 15)


def build() -> dict[str, object]:
    rng = random.Random(2026)
    with system_scope("benchmark data"), transaction.atomic():
        county = Union.add_root(name="县总工会", kind=Union.Kind.COUNTY)
        grassroots: list[Union] = []
        townships = []
        for t in range(TOWNSHIPS):
            township = county.add_child(name=f"镇{t}", kind=Union.Kind.TOWNSHIP)
            townships.append(township)
            for g in range(GRASSROOTS_PER_TOWNSHIP):
                grassroots.append(township.add_child(name=f"镇{t}公司{g}工会", kind=Union.Kind.GRASSROOTS))
        password = make_password("Bench#Pass2026")
        sam = User.unscoped.create(
            username="sec", full_name="安全", union=county, role=Role.SECURITY_ADMIN, password=password
        )
        staff = User.unscoped.create(
            username="staff", full_name="镇干部", union=townships[0], role=Role.UNION_STAFF, password=password
        )
        requests = [
            AccountRequest(
                union=rng.choice(grassroots),
                full_name=f"申请人{i}",
                username=f"applicant{i}",
                role=Role.WORKER,
                reason="查询",
                requested_by=staff,
            )
            for i in range(REQUESTS)
        ]
        AccountRequest.unscoped.bulk_create(requests, batch_size=1000)
        content_type = ContentType.objects.get_for_model(AccountRequest)
        deadlines = []
        for request in AccountRequest.unscoped.only("pk", "union_id"):
            started = TODAY - timedelta(days=rng.randint(0, 35))
            deadlines.append(
                Deadline(
                    content_type=content_type,
                    object_id=request.pk,
                    union_id=request.union_id,
                    workflow="account_request",
                    state="submitted",
                    started_on=started,
                    due_on=statutory.add_working_days(started, 3),
                    rule_kind="working",
                    rule_days=3,
                    responsible_union_id=request.union_id,
                    responsible_roles=roles_text({Role.SECURITY_ADMIN}),
                    escalation_roles=roles_text({Role.SECURITY_ADMIN, Role.COUNTY_ADMIN, Role.UNION_STAFF}),
                )
            )
        Deadline.unscoped.bulk_create(deadlines, batch_size=1000)
    return {"sam": sam, "staff": staff}


def reset_check() -> None:
    with system_scope("benchmark reset"):
        Deadline.unscoped.update(overdue_since=None, escalated_at=None, escalated_to=None)
        TimelineEntry.unscoped.filter(kind=TimelineEntry.Kind.ESCALATION).delete()


def run(bench: Bench) -> None:
    with bench.step(f"build {REQUESTS:,} requests with deadlines"):
        data = build()
    sam, staff = data["sam"], data["staff"]
    if connection.vendor == "postgresql":
        # As autovacuum would within a minute of the bulk insert.
        with bench.step("VACUUM ANALYZE"), connection.cursor() as cursor:
            for table in ("tree_union", "workflow_deadline", "access_accountrequest"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    sam = User.unscoped.select_related("union").get(pk=sam.pk)  # type: ignore[attr-defined]
    staff = User.unscoped.select_related("union").get(pk=staff.pk)  # type: ignore[attr-defined]
    bench.figure("reminders of the county security administrator", count_for(sam))
    with acting_as(sam):
        # SQLite's EXPLAIN takes no options at all (not even analyze=False).
        options = {"analyze": True} if connection.vendor == "postgresql" else {}
        plan = reminder_deadlines_for_user(sam).order_by().explain(**options)
    bench.text("reminder count query plan (county security admin)", plan)
    bench.measure("reminder count (top bar), county security admin", lambda: count_for(sam), group="reminders")
    bench.measure("reminder count (top bar), township union staff", lambda: count_for(staff), group="reminders")
    bench.measure(
        "reminders page's rows with their objects (first page of 50)",
        lambda: ReminderList(sam)[:50],
        group="reminders",
        repeat=20,
        warmup=2,
    )
    result = {}

    def check(_: int) -> None:
        result["last"] = deadlines_check(today=TODAY)

    bench.measure_runs(
        f"deadline check over {REQUESTS:,} open deadlines (mark + escalate)",
        check,
        runs=3,
        setup=lambda _: reset_check(),
        group="check",
    )
    bench.figure("escalated per check", result["last"].escalated)
    bench.measure(
        "deadline check with nothing new", lambda: deadlines_check(today=TODAY), group="check", repeat=5, warmup=1
    )

    with system_scope("benchmark"):
        pending = list(AccountRequest.unscoped.filter(state="submitted").order_by("pk")[:40])

    def reject(i: int) -> None:
        transition_perform(actor=sam, obj=pending[i], name="reject", note="基准测试")

    bench.measure_runs("one reject step (state, timeline, audit, deadlines)", reject, runs=30, group="transition")
    bench.measure(
        "add_working_days(start, 15) across the Spring Festival",
        lambda: statutory.add_working_days(date(2026, 2, 10), 15),
        group="calendar",
        queries=False,
    )
    bench.measure(
        "calendar_period_end(start, 15)",
        lambda: statutory.calendar_period_end(date(2026, 9, 17), 15),
        group="calendar",
        queries=False,
    )
