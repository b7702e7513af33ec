"""The audit log: one append-only table of who did what, when, from where, to what."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.scoping import ScopedQuerySetMixin


class AuditLogIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or delete an audit row from the application."""


class AuditQuerySet(ScopedQuerySetMixin, models.QuerySet):
    scope_path = "union__path"

    def update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit rows cannot be changed")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("audit rows are removed only by the retention purge")


class AuditManager(models.Manager):
    def get_queryset(self) -> AuditQuerySet:
        queryset = AuditQuerySet(self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]
        queryset._apply_scope()
        return queryset


class AuditEvent(models.Model):
    """One entry of the audit log. Scoped by ``union``: the union the object belongs to."""

    union_owned_exempt = (
        "an append-only log: a row may belong to no union (a failed sign-in), has no update time, "
        "and is scoped by AuditManager"
    )

    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        MOVE = "move", _("Move")
        TRANSITION = "transition", _("State change")
        LOGIN = "login", _("Sign-in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOCKOUT = "lockout", _("Lockout")
        UNLOCK = "unlock", _("Unlock")
        LOGOUT = "logout", _("Sign-out")
        SESSION_EXPIRED = "session_expired", _("Session expired")
        PASSWORD_CHANGE = "password_change", _("Password change")
        PASSWORD_RESET = "password_reset", _("Password reset")
        PERMISSION_CHANGE = "permission_change", _("Permission change")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        UNMASK = "unmask", _("Personal data shown in full")
        VIEW_PERSONAL = "view_personal", _("Personal data viewed")
        ACCESS_REFUSED = "access_refused", _("Access refused")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text so the row still reads right if the account is renamed.
    actor_username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditManager()
    # The retention purge and the audit tests only. Grep for `unscoped`.
    unscoped = models.Manager()  # noqa: DJ012 (ruff reads a second manager as a field)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        default_permissions = ()
        permissions = [("view_auditevent", "Can read the audit log")]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["union", "at"], name="audit_union_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit rows are removed only by the retention purge")


class RefusalCount(models.Model):
    """How many refused requests of one user in one minute the log recorded, and how many it did not.

    Not part of the log: a counter every web process shares through the database, so the log
    takes at most ``AUDIT_REFUSALS_PER_MINUTE`` refusal rows a minute per user however many
    processes serve (see ``services.access_refused_record``). A periodic job turns each closed
    minute with refusals left out into one summary row of the log, and removes the counters.
    """

    user = models.ForeignKey("accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField(_("minute"), db_index=True)
    recorded = models.PositiveIntegerField(_("recorded"), default=0)
    suppressed = models.PositiveIntegerField(_("not recorded"), default=0)

    class Meta:
        verbose_name = _("refusal count")
        verbose_name_plural = _("refusal counts")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["user", "minute"], name="audit_refusal_user_minute")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.minute:%Y-%m-%d %H:%M} {self.recorded}+{self.suppressed}"
