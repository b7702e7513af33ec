"""Reminders: due-soon and overdue deadlines, for those responsible and, once escalated, the parent union."""

from __future__ import annotations

from datetime import date

import time_machine
from django.utils.translation import gettext

from gonghui.core.web.reminders import ReminderList, count_for
from gonghui.core.workflow.services import deadlines_check

from .conftest import at


def test_reminders_reach_the_responsible_then_the_parent_union(world, make_request, client_for):
    # given a request of 13 February 2026 (due 25 February)
    with time_machine.travel(at(2026, 2, 13), tick=False):
        request = make_request()
        # then on the day it is made nobody is reminded yet (due in 12 days)
        assert count_for(world.sam) == 0
    # when it is due soon, the security administrator whose scope covers union C is reminded
    with time_machine.travel(at(2026, 2, 24), tick=False):
        assert count_for(world.sam) == 1
        # and neither the requester's side nor township B's security administrator
        assert count_for(world.bob) == 0
        assert count_for(world.sid) == 0
        assert count_for(world.carol) == 0
    # when it is escalated on 1 March, the union staff of township A are reminded too
    with time_machine.travel(at(2026, 3, 1), tick=False):
        deadlines_check(today=date(2026, 3, 1))
        assert count_for(world.bob) == 1
        assert count_for(world.sam) == 1
        assert count_for(world.bea) == 0
        # and the reminders page links to the request, overdue and escalated to Bob's union
        items = ReminderList(world.bob)[:10]
        assert [(r.kind.key, r.url) for r in items] == [("deadline-account_request", request.get_absolute_url())]
        assert items[0].overdue
        page = client_for(world.bob).get("/reminders/")
        assert page.status_code == 200
        assert request.get_absolute_url() in page.content.decode()
        assert gettext("Escalated to your union") in page.content.decode()
        # and township B sees nothing of it
        page = client_for(world.bea).get("/reminders/")
        assert request.full_name not in page.content.decode()
        assert request.get_absolute_url() not in page.content.decode()


def test_a_closed_deadline_is_no_reminder(world, make_request):
    from gonghui.core.workflow.services import transition_perform

    # given a request of 24 February, due 27 February
    with time_machine.travel(at(2026, 2, 24), tick=False):
        request = make_request()
    with time_machine.travel(at(2026, 2, 26), tick=False):
        assert count_for(world.sam) == 1
        # when Sam approves it, the reminder goes
        transition_perform(actor=world.sam, obj=request, name="approve")
        assert count_for(world.sam) == 0
