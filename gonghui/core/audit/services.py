"""Writing the audit log. Every service calls ``audit_record`` inside its own transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from gonghui.core.audit.models import AuditEvent, RefusalCount
from gonghui.core.privacy.fields import personal_kind
from gonghui.core.privacy.logging import mask_text
from gonghui.core.privacy.masking import mask
from gonghui.core.tree.scoping import current_actor

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The audit-relevant values of ``instance``: concrete fields, personal data masked."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "created_at", "updated_at", "last_login"}:
            continue
        value = field.value_from_object(instance)
        kind = personal_kind(field)
        if kind is not None:
            value = mask(kind, value)
        values[field.name] = _jsonable(value)
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_union_of(obj: models.Model) -> Any:
    """The union an object's audit rows belong to: ``obj.audit_union()``, else its ``union``, else None.

    Every union-owned model answers ``audit_union()`` (``core.tree.owned.UnionOwnedModel``); the
    ``union`` attribute is read for a model that does not derive from it yet.
    """
    method = getattr(obj, "audit_union", None)
    if callable(method):
        return method()
    union = getattr(obj, "union", None)
    return union if isinstance(union, models.Model) else None


def audit_record(
    action: str,
    *,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    outcome: str = Outcome.SUCCESS,
    note: str = "",
    actor: Any = None,
    username: str = "",
    union: Any = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one row to the audit log, in the caller's transaction.

    The actor and IP come from the current context (request, job, command) unless given.
    The row's union (which scopes who may read the row) is always the object's,
    ``audit_union_of(obj)``, whoever acts. Only an event without a union-owned object (a
    sign-in, an export, a batch of rows, a county-wide standard) takes ``union``, else the
    actor's union.
    """
    context = current_actor()
    if actor is None and context is not None:
        actor = context.user
    ip = context.ip if context is not None else None
    if obj is not None:
        union = audit_union_of(obj) or union
    if union is None and actor is not None:
        union = getattr(actor, "union", None)
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        if object_repr is None:
            object_repr = str(obj)
    else:
        object_type = object_id = ""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or username,
        ip=ip,
        action=action,
        outcome=outcome,
        union=union,
        object_type=object_type,
        object_id=object_id,
        object_repr=(object_repr or "")[:300],
        changes=changes or {},
        note=note,
    )


def audit_purge(*, now: Any = None) -> int:
    """Remove audit rows older than the retention period; the database refuses younger ones."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic(), connection.cursor() as cursor:
        # The table name comes from the model, never from input.
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE at < %s", [cutoff])  # noqa: S608
        return cursor.rowcount


# --- Refused requests --------------------------------------------------------------------------


def _minute(at: Any) -> Any:
    return at.replace(second=0, microsecond=0)


@transaction.atomic
def access_refused_record(*, user: Any, method: str, path: str, status: int) -> AuditEvent | None:
    """Record that ``user``'s request was refused (403) or found nothing (404).

    At most ``AUDIT_REFUSALS_PER_MINUTE`` rows per user and minute: a user walking thousands
    of URLs cannot flood the log. The limit is counted in the database (``RefusalCount``,
    claimed by a conditional UPDATE), so it holds across all web processes and threads;
    refusals past it are counted there, and ``access_refusals_summarise`` writes them as
    one row. ``path`` is the request's path without its query string (which may carry
    search terms); ID and mobile numbers typed into it are masked. Returns the row, or
    ``None`` when the refusal was only counted.
    """
    minute = _minute(timezone.now())
    RefusalCount.objects.bulk_create([RefusalCount(user=user, minute=minute)], ignore_conflicts=True)
    counter = RefusalCount.objects.filter(user=user, minute=minute)
    if not counter.filter(recorded__lt=settings.AUDIT_REFUSALS_PER_MINUTE).update(recorded=F("recorded") + 1):
        counter.update(suppressed=F("suppressed") + 1)
        return None
    return audit_record(
        Action.ACCESS_REFUSED,
        actor=user,
        outcome=Outcome.DENIED,
        object_repr=f"{method} {mask_text(path)}",
        note=f"HTTP {status}",
    )


@transaction.atomic
def access_refusals_summarise(*, now: Any = None) -> int:
    """Write one row for each past minute in which a user's refusals went past the limit.

    Removes the counters of every minute before the current one; returns the rows written.
    Run every few minutes by a periodic job. The counters are locked and removed before
    their row is written, so two runs at once never write a minute twice.
    """
    closed = RefusalCount.objects.filter(minute__lt=_minute(now or timezone.now()))
    counts = list(closed.select_for_update(of=("self",)).select_related("user").order_by("minute", "pk"))
    RefusalCount.objects.filter(pk__in=[count.pk for count in counts]).delete()
    written = 0
    # The log's text is written in the installation's language, not a request's.
    with translation.override(settings.LANGUAGE_CODE):
        for count in counts:
            if not count.suppressed:
                continue
            audit_record(
                Action.ACCESS_REFUSED,
                actor=count.user,
                outcome=Outcome.DENIED,
                object_repr=ngettext(
                    "%(count)d further refusal not recorded one by one",
                    "%(count)d further refusals not recorded one by one",
                    count.suppressed,
                )
                % {"count": count.suppressed},
                note=gettext(
                    "In the minute from %(minute)s: at most %(limit)d refusals a minute are recorded one by one."
                )
                % {
                    "minute": timezone.localtime(count.minute).strftime("%Y-%m-%d %H:%M"),
                    "limit": settings.AUDIT_REFUSALS_PER_MINUTE,
                },
            )
            written += 1
    return written
