"""Signals computed from what the platform already holds, raised by a daily periodic job.

* **Dispatch over quota**: the member registry's dispatched workers of an employer over 10 % of
  its workers there (``rules.dispatch_over_quota``). Raised once per employer: not again while
  its signal is open (a partial unique index backs this), nor after a dismissal while the numbers
  are the ones staff dismissed.
* **Workforce drop**: the employer's workers in the registry fell since last month by the level
  table's ``[automatic]`` thresholds (``rules.workforce_dropped``). The month's count of each
  employer is kept (``WorkforceCount``) to compare with next month's. Raised once per employer
  and month.

A raised signal is never acted on silently: it waits in the state "raised automatically" for
staff to confirm or dismiss it (``workflows.AlertFlow``), with a deadline and reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.core.tree.scoping import system_scope
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations
from gonghui.rights import rules
from gonghui.rights.models import Alert, Signal, WorkforceCount
from gonghui.rights.services import alert_create
from gonghui.rights.workflows import OPEN_ALERT_STATES, AlertState

# Selectors read in the job's system scope (no actor: the surrounding scope).
SYSTEM: Any = None


@dataclass
class SignalCheck:
    dispatch_raised: int = 0
    drop_raised: int = 0
    counted: int = 0


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def signals_check(*, today: date | None = None) -> SignalCheck:
    """Count each employer's workforce in the registry and raise the signals it shows (run daily)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    result = SignalCheck()
    with system_scope("daily labour-relations signal check of the member registry"):
        counts = members.workforce_by_employer(SYSTEM)
        result.counted = _keep_counts(counts, month)
        previous = dict(
            WorkforceCount.objects.filter(month=previous_month(month)).values_list("employer_id", "workers")
        )
        result.dispatch_raised = _raise_dispatch(counts, today)
        result.drop_raised = _raise_drops(counts, previous, today, month)
    return result


def _keep_counts(counts: dict[int, tuple[int, int]], month: date) -> int:
    kept = {
        row[0]: row[1:]
        for row in WorkforceCount.objects.filter(month=month).values_list("employer_id", "workers", "dispatched", "id")
    }
    new = []
    for employer_id, (workers, dispatched) in counts.items():
        if employer_id not in kept:
            new.append(WorkforceCount(employer_id=employer_id, month=month, workers=workers, dispatched=dispatched))
        elif kept[employer_id][:2] != (workers, dispatched):
            WorkforceCount.objects.filter(pk=kept[employer_id][2]).update(workers=workers, dispatched=dispatched)
    WorkforceCount.objects.bulk_create(new, batch_size=500)
    return len(counts)


def _raise_dispatch(counts: dict[int, tuple[int, int]], today: date) -> int:
    over = {e: c for e, c in counts.items() if rules.dispatch_over_quota(c[1], c[0])}
    if not over:
        return 0
    # unscoped: the periodic job reads every employer's automatic signals (in its system scope)
    automatic = Alert.unscoped.filter(automatic=True, signal=Signal.DISPATCH_OVER_QUOTA, employer_id__in=list(over))
    open_ = set(automatic.filter(state__in=OPEN_ALERT_STATES).values_list("employer_id", flat=True))
    dismissed = set(automatic.filter(state=AlertState.DISMISSED).values_list("employer_id", "workforce", "dispatched"))
    raised = 0
    for employer_id, (workers, dispatched) in sorted(over.items()):
        if employer_id in open_ or (employer_id, workers, dispatched) in dismissed:
            continue
        employer = organisations.get_employer_for_user(SYSTEM, employer_id)
        alert_create(
            actor=None,
            employer=employer,
            signal=Signal.DISPATCH_OVER_QUOTA,
            observed_on=today,
            workforce=workers,
            dispatched=dispatched,
            automatic=True,
        )
        raised += 1
    return raised


def _raise_drops(counts: dict[int, tuple[int, int]], previous: dict[int, int], today: date, month: date) -> int:
    dropped = {}
    for employer_id, before in previous.items():
        now = counts.get(employer_id, (0, 0))[0]
        if rules.workforce_dropped(before, now):
            dropped[employer_id] = (before, now)
    if not dropped:
        return 0
    # unscoped: the periodic job reads every employer's automatic signals (in its system scope)
    automatic = Alert.unscoped.filter(automatic=True, signal=Signal.WORKFORCE_DROP, employer_id__in=list(dropped))
    done = set(automatic.filter(state__in=OPEN_ALERT_STATES).values_list("employer_id", flat=True)) | set(
        automatic.filter(observed_on__gte=month).values_list("employer_id", flat=True)
    )
    raised = 0
    for employer_id, (before, now) in sorted(dropped.items()):
        if employer_id in done:
            continue
        employer = organisations.get_employer_for_user(SYSTEM, employer_id)
        alert_create(
            actor=None,
            employer=employer,
            signal=Signal.WORKFORCE_DROP,
            observed_on=today,
            workers=before - now,
            workforce=now,
            previous_workers=before,
            automatic=True,
        )
        raised += 1
    return raised
