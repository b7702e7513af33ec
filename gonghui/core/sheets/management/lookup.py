"""Finding the user an operator's command acts as."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope


def find_user(username: str) -> User:
    with system_scope("operator command line"):
        user = User.unscoped.select_related("union").filter(username=username).first()
    if user is None:
        raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
    return user
