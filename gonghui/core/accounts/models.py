"""Accounts: every user sits at one node of the union tree with one role."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import UNSCOPED_DATA_ROLES, Role, permissions_of
from gonghui.core.privacy.fields import BlindIndexField, EncryptedPersonalField, PersonalDataModel
from gonghui.core.tree.scoping import Scope, ScopedManager, scoped_queryset_class


class ScopedUserManager(UserManager):
    _scoped_queryset_class = scoped_queryset_class(models.QuerySet, "union__path")

    def get_queryset(self) -> models.QuerySet:
        queryset = self._scoped_queryset_class(self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]
        queryset._apply_scope()  # type: ignore[attr-defined]
        return queryset


class User(PersonalDataModel, AbstractUser):
    """A person who signs in. Their ``union`` is where they sit; their ``role`` what they do.

    ``phone`` and ``id_number`` (for real-name accounts) are encrypted at rest, with blind
    indexes for exact lookup: ``User.objects.filter(id_number__matches="...")``.
    """

    union_owned_exempt = "an account sits at a union rather than belonging to it; ScopedUserManager scopes accounts"

    full_name = models.CharField(_("full name"), max_length=100)
    union = models.ForeignKey("tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="accounts")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    phone = EncryptedPersonalField(_("mobile phone"), kind="phone", blind_index="phone_hash", blank=True)
    phone_hash = BlindIndexField()
    id_number = EncryptedPersonalField(
        _("ID number"), kind="id_number", blind_index="id_number_hash", blank=True, null=True
    )
    # Unique when present: one real-name account per person.
    id_number_hash = BlindIndexField(unique=True)
    password_changed_at = models.DateTimeField(_("password changed"), default=timezone.now)
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Scoped like every union-owned model. Authentication, which runs before anyone is
    # known, reads through `unscoped` (see accounts.backends).
    objects: ClassVar[ScopedUserManager] = ScopedUserManager()
    unscoped: ClassVar[UserManager] = UserManager()

    REQUIRED_FIELDS: ClassVar[list[str]] = []
    # Account contact data is the security administrator's to see (separation of duties:
    # they hold no permission of the data apps), so accounts name their own permission.
    unmask_permissions: ClassVar[dict[str, str]] = {
        "phone": "accounts.unmask_personal_data",
        "id_number": "accounts.unmask_personal_data",
    }

    class Meta:
        ordering = ["username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        default_permissions = ()
        indexes = [models.Index(fields=["union", "role"], name="accounts_user_union_role")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username

    def audit_union(self) -> Any:
        return self.union

    def union_scope(self) -> Scope:
        """The subtree this user's queries are limited to."""
        if not self.is_active or self.role in UNSCOPED_DATA_ROLES:
            return Scope.nothing()
        return Scope.subtree(self.union.path)

    @property
    def role_permissions(self) -> frozenset[str]:
        return permissions_of(self.role) if self.is_active else frozenset()


class PasswordHistory(models.Model):
    """A hash of a password a user has had, so that it cannot be chosen again (MLPS 2.0).

    Written whenever a password is set (``passwords.PasswordHistoryValidator.password_changed``)
    and pruned to the current password and the ones before it that the rule remembers.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("password"), max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(path="user__union__path")
    # Only the password validator reads it, for the user whose password is being set.
    unscoped = models.Manager()  # noqa: DJ012

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
