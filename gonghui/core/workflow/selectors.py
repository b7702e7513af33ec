"""Workflow reads, through the actor's scope: available steps, timelines, deadlines, reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.tree.scoping import acting_as, subtree_q
from gonghui.core.workflow.declaration import Transition, Workflow, workflow_for, workflow_named, workflows
from gonghui.core.workflow.models import Deadline, TimelineEntry


def _in_scope(user: Any, obj: Any, flow: type[Workflow]) -> bool:
    scope = user.union_scope() if user is not None and user.is_authenticated else None
    return scope is not None and scope.covers_path(flow.union_of(obj).path)


def may_view(user: Any, flow: type[Workflow]) -> bool:
    return flow.view_permission is None or user.has_perm(flow.view_permission)


def available_transitions(user: Any, obj: Any) -> list[Transition]:
    """The steps ``user`` may take on ``obj`` now: role, scope, current state and guard all allow."""
    flow = workflow_for(obj)
    if not user.is_active or not _in_scope(user, obj, flow):
        return []
    state = flow.current(obj)
    return [t for t in flow.transitions_from(state) if user.role in t.roles and (t.guard is None or t.guard(obj, user))]


def get_workflow_object_for_user(user: Any, flow_name: str, object_id: int) -> tuple[type[Workflow], Any]:
    """The workflow and the object ``object_id`` of its model; 404 if unknown or outside scope."""
    flow = workflow_named(flow_name)
    if flow is None:
        raise Http404("no such workflow")
    with acting_as(user):
        obj = get_object_or_404(flow.model_class()._default_manager.all(), pk=object_id)
    return flow, obj


def timeline_for_user(user: Any, obj: Any) -> QuerySet[TimelineEntry]:
    """The timeline of ``obj``, oldest first, as far as ``user`` may see it."""
    with acting_as(user):
        return TimelineEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("actor")


def get_timeline_entry_for_user(user: Any, entry_id: int) -> TimelineEntry:
    with acting_as(user):
        entry = get_object_or_404(TimelineEntry.objects.select_related("content_type"), pk=entry_id)
    flow = workflow_named(entry.workflow)
    if flow is None or not may_view(user, flow):
        raise Http404("no such entry")
    return entry


def open_deadline_for_user(user: Any, obj: Any) -> Deadline | None:
    with acting_as(user):
        return (
            Deadline.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, closed_at__isnull=True
            )
            .select_related("escalated_to")
            .first()
        )


# --- Reminders ----------------------------------------------------------------------------


def _reminder_filter(user: Any, today: date) -> Q:
    soon = today + timedelta(days=settings.GONGHUI_DEADLINE_SOON_DAYS)
    role = f",{user.role},"
    responsible = Q(responsible_roles__contains=role) & subtree_q("responsible_union__path", user.union.path)
    escalated = Q(escalated_to_id=user.union_id, escalation_roles__contains=role)
    return Q(closed_at__isnull=True, due_on__lte=soon) & (responsible | escalated)


def reminder_deadlines_for_user(user: Any, *, today: date | None = None) -> QuerySet[Deadline]:
    """Open deadlines due soon or overdue that ``user`` must act on, or that were escalated to their union.

    Responsible: the user's role is one the deadline's state names, and the responsible
    union lies in the user's subtree. Escalated: the deadline went to the user's own union
    and their role is among those reminded of escalations.
    """
    today = today or timezone.localdate()
    # Only workflows whose objects the user may see: a reminder links to its object.
    visible = [name for name, flow in workflows().items() if may_view(user, flow)]
    with acting_as(user):
        return (
            Deadline.objects.filter(_reminder_filter(user, today), workflow__in=visible)
            .select_related("union", "escalated_to")
            .order_by("due_on", "id")
        )


def deadline_objects(user: Any, deadlines: list[Deadline]) -> dict[tuple[int, int], Any]:
    """The objects of ``deadlines`` that ``user`` may see, by (content type id, object id).

    One query per workflow, whatever the number of deadlines: each workflow's ``list_related``
    (what its objects' text reads) is fetched with them.
    """
    by_flow: dict[str, list[int]] = {}
    for deadline in deadlines:
        by_flow.setdefault(deadline.workflow, []).append(deadline.object_id)
    objects: dict[tuple[int, int], Any] = {}
    with acting_as(user):
        for name, ids in by_flow.items():
            flow = workflow_named(name)
            if flow is None:
                continue
            model = flow.model_class()
            content_type = ContentType.objects.get_for_model(model)
            queryset = model._default_manager.select_related(*flow.list_related)
            for pk, found in queryset.in_bulk(ids).items():
                objects[(content_type.pk, pk)] = found
    return objects
