"""Workflow writes: starting a workflow, performing a transition, checking deadlines.

Every transition runs in one transaction: the state changes only if it is still the state
the transition starts from (a conditional update, so two people cannot both move it), the
timeline entry and the audit row are written, the old state's deadline is closed and the
new state's opened. If any step fails, nothing is kept.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.calendar import statutory
from gonghui.core.tree.scoping import acting_as, assert_in_scope, system_scope
from gonghui.core.workflow.declaration import Transition, Workflow, workflow_for, workflows
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.rules import RULES

logger = logging.getLogger(__name__)

ALLOWED_ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".txt"}
)


ESCALATION_BATCH = 200


@dataclass
class TransitionResult:
    """What a transition did: the object (in its new state), its timeline entry, its new deadline."""

    obj: Any
    transition: Transition
    entry: TimelineEntry
    deadline: Deadline | None = None
    effect: Any = None


@dataclass
class DeadlineCheck:
    """What one run of ``deadlines_check`` did."""

    overdue: int = 0
    escalated: int = 0
    recomputed: int = 0
    failed: list[int] = field(default_factory=list)


def _acting(actor: Any) -> contextlib.AbstractContextManager[Any]:
    # actor=None is the operator's command line (or a job): it sees everything, like user_create.
    return acting_as(actor) if actor is not None else system_scope("workflow step from the command line")


def roles_text(roles: frozenset[str] | set[str]) -> str:
    return "," + ",".join(sorted(roles)) + "," if roles else ""


def validate_attachment(attachment: UploadedFile) -> None:
    suffix = PurePath(attachment.name or "").suffix.lower()
    if suffix not in ALLOWED_ATTACHMENT_SUFFIXES:
        message = _("Files of this type cannot be attached. Allowed: %(types)s.") % {
            "types": " ".join(sorted(ALLOWED_ATTACHMENT_SUFFIXES))
        }
        raise ValidationError({"attachment": ValidationError(message, code="attachment_type")})
    if (attachment.size or 0) > settings.GONGHUI_ATTACHMENT_MAX_BYTES:
        message = _("The file is larger than %(mb)d MB.") % {
            "mb": settings.GONGHUI_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        }
        raise ValidationError({"attachment": ValidationError(message, code="attachment_size")})


@transaction.atomic
def workflow_start(*, actor: Any, obj: models.Model, note: str = "") -> TimelineEntry:
    """Record that ``obj`` entered its workflow (in its current state) and open that state's deadline.

    The module's create service calls it in its own transaction, after saving ``obj``.
    """
    flow = workflow_for(obj)
    with _acting(actor):
        union = flow.union_of(obj)
        if actor is not None:
            assert_in_scope(union.path)
        state = flow.current(obj)
        now = timezone.now()
        entry = TimelineEntry.unscoped.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            union=union,
            workflow=flow.name,
            actor=actor,
            at=now,
            from_state="",
            to_state=state,
            transition="start",
            note=note.strip(),
        )
        _deadline_open(flow, obj, state, started_on=timezone.localdate(now), union=union)
    return entry


def transition_perform(
    *,
    actor: Any,
    obj: models.Model,
    name: str,
    note: str = "",
    attachment: UploadedFile | None = None,
    data: dict[str, Any] | None = None,
) -> TransitionResult:
    """Move ``obj`` along transition ``name`` of its workflow, as ``actor``, in one transaction.

    ``data`` is the step's data (its form's ``cleaned_data``) for a transition that declares a
    ``form``: its effect receives it as ``data=`` (an empty dict if none is given), if it takes
    it (``Transition.run_effect``; an effect named by dotted path is imported here, lazily).

    Raises ``Http404`` if the object is outside the actor's scope (or the transition does not
    exist), ``PermissionDenied`` if the actor's role may not make it, and ``ValidationError``
    if the object is no longer in a state it starts from (someone else moved it), the guard
    refuses, or a required reason or attachment is missing.
    """
    stored_files: list[Any] = []
    try:
        return _transition_perform(
            actor=actor,
            obj=obj,
            name=name,
            note=note,
            attachment=attachment,
            data=data,
            stored_files=stored_files,
        )
    except BaseException:
        # The rows are rolled back; the file written for them goes too. (Should a caller's outer
        # transaction roll back later, the file stays behind unreferenced and unserved.)
        for stored in stored_files:
            stored.delete(save=False)
        raise


@transaction.atomic
def _transition_perform(
    *,
    actor: Any,
    obj: models.Model,
    name: str,
    note: str,
    attachment: UploadedFile | None,
    data: dict[str, Any] | None,
    stored_files: list[Any],
) -> TransitionResult:
    flow = workflow_for(obj)
    transition = flow.transition(name)
    if transition is None:
        raise Http404("no such transition")
    note = (note or "").strip()
    with _acting(actor):
        union = flow.union_of(obj)
        if actor is not None:
            assert_in_scope(union.path)
            if not actor.is_active or actor.role not in transition.roles:
                raise PermissionDenied(_("Your role may not take this step."))
        model = type(obj)
        current = (
            model._base_manager.select_for_update().filter(pk=obj.pk).values_list(flow.state_field, flat=True).first()
        )
        if current is None:
            raise Http404("the object is gone")
        if current not in transition.sources:
            setattr(obj, flow.state_field, current)
            raise ValidationError(
                _("“%(step)s” is not possible now: the item is “%(state)s”. Reload the page.")
                % {"step": transition.label, "state": flow.state_label(current)},
                code="state",
            )
        setattr(obj, flow.state_field, current)
        if transition.guard is not None and not transition.guard(obj, actor):
            raise ValidationError(
                transition.guard_message or _("The conditions for this step are not met."), code="guard"
            )
        errors: dict[str, str] = {}
        if "note" in transition.requires and not note:
            errors["note"] = _("Give a reason for this step.")
        if "attachment" in transition.requires and attachment is None:
            errors["attachment"] = _("Attach a file for this step.")
        if errors:
            raise ValidationError(errors)
        if attachment is not None:
            validate_attachment(attachment)

        now = timezone.now()
        changes: dict[str, Any] = {flow.state_field: transition.target}
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            changes["updated_at"] = now
        # Conditional on the state read above: if another transaction moved it meanwhile, no row matches.
        moved = model._base_manager.filter(pk=obj.pk, **{flow.state_field: current}).update(**changes)
        if moved != 1:
            raise ValidationError(
                _("Someone else changed this item meanwhile. Reload the page and try again."), code="conflict"
            )
        for attribute, value in changes.items():
            setattr(obj, attribute, value)

        effect = transition.run_effect(obj, actor=actor, note=note, data=data)

        entry = TimelineEntry(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            union=union,
            workflow=flow.name,
            actor=actor,
            at=now,
            from_state=current,
            to_state=transition.target,
            transition=transition.name,
            note=note,
        )
        if attachment is not None:
            entry.attachment_name = PurePath(attachment.name or "file").name[:200]
            entry.attachment.save(attachment.name or "file", attachment, save=False)
            stored_files.append(entry.attachment)
        entry.save()

        _deadline_close(obj, now)
        deadline = _deadline_open(flow, obj, transition.target, started_on=timezone.localdate(now), union=union)
        audit_record(
            Action.TRANSITION,
            obj=obj,
            actor=actor,
            union=union,
            changes={flow.state_field: [current, transition.target]},
            note=f"{transition.name}: {note}" if note else transition.name,
        )
        if actor is not None:
            assert_in_scope(union.path)
    return TransitionResult(obj=obj, transition=transition, entry=entry, deadline=deadline, effect=effect)


# --- Deadlines ----------------------------------------------------------------------------


def _deadline_open(flow: type[Workflow], obj: Any, state_name: str, *, started_on: date, union: Any) -> Deadline | None:
    """Open the deadline of ``obj`` in the state it entered on ``started_on``, by its workflow's rule."""
    deadline = deadline_for(
        flow,
        obj,
        state_name,
        entered_on=started_on,
        union_id=union.pk,
        responsible_union_id=flow.responsible_union(obj, state_name).pk,
    )
    if deadline is None:
        return None
    if deadline.provisional:
        logger.warning(
            "deadline of %s %s computed with Monday–Friday weeks: the calendar of a year on the way is unknown",
            flow.name,
            obj.pk,
        )
    deadline.save()
    return deadline


def deadline_for(
    flow: type[Workflow], obj: Any, state_name: str, *, entered_on: date, union_id: int, responsible_union_id: int
) -> Deadline | None:
    """The (unsaved) deadline of ``obj`` in ``state_name``, entered on ``entered_on``, by its workflow's rule.

    The one computation of a deadline: a transition opens it (``_deadline_open``), and a
    back-dated history (``core.workflow.history``) writes it in bulk.
    """
    ruled = flow.deadline_rule(obj, state_name, entered_on)
    if ruled is None:
        return None
    rule, started_on = ruled
    due = rule.due(started_on)
    roles = flow.responsible_roles(state_name)
    return Deadline(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        union_id=union_id,
        workflow=flow.name,
        state=state_name,
        started_on=started_on,
        due_on=due.date,
        provisional=due.provisional,
        rule_kind=rule.kind,
        rule_days=rule.days,
        rule_basis=_text_in_default_language(rule.basis),
        responsible_union_id=responsible_union_id,
        responsible_roles=roles_text(roles),
        escalation_roles=roles_text(roles | flow.escalation_roles),
    )


def _deadline_close(obj: Any, now: Any) -> int:
    return Deadline.unscoped.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, closed_at__isnull=True
    ).update(closed_at=now, updated_at=now)


def _text_in_default_language(text: Any) -> str:
    # Stored text is read by everyone later; write it in the installation's language.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)[:200]


def deadlines_check(*, today: date | None = None) -> DeadlineCheck:
    """Mark overdue deadlines and escalate those overdue past the grace period. Run hourly.

    * a deadline whose due day has passed gets ``overdue_since`` (its responsible users see it
      among their reminders from then on);
    * one still open ``GONGHUI_ESCALATION_GRACE_DAYS`` working days after its due day goes
      to the parent of its responsible union (timeline entry and audit row); a workflow whose
      ``escalation_levels`` is more than one (or None) climbs one union higher each time another
      grace period has run out since the last escalation;
    * a provisional deadline (computed while a year's calendar was unknown) is recomputed
      once the year becomes known.
    """
    today = today or timezone.localdate()
    result = DeadlineCheck()
    with system_scope("hourly deadline check"):
        for deadline in Deadline.unscoped.filter(closed_at__isnull=True, provisional=True):
            rule = RULES[deadline.rule_kind](deadline.rule_days)
            due = rule.due(deadline.started_on)
            if not due.provisional:
                Deadline.unscoped.filter(pk=deadline.pk).update(
                    due_on=due.date, provisional=False, updated_at=timezone.now()
                )
                result.recomputed += 1
        result.overdue = Deadline.unscoped.filter(
            closed_at__isnull=True, due_on__lt=today, overdue_since__isnull=True
        ).update(overdue_since=today, updated_at=timezone.now())
        cutoff = escalation_cutoff(today, settings.GONGHUI_ESCALATION_GRACE_DAYS)
        expired = Deadline.unscoped.filter(closed_at__isnull=True, escalated_at__isnull=True, due_on__lte=cutoff)
        parents: dict[int, Any] = {}
        ids = list(expired.order_by("due_on", "id").values_list("pk", flat=True))
        # Commit in batches (a commit per row costs a disk flush); each row has its own savepoint.
        for start in range(0, len(ids), ESCALATION_BATCH):
            with transaction.atomic():
                for deadline_id in ids[start : start + ESCALATION_BATCH]:
                    try:
                        if _deadline_escalate(deadline_id=deadline_id, parents=parents):
                            result.escalated += 1
                    except Exception:
                        # One broken object must not stop the others' escalation; it is retried next hour.
                        logger.exception("escalating deadline %s failed", deadline_id)
                        result.failed.append(deadline_id)
        # Workflows whose deadlines climb further: one more level each time a grace period has
        # run out since the last escalation (never past the root, never past their levels).
        climbing = [name for name, flow in workflows().items() if flow.escalation_levels != 1]
        if climbing:
            since = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))
            further = Deadline.unscoped.filter(
                closed_at__isnull=True,
                workflow__in=climbing,
                escalated_to__depth__gt=1,
                escalated_at__lt=since,
            )
            for deadline_id in further.order_by("due_on", "id").values_list("pk", flat=True):
                try:
                    if _deadline_escalate(deadline_id=deadline_id, parents=parents, further=True):
                        result.escalated += 1
                except Exception:
                    logger.exception("escalating deadline %s further failed", deadline_id)
                    result.failed.append(deadline_id)
    return result


def escalation_cutoff(today: date, grace: int) -> date:
    """The latest due day whose grace of ``grace`` working days has run out by ``today``.

    A deadline due on ``d`` is escalated once ``today`` is after ``add_working_days(d, grace)``;
    that day grows with ``d``, so one date bounds them all and the query needs no loop.
    """
    day = today - timedelta(days=1)
    while statutory.add_working_days(day, grace, assume_weekdays=True) >= today:
        day -= timedelta(days=1)
    return day


def escalation_note(deadline: Deadline, parent: Any) -> str:
    """The note of an escalation of ``deadline`` to ``parent`` (None: none above), in the installation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {"due": f"{deadline.due_on:%Y-%m-%d}", "rule": deadline.rule_text}
        if parent is not None:
            return _("Fell due on %(due)s, counted as %(rule)s, and not done; escalated to %(union)s.") % {
                **values,
                "union": parent.name,
            }
        return (
            _("Fell due on %(due)s, counted as %(rule)s, and not done; there is no higher union to escalate to.")
            % values
        )


@transaction.atomic
def _deadline_escalate(*, deadline_id: int, parents: dict[int, Any], further: bool = False) -> bool:
    """Escalate one deadline to the parent of its responsible union, or (``further``) one union higher."""
    deadline = (
        # Only the deadline's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join that escalated_to needs.
        Deadline.unscoped.select_for_update(of=("self",))
        .select_related("responsible_union", "escalated_to", "union", "content_type")
        .filter(pk=deadline_id, closed_at__isnull=True, escalated_at__isnull=not further)
        .first()
    )
    if deadline is None:
        return False
    from gonghui.core.tree.models import Union

    below = deadline.escalated_to if further else deadline.responsible_union
    if below is None:
        return False
    if further:
        flow = workflow_for(deadline.content_type.model_class())
        levels = deadline.responsible_union.depth - below.depth
        if flow.escalation_levels is not None and levels >= flow.escalation_levels:
            return False
    key = below.pk
    if key not in parents:
        parents[key] = Union.unscoped.get_parent(below)
    parent = parents[key]
    if further and parent is None:
        return False
    now = timezone.now()
    Deadline.unscoped.filter(pk=deadline.pk).update(escalated_at=now, escalated_to=parent, updated_at=now)
    deadline.escalated_at, deadline.escalated_to = now, parent
    model = deadline.content_type.model_class()
    obj = model._base_manager.filter(pk=deadline.object_id).first() if model is not None else None
    note = escalation_note(deadline, parent)
    TimelineEntry.unscoped.create(
        content_type=deadline.content_type,
        object_id=deadline.object_id,
        union=deadline.union,
        workflow=deadline.workflow,
        kind=TimelineEntry.Kind.ESCALATION,
        actor=None,
        at=now,
        from_state=deadline.state,
        to_state=deadline.state,
        transition="",
        note=note,
    )
    audit_record(
        Action.UPDATE,
        obj=obj if obj is not None else deadline,
        actor=None,
        username="system",
        union=deadline.union,
        changes={"deadline_escalated_to": [None, parent.name if parent is not None else None]},
        note=note,
    )
    return True
