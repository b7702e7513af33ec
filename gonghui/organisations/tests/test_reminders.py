"""The reminders bell and page: one count for both, for every role; grouped, by due date, paged.

The world gets reminders of three kinds from two providers: account requests (the core's
workflow, the security administrators'), founding cases (this module's workflow, the county
administrator's and the township staff's) and re-elections (this module's, for those who keep
union profiles). All on 18 November 2026, a Wednesday with no holiday near.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.access.services import account_request_create
from gonghui.core.accounts.roles import Role
from gonghui.core.testing.reminders import seen_by
from gonghui.core.testing.world import ACCOUNTS, World, load_world
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create
from gonghui.core.web import views as web_views
from gonghui.core.web.reminders import ReminderList, count_for, providers
from gonghui.core.workflow.services import deadlines_check
from gonghui.organisations import services
from gonghui.organisations.models import Employer, FoundingCase
from gonghui.organisations.services.founding import founding_case_open

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 18)
_serial = itertools.count(1)

# What each user of the world is reminded of (see the fixture): the same on the bell and the page.
EXPECTED = {
    # two founding cases in A, one in B; re-elections of C, D and A
    "alice": 6,
    # A's founding cases, C's and A's re-elections, C's account request escalated to A
    "bob": 5,
    "carol": 1,  # C's re-election
    "bea": 2,  # B's founding case, D's re-election
    "dan": 1,  # D's re-election
    "sam": 2,  # the account requests of C and D
    "sid": 1,  # D's account request
    # read-only, administration without data, or no data at all: nothing to act on
    "leo": 0,
    "audrey": 0,
    "aud": 0,
    "ann": 0,
    "wendy": 0,
    "will": 0,
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def founding_case(union: Union, opened: date) -> FoundingCase:
    """An employer kept by township ``union`` without a union, its case opened on ``opened`` (30 days to act)."""
    with system_scope("test data"):
        employer = Employer.unscoped.create(union=union, name=f"{union.name}无工会企业{next(_serial)}", headcount=40)
    with time_machine.travel(at(opened), tick=False):
        return founding_case_open(actor=None, employer=employer)


def account_request(world: World, requester: Any, union: Union, made: date) -> None:
    """An account request made on ``made``: the security administrator has 3 working days."""
    with time_machine.travel(at(made), tick=False):
        account_request_create(
            actor=requester,
            union=union,
            full_name="张新",
            username=f"remind_{next(_serial)}",
            role=Role.WORKER,
            reason="新会员查询",
        )


def re_election(union: Union, due: date, term: int = 5) -> None:
    """A committee elected ``term`` years before ``due``."""
    services.union_profile_update(
        actor=None, union=union, term_years=term, elected_on=due.replace(year=due.year - term)
    )


@pytest.fixture
def due(world: World) -> Iterator[World]:
    """Reminders of three kinds around the world, then the clock held at TODAY."""
    founding_case(world.township_a, date(2026, 10, 12))  # due 11 November, overdue and escalated
    founding_case(world.township_a, date(2026, 10, 16))  # due 16 November (the 15th is a Sunday), overdue
    founding_case(world.township_b, date(2026, 10, 14))  # due 13 November, overdue
    founding_case(world.township_b, date(2026, 11, 1))  # due 1 December: not yet a reminder
    account_request(world, world.carol, world.union_c, date(2026, 11, 2))  # due 5 November, escalated to A
    account_request(world, world.dan, world.union_d, date(2026, 11, 17))  # due 20 November: due soon
    re_election(world.union_c, date(2026, 11, 28))  # within 90 days
    re_election(world.union_d, date(2026, 11, 1))  # overdue
    re_election(world.township_a, date(2027, 1, 10))  # within 90 days
    re_election(world.township_b, date(2027, 6, 1))  # not yet
    with time_machine.travel(at(TODAY), tick=False):
        deadlines_check(today=TODAY)
        yield load_world()


@pytest.mark.parametrize("name", sorted(ACCOUNTS))
def test_the_bell_counts_what_the_page_lists_for_every_role(due: World, client_for: Any, name: str) -> None:
    user = getattr(due, name)
    # when the user opens any page and follows the bell through every page of reminders
    seen = seen_by(client_for(user))
    # then the bell's number is the number of items listed, and the page's own total
    assert seen.bell == len(seen.rows), f"{name}: the bell says {seen.bell}, the page lists {len(seen.rows)}"
    assert seen.total == seen.bell
    assert count_for(user) == seen.bell
    # and it is what this role is to act on in this user's part of the tree
    assert seen.bell == EXPECTED[name], f"{name} ({user.role})"


def test_the_leader_sees_re_elections_as_figures_but_is_reminded_of_nothing(due: World, client_for: Any) -> None:
    client = client_for(due.leo)
    # the list of re-elections due is there for the leader to read
    listed = client.get("/organisations/re-elections/").content.decode()
    assert due.union_c.name in listed
    assert due.union_d.name in listed
    # but there is nothing for them to do: no reminder, on the bell or the page
    seen = seen_by(client)
    assert (seen.bell, seen.rows) == (0, [])


def test_reminders_are_grouped_by_kind_the_earliest_due_first(due: World, client_for: Any) -> None:
    seen = seen_by(client_for(due.alice))
    kinds = seen.attribute("kind")
    dues = seen.attribute("due")
    # the county administrator's six reminders come in two groups, each listed once, in one run
    assert kinds == ["re-election"] * 3 + ["deadline-founding"] * 3
    # the re-elections first (one was due on 1 November), then the founding cases (from 11 November;
    # the third one's 30 days ended on Sunday 15 November, so it fell due on the Monday)
    assert dues == ["2026-11-01", "2026-11-28", "2027-01-10", "2026-11-11", "2026-11-13", "2026-11-16"]
    # and each kind is summed at the top with its count
    page = client_for(due.alice).get("/reminders/").content.decode()
    assert page.count('data-testid="reminder-kind"') == 2
    assert [group.count for group in ReminderList(due.alice).groups] == [3, 3]


def test_reminders_page_through_the_pager_and_by_kind(
    due: World, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(due.alice)
    everything = seen_by(client)
    # when a page holds two rows
    monkeypatch.setattr(web_views, "REMINDERS_PER_PAGE", 2)
    paged = seen_by(client)
    # then the six reminders take three pages, in the same order, none twice, none left out
    assert paged.pages == 3
    assert paged.rows == everything.rows
    assert paged.total == paged.bell == 6
    # a page past the end shows the last one
    assert client.get("/reminders/?page=9").content.decode().count('data-testid="reminder"') == 2
    # one kind alone: its own rows and pages, the bell still counting everything
    founding = client.get("/reminders/?kind=deadline-founding&page=2").content.decode()
    assert founding.count('data-kind="deadline-founding"') >= 1
    assert 'data-kind="re-election"' not in founding.split('data-testid="reminder-table"')[1]
    assert "3–3" in founding.replace("&ndash;", "–")
    # an unknown kind lists nothing
    assert 'data-testid="reminder"' not in client.get("/reminders/?kind=nonsense").content.decode()


def test_the_bell_and_the_page_cost_the_same_queries_however_many_reminders(
    due: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(due.alice)
    client.get("/reminders/")
    # the bell: one grouped query per provider, whatever the number of reminders
    with django_assert_max_num_queries(len(providers())):
        count_for(due.alice)
    with CaptureQueriesContext(connection) as few:
        client.get("/reminders/")
    # when there are four times as many founding cases and re-elections, in both townships
    for n in range(10):
        township = due.township_a if n % 2 else due.township_b
        founding_case(township, date(2026, 10, 20))
        with system_scope("test data"):
            union = union_create(actor=None, parent=township, name=f"新建工会{n}", kind=Union.Kind.GRASSROOTS)
        re_election(union, date(2026, 12, 1))
    assert count_for(due.alice) == 6 + 10 + 10
    with CaptureQueriesContext(connection) as many:
        client.get("/reminders/")
    # then the page costs no more queries: the session and user, the counts, one page's rows and their objects
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"][:120] for q in many.captured_queries]
    with django_assert_max_num_queries(8 + len(providers())):
        client.get("/reminders/")
