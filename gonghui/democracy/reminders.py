"""Reminders: congress terms without a sitting this year, upcoming sittings whose materials have
not gone out, and contracts in their renewal months.

The workflows' deadlines (report after a sitting, a motion's answer, a question's answer, the
reply to a bargaining request, the filing, the objection window) are reminded by the core's
``DeadlineReminders``; these two are states of the calendar, not steps of a workflow.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.web.reminders import Group, Kind, Provider, Reminder
from gonghui.democracy import rules, selectors
from gonghui.democracy.models import CollectiveContract, Congress, Session

NO_SITTING = Kind(key="congress-no-sitting", label=gettext_lazy("Congresses without a sitting this year"))
MATERIALS = Kind(key="sitting-materials", label=gettext_lazy("Sitting materials to send to the delegates"))
RENEWAL = Kind(key="contract-renewal", label=gettext_lazy("Collective contracts to renew"))


class SittingReminders(Provider):
    """Terms in office without a sitting held this year: due by the year's last day."""

    due_field = "term_end"

    def kinds(self) -> list[Kind]:
        return [NO_SITTING]

    def queryset(self, user: Any, today: date) -> QuerySet[Congress] | None:
        if not user.has_perm("democracy.add_session"):
            return None
        return selectors.congresses_for_user(user, sitting="missing").order_by("term_end", "id")

    def reminders(self, rows: list[Congress], user: Any, today: date) -> list[Reminder]:
        year_end = date(today.year, 12, 31)
        return [
            Reminder(
                kind=NO_SITTING,
                due_on=min(year_end, congress.term_end),
                overdue=False,
                title=congress.name,
                url=congress.get_absolute_url(),
                union=congress.union,
                what=_("No sitting held this year"),
                detail=_("at least one sitting a year (企业民主管理规定)"),
            )
            for congress in rows
        ]


class MaterialsReminders(Provider):
    """Planned sittings from today on whose materials have not gone out: due 7 days before the sitting.

    企业民主管理规定, 上海市职工代表大会条例: the materials reach the delegates at least 7 days
    before the sitting (``rules.materials_due``); until then the sitting cannot vote. The due day
    is ``held_on`` less 7 days, so the rows are ordered by ``held_on`` and a reminder is overdue
    once ``held_on`` is less than 7 days away.
    """

    due_field = "held_on"

    def kinds(self) -> list[Kind]:
        return [MATERIALS]

    def queryset(self, user: Any, today: date) -> QuerySet[Session] | None:
        if not user.has_perm("democracy.change_session"):
            return None
        return selectors.sessions_for_user(user, materials="missing", today=today).order_by("held_on", "id")

    def groups(self, user: Any, today: date) -> list[Group]:
        # The due day is a fixed offset of ``held_on``: overdue when the sitting is under 7 days away.
        queryset = self.queryset(user, today)
        if queryset is None:
            return []
        lawful_from = date.fromordinal(today.toordinal() + rules.MATERIALS_DAYS_BEFORE)
        found = queryset.order_by().aggregate(
            count=Count("pk"), overdue=Count("pk", filter=Q(held_on__lt=lawful_from)), first=Min("held_on")
        )
        if not found["count"]:
            return []
        return [Group(self, MATERIALS, 0, found["count"], found["overdue"], rules.materials_due(found["first"]))]

    def reminders(self, rows: list[Session], user: Any, today: date) -> list[Reminder]:
        found = []
        for session in rows:
            due = rules.materials_due(session.held_on)
            found.append(
                Reminder(
                    kind=MATERIALS,
                    due_on=due,
                    overdue=due < today,
                    title=str(session),
                    url=session.get_absolute_url(),
                    union=session.union,
                    what=_("Send the materials to the delegates"),
                    detail=_("by %(due)s, 7 days before the sitting on %(held)s (企业民主管理规定)")
                    % {"due": f"{due:%Y-%m-%d}", "held": f"{session.held_on:%Y-%m-%d}"},
                )
            )
        return found


class RenewalReminders(Provider):
    """Binding contracts in the last 3 months of their term (集体合同规定 art. 38)."""

    due_field = "term_end"

    def kinds(self) -> list[Kind]:
        return [RENEWAL]

    def queryset(self, user: Any, today: date) -> QuerySet[CollectiveContract] | None:
        if not user.has_perm("democracy.add_collectivecontract"):
            return None
        return selectors.contracts_for_user(user, expiring="1").order_by("term_end", "id")

    def reminders(self, rows: list[CollectiveContract], user: Any, today: date) -> list[Reminder]:
        return [
            Reminder(
                kind=RENEWAL,
                due_on=contract.term_end,
                overdue=False,
                title=contract.title,
                url=contract.get_absolute_url(),
                union=contract.union,
                what=_("Renewal: bargain the next contract"),
                detail=_("prompted from %(day)s, 3 months before the term ends")
                % {"day": f"{rules.renewal_prompt_from(contract.term_end):%Y-%m-%d}"},
            )
            for contract in rows
            if contract.term_end is not None
        ]
