"""Password rules beyond Django's built-ins (MLPS 2.0: complexity, no reuse of recent passwords)."""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# How many passwords before the current one may not be chosen again.
PASSWORD_HISTORY_SIZE = 5


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule, with its error message in our catalogue.

    Django 5.2 reworded the message and its Chinese catalogue lacks the new wording, so the
    message showed in English under zh-hans.
    """

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CharacterClassValidator:
    """Require characters from at least ``min_classes`` of: lower, upper, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            [
                any(c in string.ascii_lowercase for c in password),
                any(c in string.ascii_uppercase for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password: str, user: Any = None) -> None:
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(count)d of: lower-case letters, upper-case letters, digits and symbols."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    """Refuse the current password and the ``PASSWORD_HISTORY_SIZE`` before it.

    Django calls ``password_changed`` after every save that set a password (the services,
    the command line, an administrator's reset), which records the new hash here.
    """

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        hashes = [user.password] if user.password else []
        if user.pk is not None:
            hashes += list(self._recent(user).values_list("password", flat=True))
        # Compare with the hashers directly: user.check_password() would re-save an old hash.
        if any(check_password(password, encoded) for encoded in dict.fromkeys(hashes)):
            raise ValidationError(self._message(), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        from gonghui.core.accounts.models import PasswordHistory

        if user is None or user.pk is None or not user.password:
            return
        PasswordHistory.unscoped.create(user=user, password=user.password)
        kept = self._recent(user).values_list("pk", flat=True)
        PasswordHistory.unscoped.filter(user=user).exclude(pk__in=list(kept)).delete()

    @staticmethod
    def _recent(user: Any) -> Any:
        from gonghui.core.accounts.models import PasswordHistory

        # System read: the validator checks the password of the user it is given, whoever acts.
        newest_first = PasswordHistory.unscoped.filter(user_id=user.pk).order_by("-pk")
        return newest_first[: PASSWORD_HISTORY_SIZE + 1]

    def get_help_text(self) -> str:
        return self._message()

    @staticmethod
    def _message() -> str:
        return ngettext(
            "Your password cannot be your current password or the one before it.",
            "Your password cannot be your current password or one of the %(count)d before it.",
            PASSWORD_HISTORY_SIZE,
        ) % {"count": PASSWORD_HISTORY_SIZE}
