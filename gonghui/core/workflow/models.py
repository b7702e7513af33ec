"""The timeline of every workflow object, and the deadlines its states open.

Both point at their object generically (content type + id) and carry the object's union,
which scopes them like every union-owned row.
"""

from __future__ import annotations

import os
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import workflow_named
from gonghui.core.workflow.rules import RULES, rule_text


class AttachmentStorage(FileSystemStorage):
    """Attachments live in GONGHUI_ATTACHMENTS_DIR, outside anything the web server serves.

    The directory is read from the settings at each use, not once at start-up.
    """

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.GONGHUI_ATTACHMENTS_DIR)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("attachments have no URL; download them through workflow:attachment")


def attachment_storage() -> FileSystemStorage:
    return AttachmentStorage()


def attachment_path(instance: TimelineEntry, filename: str) -> str:
    # A random name: the original (kept in attachment_name) may hold personal data or odd characters.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{instance.content_type.app_label}/{uuid.uuid4().hex}{suffix}"


class TimelineEntry(UnionOwnedModel):
    """One event in an object's life: a transition, or a deadline escalated by the system."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("State change")
        ESCALATION = "escalation", _("Escalation")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object ID"))
    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="timeline_entries"
    )
    workflow = models.CharField(_("workflow"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TRANSITION)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    transition = models.CharField(_("step"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(
        _("attachment"), storage=attachment_storage, upload_to=attachment_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        default_permissions = ()
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="workflow_timeline_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.transition or self.kind} {self.from_state}→{self.to_state}"

    @property
    def flow(self) -> Any:
        return workflow_named(self.workflow)

    @property
    def from_label(self) -> Any:
        return self.flow.state_label(self.from_state) if self.flow and self.from_state else self.from_state

    @property
    def to_label(self) -> Any:
        return self.flow.state_label(self.to_state) if self.flow and self.to_state else self.to_state

    @property
    def transition_label(self) -> Any:
        declared = self.flow.transition(self.transition) if self.flow else None
        if declared is not None:
            return declared.label
        if self.transition == "start":
            return _("Created")
        return self.transition or self.get_kind_display()


class Deadline(UnionOwnedModel):
    """The due date of one object in one state, from the state's rule; closed when it leaves."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object ID"))
    workflow = models.CharField(_("workflow"), max_length=64)
    state = models.CharField(_("state"), max_length=32)
    started_on = models.DateField(_("started on"))
    due_on = models.DateField(_("due on"), db_index=True)
    rule_kind = models.CharField(_("rule"), max_length=16, choices=[(k, k) for k in RULES])
    rule_days = models.PositiveSmallIntegerField(_("days"))
    rule_basis = models.CharField(_("basis"), max_length=200, blank=True)
    # A year on the way had no known calendar: Monday–Friday was assumed until it is known.
    provisional = models.BooleanField(_("provisional"), default=False)
    responsible_union = models.ForeignKey(
        "tree.Union", verbose_name=_("responsible union"), on_delete=models.PROTECT, related_name="+"
    )
    # Comma-framed role names (",security_admin,"), so one LIKE finds a role on any database.
    responsible_roles = models.CharField(_("responsible roles"), max_length=300)
    escalation_roles = models.CharField(_("escalation roles"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        "tree.Union",
        verbose_name=_("escalated to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        default_permissions = ()
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="workflow_deadline_object"),
            models.Index(fields=["closed_at", "due_on"], name="workflow_deadline_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(closed_at__isnull=True),
                name="workflow_one_open_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workflow}:{self.object_id} {self.state} → {self.due_on}"

    @property
    def rule_text(self) -> str:
        """The rule as users read it, e.g. "3个工作日（法定节假日和休息日不计入）"."""
        text = rule_text(self.rule_kind, self.rule_days)
        return f"{text} {self.rule_basis}" if self.rule_basis else text

    @property
    def state_label(self) -> Any:
        flow = workflow_named(self.workflow)
        return flow.state_label(self.state) if flow else self.state

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
