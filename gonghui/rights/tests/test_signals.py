"""The periodic job: dispatch over quota once per employer, month-on-month drop, confirm or dismiss (audited)."""

from __future__ import annotations

from datetime import date

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.members.models import Worker
from gonghui.members.tests.factories import make_worker
from gonghui.rights.models import Alert
from gonghui.rights.signals import signals_check
from gonghui.rights.tests.factories import make_employer


def _staff(world: World, employer, regular: int, dispatched: int) -> list[Worker]:
    made = []
    for i in range(regular + dispatched):
        category = Worker.Category.DISPATCHED if i < dispatched else Worker.Category.REGULAR
        made.append(make_worker(None, world.union_c, name=f"职工{i}", employer=employer, category=category))
    return made


def _alerts(**filters) -> list[Alert]:
    with system_scope("the test reads the alerts"):
        return list(Alert.unscoped.filter(**filters))  # unscoped: the test reads the table


def test_over_quota_is_raised_once_per_employer_and_not_at_exactly_ten_percent(world: World) -> None:
    over = make_employer(world.union_c)
    _staff(world, over, regular=17, dispatched=3)  # 3 of 20: 15 %
    exact = make_employer(world.union_c)
    _staff(world, exact, regular=18, dispatched=2)  # 2 of 20: exactly 10 %, within quota
    result = signals_check(today=date(2026, 11, 3))
    assert result.dispatch_raised == 1
    raised = _alerts(signal="dispatch_over_quota")
    assert [(a.employer_id, a.state, a.automatic, a.dispatched, a.workforce) for a in raised] == [
        (over.pk, "raised", True, 3, 20)
    ]
    # the next run raises nothing while it is open
    assert signals_check(today=date(2026, 11, 4)).dispatch_raised == 0
    transition_perform(actor=world.bob, obj=raised[0], name="confirm")
    assert signals_check(today=date(2026, 11, 5)).dispatch_raised == 0
    assert len(_alerts(signal="dispatch_over_quota")) == 1


def test_dismissing_is_audited_and_the_same_numbers_are_not_raised_again(world: World) -> None:
    employer = make_employer(world.union_c)
    workers = _staff(world, employer, regular=8, dispatched=2)  # 20 %
    signals_check(today=date(2026, 11, 3))
    (alert,) = _alerts(signal="dispatch_over_quota")
    transition_perform(actor=world.bob, obj=alert, name="dismiss", note="派遣工已转为合同工，登记未更新")
    with system_scope("the test reads the audit log"):
        event = AuditEvent.objects.get(object_type="rights.alert", object_id=str(alert.pk), action="transition")
    assert event.actor_id == world.bob.pk
    assert "dismiss" in event.note
    assert signals_check(today=date(2026, 11, 4)).dispatch_raised == 0
    # new numbers: raised again for staff to look at
    make_worker(None, world.union_c, name="新派遣", employer=employer, category=Worker.Category.DISPATCHED)
    assert workers
    assert signals_check(today=date(2026, 11, 5)).dispatch_raised == 1


def test_a_month_on_month_drop_is_raised_once(world: World) -> None:
    employer = make_employer(world.union_c)
    workers = _staff(world, employer, regular=20, dispatched=0)
    signals_check(today=date(2026, 10, 20))  # October's count: 20
    from gonghui.members.services import worker_update

    for worker in workers[:10]:
        worker_update(actor=None, worker=worker, employer=None)
    result = signals_check(today=date(2026, 11, 2))  # November: 10, half gone
    assert result.drop_raised == 1
    (alert,) = _alerts(signal="workforce_drop")
    assert (alert.previous_workers, alert.workers, alert.level) == (20, 10, "orange")
    assert signals_check(today=date(2026, 11, 3)).drop_raised == 0
