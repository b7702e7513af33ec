from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

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


def object_type_label(event: AuditEvent) -> str:
    """The object type in words (``accounts.user`` → 账号)."""
    model = _model_of(event)
    return str(model._meta.verbose_name) if model is not None else event.object_type


def change_rows(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """Changed fields as (label, before, after), with choice values shown as their labels."""
    model = _model_of(event)
    rows = []
    for name, values in event.changes.items():
        before, after = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        label: str = name
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None:
                label = str(getattr(field, "verbose_name", name))
                choices = dict(getattr(field, "flatchoices", None) or [])
                if choices:
                    before, after = choices.get(before, before), choices.get(after, after)
                elif getattr(field, "get_internal_type", lambda: "")() == "BooleanField":
                    yes_no: dict[Any, Any] = {True: _("yes"), False: _("no")}
                    before, after = yes_no.get(before, before), yes_no.get(after, after)
        rows.append((label, before, after))
    return rows


def _model_of(event: AuditEvent) -> Any:
    if not event.object_type:
        return None
    try:
        return apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return None
