"""Hardship files and disbursement batches among the reminders: the bell counts what the page lists, per role.

On 18 November 2026: a file of union C waiting for its first check (the local unions' step),
a file of union D waiting since its home visit for the centre's verification, and a batch of
union D submitted and waiting for a second person's check.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.assistance.tests import factories as f
from gonghui.core.testing.reminders import seen_by
from gonghui.core.testing.world import ACCOUNTS, World, load_world
from gonghui.core.web.reminders import ReminderList
from gonghui.core.workflow.services import transition_perform

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 18)

EXPECTED = {
    "alice": 2,  # C's file to check, D's batch to check
    "bob": 1,  # C's file
    "carol": 1,  # C's file
    "bea": 1,  # D's batch
    "dan": 1,  # D's batch (someone other than Dan, who made it, must check it; he is reminded all the same)
    "ann": 2,  # D's file to verify, D's batch
    "leo": 0,
    "sam": 0,
    "sid": 0,
    "audrey": 0,
    "aud": 0,
    "wendy": 0,
    "will": 0,
}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


@pytest.fixture
def due(world: World) -> Iterator[World]:
    f.standard(2026)
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        f.open_file(world, name="张待审")  # application: 10 working days, due 16 November
    with time_machine.travel(at(date(2026, 10, 12)), tick=False):
        visited = f.open_file(world, union=world.union_d, name="李待核")
        transition_perform(actor=world.dan, obj=visited, name="check")
        transition_perform(
            actor=world.dan,
            obj=visited,
            name="visit",
            attachment=f.attachment(),
            data={"visited_on": date(2026, 10, 12), "visitors": "丹"},
        )  # visited: the centre verifies within 15 working days, by 2 November
        filed = f.file_filed(world, f.open_file(world, union=world.union_d, name="王已建档"))
    with time_machine.travel(at(date(2026, 11, 9)), tick=False):
        made = f.batch(world, f.program(world, year=2026), [filed], maker=world.dan)
        transition_perform(actor=world.dan, obj=made, name="submit")  # checked within 5 working days
    with time_machine.travel(at(TODAY), tick=False):
        yield load_world()


@pytest.mark.parametrize("name", sorted(ACCOUNTS))
def test_the_bell_counts_the_files_and_batches_the_page_lists(due: World, client_for: Any, name: str) -> None:
    seen = seen_by(client_for(getattr(due, name)))
    assert seen.bell == len(seen.rows) == seen.total
    assert seen.bell == EXPECTED[name]


def test_the_centre_sees_its_files_and_batches_in_two_groups(due: World, client_for: Any) -> None:
    seen = seen_by(client_for(due.ann))
    # the file waiting since 2 November first, then the batch due on 16 November
    assert seen.attribute("kind") == ["deadline-hardship-file", "deadline-disbursement"]
    assert seen.attribute("due") == ["2026-11-02", "2026-11-16"]
    assert [group.kind.key for group in ReminderList(due.ann).groups] == seen.attribute("kind")
