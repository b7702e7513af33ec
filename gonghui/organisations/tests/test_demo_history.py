"""Back-dated workflow history (the demo's founding cases): states from the declaration, deadlines by the rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gonghui.core.testing.world import World
from gonghui.core.workflow.history import Step, backdated_history
from gonghui.core.workflow.rules import CalendarDays
from gonghui.organisations.models import FoundingCase

TODAY = date(2026, 11, 24)


def test_states_come_from_the_declaration_and_the_deadline_from_the_rule(world: World) -> None:
    case = FoundingCase(pk=4242, union_id=world.township_a.pk)
    opened, since = date(2026, 3, 2), date(2026, 3, 20)
    history = backdated_history(
        case, [Step(opened, "start"), Step(since, "start_preparing", "筹备组成立", actor_id=world.bob.pk)], today=TODAY
    )
    # the steps' states are the declared ones, and the case is in the state reached
    assert [(e.from_state, e.to_state, e.transition) for e in history.entries] == [
        ("", "unorganised", "start"),
        ("unorganised", "preparing", "start_preparing"),
    ]
    assert case.state == history.state == "preparing"
    assert [e.at.date() for e in history.entries] == [opened, since]
    assert history.entries[1].actor_id == world.bob.pk
    assert all(e.union_id == world.township_a.pk for e in history.entries)
    # the open deadline is the state's rule from the day it was entered, overdue since the day after
    deadline = history.deadline
    assert deadline is not None
    assert deadline.due_on == CalendarDays(180).due(since).date
    assert (deadline.state, deadline.started_on, deadline.rule_kind, deadline.rule_days) == (
        "preparing",
        since,
        "calendar",
        180,
    )
    assert deadline.overdue_since == deadline.due_on + timedelta(days=1)
    assert deadline.responsible_union_id == world.township_a.pk
    assert deadline.responsible_roles == ",county_admin,union_staff,"


def test_a_step_the_workflow_does_not_allow_is_refused(world: World) -> None:
    case = FoundingCase(pk=4243, union_id=world.township_a.pk)
    with pytest.raises(ValueError, match="found"):
        backdated_history(case, [Step(date(2026, 3, 2), "start"), Step(date(2026, 3, 3), "found")], today=TODAY)


def test_a_final_state_has_no_deadline(world: World) -> None:
    case = FoundingCase(pk=4244, union_id=world.township_a.pk)
    history = backdated_history(
        case, [Step(date(2025, 1, 6), "start"), Step(date(2025, 2, 3), "cover_by_joint")], today=TODAY
    )
    assert history.state == "joint"
    assert history.deadline is None
    assert len(history.rows) == 2
