"""Back-dated workflow history: the timeline and open deadline an object would have, had it gone its way.

For system code that writes history in bulk (the demo county; a migration of old records):
the steps name the workflow's transitions, and everything else comes from the declaration
and the services' own rule, exactly as ``transition_perform`` would have written it —

* each step's source and target states from the declared transition (a step the workflow
  does not allow from the state reached is refused);
* the open deadline of the state reached, by ``services.deadline_for`` (the workflow's
  ``deadline_rule``, its basis written in the installation's language), marked overdue from
  the day after it fell due when that day is before ``today`` (as the hourly check marks it);
* the object's state field set to the state reached;
* with ``backdated_escalations``, the escalations of that deadline the hourly check would have
  made by ``today`` (one grace period after it fell due, and again after each further grace
  period for a workflow that climbs more than one level).

Nothing is written here: the rows go to the caller's bulk writer (``core.demo.bulk``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gonghui.core.calendar import statutory
from gonghui.core.workflow.declaration import Workflow, workflow_for, workflow_named
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import deadline_for, escalation_note

START = "start"


@dataclass
class Step:
    """One step of a history: ``transition`` (``"start"`` first) taken on ``day`` by ``actor_id``."""

    day: date
    transition: str
    note: str = ""
    actor_id: int | None = None
    at: datetime | None = None  # default: ``day`` at 9 o'clock, an hour later for each further step


@dataclass
class History:
    state: str
    entries: list[TimelineEntry] = field(default_factory=list)
    deadline: Deadline | None = None

    @property
    def rows(self) -> list[TimelineEntry | Deadline]:
        return [*self.entries, *([self.deadline] if self.deadline is not None else [])]


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute`` (18 at the latest) in the installation's time zone."""
    return datetime.combine(day, time(min(hour, 18), minute), tzinfo=timezone.get_default_timezone())


def _union_id(flow: type[Workflow], obj: Any) -> int:
    # The declared union without a query when the workflow keeps the default (``obj.union``).
    if flow.union_of.__func__ is Workflow.union_of.__func__:  # type: ignore[attr-defined]
        return int(obj.union_id)
    return int(flow.union_of(obj).pk)


def _responsible_union_id(flow: type[Workflow], obj: Any, state: str, union_id: int) -> int:
    if flow.responsible_union.__func__ is Workflow.responsible_union.__func__:  # type: ignore[attr-defined]
        return union_id
    return int(flow.responsible_union(obj, state).pk)


def state_path(flow: type[Workflow], transitions: list[str], *, start: str | None = None) -> list[tuple[str, str]]:
    """(from, to) of each step: ``transitions[0]`` is ``"start"`` into ``start`` (the initial state)."""
    if not transitions or transitions[0] != START:
        raise ValueError("a history begins with the start")
    current = start or flow.initial_state()
    if current not in flow.state_map:
        raise ValueError(f"workflow {flow.name!r} has no state {current!r}")
    path = [("", current)]
    for name in transitions[1:]:
        transition = flow.transition(name)
        if transition is None or current not in transition.sources:
            raise ValueError(f"workflow {flow.name!r}: no step {name!r} from {current!r}")
        path.append((current, transition.target))
        current = transition.target
    return path


def backdated_history(
    obj: Any,
    steps: list[Step],
    *,
    today: date,
    start: str | None = None,
    rng: random.Random | None = None,
) -> History:
    """The timeline entries and open deadline of ``obj`` after ``steps``; sets its state.

    ``obj`` needs its primary key (and, for the deadline rule, the fields the rule reads).
    ``start``: the state the object starts in, if not the workflow's first. ``rng``: the
    minute of each entry is drawn from it (else on the hour).
    """
    flow = workflow_for(obj)
    path = state_path(flow, [s.transition for s in steps], start=start)
    union_id = _union_id(flow, obj)
    content_type = ContentType.objects.get_for_model(obj)
    history = History(state=path[-1][1])
    for i, (step, (source, target)) in enumerate(zip(steps, path, strict=True)):
        moment = step.at or at(step.day, 9 + i, rng.randint(0, 59) if rng is not None else 0)
        history.entries.append(
            TimelineEntry(
                content_type=content_type,
                object_id=obj.pk,
                union_id=union_id,
                workflow=flow.name,
                actor_id=step.actor_id,
                at=moment,
                from_state=source,
                to_state=target,
                transition=step.transition,
                note=step.note,
                created_at=moment,
                updated_at=moment,
            )
        )
    setattr(obj, flow.state_field, history.state)
    entered = steps[-1].day
    deadline = deadline_for(
        flow,
        obj,
        history.state,
        entered_on=entered,
        union_id=union_id,
        responsible_union_id=_responsible_union_id(flow, obj, history.state, union_id),
    )
    if deadline is not None:
        if deadline.due_on < today:
            deadline.overdue_since = deadline.due_on + timedelta(days=1)
        deadline.created_at = deadline.updated_at = history.entries[-1].at
        history.deadline = deadline
    return history


def backdated_escalations(history: History, *, today: date, parent_of: Callable[[int], Any]) -> int:
    """Add to ``history`` the escalations of its open deadline that ``deadlines_check`` would have made by ``today``.

    The first the day after ``GONGHUI_ESCALATION_GRACE_DAYS`` working days from the due day, to
    the parent of the responsible union; for a workflow whose ``escalation_levels`` allows it,
    each further one the day after another grace period, one union higher. ``parent_of(union_id)``
    gives a union's parent (None at the root). Sets the deadline's ``escalated_at`` and
    ``escalated_to`` and appends the escalation entries; returns how many were made.
    """
    deadline = history.deadline
    if deadline is None or deadline.closed_at is not None:
        return 0
    flow = workflow_named(deadline.workflow)
    levels = flow.escalation_levels if flow is not None else 1
    grace = settings.GONGHUI_ESCALATION_GRACE_DAYS
    last_entry = history.entries[-1]
    day, below, made = deadline.due_on, deadline.responsible_union_id, 0
    while levels is None or made < levels:
        escalate_on = statutory.add_working_days(day, grace, assume_weekdays=True) + timedelta(days=1)
        if escalate_on > today:
            break
        parent = parent_of(below)
        if parent is None and made:
            break
        moment = at(escalate_on, 3)
        deadline.escalated_at, deadline.escalated_to = moment, parent
        deadline.updated_at = moment
        history.entries.append(
            TimelineEntry(
                content_type_id=last_entry.content_type_id,
                object_id=last_entry.object_id,
                union_id=last_entry.union_id,
                workflow=deadline.workflow,
                kind=TimelineEntry.Kind.ESCALATION,
                actor_id=None,
                at=moment,
                from_state=deadline.state,
                to_state=deadline.state,
                transition="",
                note=escalation_note(deadline, parent),
                created_at=moment,
                updated_at=moment,
            )
        )
        made += 1
        if parent is None:
            break
        day, below = escalate_on, parent.pk
    return made
