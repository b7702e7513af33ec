from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.core.audit.models import AuditEvent
from gonghui.core.tree.scoping import acting_as


def _day_start(value: date) -> datetime:
    return datetime.combine(value, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def events_for_user(
    actor: Any,
    *,
    user: str = "",
    action: str = "",
    object_type: str = "",
    outcome: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    with acting_as(actor):
        events = AuditEvent.objects.select_related("union")
        if user:
            events = events.filter(actor_username__iexact=user)
        if action:
            events = events.filter(action=action)
        if object_type:
            events = events.filter(object_type=object_type)
        if outcome:
            events = events.filter(outcome=outcome)
        if since:
            events = events.filter(at__gte=_day_start(since))
        if until:
            from datetime import timedelta

            events = events.filter(at__lt=_day_start(until + timedelta(days=1)))
        return events


def get_event_for_user(actor: Any, event_id: int) -> AuditEvent:
    with acting_as(actor):
        return get_object_or_404(AuditEvent.objects.select_related("union"), pk=event_id)


def object_types(actor: Any) -> list[str]:
    with acting_as(actor):
        return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())
