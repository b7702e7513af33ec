"""The requests' own reminders: open requests waiting on the user, by their answer's due day.

Each state's deadline (assign, first contact, answer) is the workflow's reminder
(``core.workflow.reminders.DeadlineReminders``) when it falls due soon, for the handling union's
officers and, once escalated, for the union above. This one lists, from the day a request
arrives, the requests not yet assigned at the user's own union and those assigned to the user.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.web.reminders import Badge, Kind, Provider, Reminder
from gonghui.requests import selectors
from gonghui.requests.models import Request

ASSIGNED = Kind(key="requests-waiting", label=gettext_lazy("Worker requests waiting for you"))


class AssignedRequests(Provider):
    """Requests new at the user's union or assigned to them, not answered yet, the most urgent first."""

    due_field = "answer_due"

    def kinds(self) -> list[Kind]:
        return [ASSIGNED]

    def queryset(self, user: Any, today: date) -> QuerySet[Request] | None:
        # Those who handle requests (a leader reads the list, answers nothing: no reminder)
        if not user.has_perm("requests.change_request"):
            return None
        return selectors.requests_waiting_for(user).order_by("answer_due", "id")

    def reminders(self, rows: list[Request], user: Any, today: date) -> list[Reminder]:
        return [
            Reminder(
                kind=ASSIGNED,
                due_on=row.answer_due,
                overdue=row.answer_due < today,
                title=str(row),
                url=row.get_absolute_url(),
                union=row.union,
                what=_("Answer the worker") if row.assigned_to_id else _("Assign it to a person"),
                detail=row.employer_name,
                badges=(Badge(row.get_state_display(), "info"),),
            )
            for row in rows
        ]
