"""The module's reminders beside its workflow deadlines: arbitration limitations running out.

A case without agreement, or whose agreement was not fulfilled, and not yet handed to
arbitration or closed, is shown from 30 days before the last day to apply for arbitration
(劳动争议调解仲裁法 第二十七条; ``rules.LIMITATION_WARNING_DAYS``), so the union tells the worker
in time. Overdue workflow steps (reporting a warning, accepting or ending mediation …) are the
workflow's own reminders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.web.reminders import Kind, Provider, Reminder
from gonghui.rights import selectors
from gonghui.rights.models import Dispute

LIMITATION = Kind(key="arbitration-limitation", label=gettext_lazy("Arbitration limitations running out"))


class LimitationReminders(Provider):
    due_field = "limitation_ends"

    def kinds(self) -> list[Kind]:
        return [LIMITATION]

    def queryset(self, user: Any, today: date) -> QuerySet[Dispute] | None:
        if not user.has_perm("rights.change_dispute"):
            return None
        return (
            selectors.disputes_for_user(user, limitation_near="1", today=today)
            .select_related(None)
            .select_related("employer", "union")
            .order_by("limitation_ends", "id")
        )

    def reminders(self, rows: list[Dispute], user: Any, today: date) -> list[Reminder]:
        return [
            Reminder(
                kind=LIMITATION,
                due_on=dispute.limitation_ends,  # type: ignore[arg-type]
                overdue=False,
                title=str(dispute),
                url=dispute.get_absolute_url(),
                union=dispute.union,
                what=_("Last day to apply for arbitration"),
                detail=_("one year, 劳动争议调解仲裁法第二十七条"),
            )
            for dispute in rows
        ]
