"""Reminders: congress terms without a sitting this year, and contracts in their renewal months.

The workflows' deadlines (report after a sitting, a motion's answer, a question's answer, the
reply to a bargaining request, the filing, the objection window) are reminded by the core's
``DeadlineReminders``; these two are states of the calendar, not steps of a workflow.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.web.reminders import Kind, Provider, Reminder
from gonghui.democracy import rules, selectors
from gonghui.democracy.models import CollectiveContract, Congress

NO_SITTING = Kind(key="congress-no-sitting", label=gettext_lazy("Congresses without a sitting this year"))
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
