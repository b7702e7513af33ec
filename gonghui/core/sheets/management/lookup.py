"""Finding the user an operator's command acts as."""

from __future__ import annotations

from django.core.management.base import CommandError

from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope


def find_user(username: str) -> User:
    with system_scope("operator command line"):
        user = User.unscoped.select_related("union").filter(username=username).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    return user
