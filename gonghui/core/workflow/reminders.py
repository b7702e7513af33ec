"""The workflow's reminders: open deadlines due soon or overdue, one kind per workflow."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gonghui.core.web.reminders import Badge, Kind, Provider, Reminder
from gonghui.core.workflow import selectors
from gonghui.core.workflow.declaration import workflows
from gonghui.core.workflow.models import Deadline


class DeadlineReminders(Provider):
    """Deadlines the user's role is responsible for in their subtree, or escalated to their union.

    Who that is comes from the workflows' declarations (``State.responsible_roles``,
    ``Workflow.escalation_roles``), stored on each deadline; see ``selectors._reminder_filter``.
    """

    kind_field = "workflow"
    due_field = "due_on"

    def kinds(self) -> list[Kind]:
        """One kind per workflow, named after its objects (a workflow without deadlines never has any)."""
        return [
            Kind(key=f"deadline-{name}", label=capfirst(flow.model_class()._meta.verbose_name_plural), value=name)
            for name, flow in sorted(workflows().items())
        ]

    def queryset(self, user: Any, today: date) -> QuerySet[Deadline]:
        return selectors.reminder_deadlines_for_user(user, today=today)

    def reminders(self, rows: list[Deadline], user: Any, today: date) -> list[Reminder]:
        objects = selectors.deadline_objects(user, rows)
        kinds = {kind.value: kind for kind in self.kinds()}
        found = []
        for deadline in rows:
            obj = objects.get((deadline.content_type_id, deadline.object_id))
            badges = []
            if deadline.provisional:
                badges.append(Badge(_("provisional"), "warning"))
            if deadline.escalated_to_id is not None and deadline.escalated_to_id == user.union_id:
                badges.append(Badge(_("Escalated to your union"), "dark"))
            elif deadline.escalated_to is not None:
                badges.append(Badge(_("escalated to %(union)s") % {"union": deadline.escalated_to.name}))
            found.append(
                Reminder(
                    kind=kinds[deadline.workflow],
                    due_on=deadline.due_on,
                    overdue=deadline.due_on < today,
                    title=str(obj) if obj is not None else "—",
                    url=obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else None,
                    union=deadline.union,
                    what=deadline.state_label,
                    detail=deadline.rule_text,
                    badges=tuple(badges),
                )
            )
        return found
