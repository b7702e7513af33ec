"""``gonghui resettotp USER``: the only way to reset an account's second factor (a lost phone)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core.accounts import two_factor
from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(
            "Remove an account's second factor and recovery codes (a lost or replaced phone) and end its "
            "sessions. Recorded in the audit log. At its next sign-in the account sets up a new one "
            "(administrators must). Reset the password as well (gonghui resetpassword) if it may be known."
        )
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        with system_scope("operator command line"):
            user = User.unscoped.select_related("union").filter(username=options["username"]).first()
            if user is None:
                raise CommandError(_("No account is named %(name)s.") % {"name": options["username"]})
            ended = two_factor.reset(user)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "The second factor of %(name)s has been reset and %(sessions)d session(s) ended; a new one is set "
                    "up at the next sign-in."
                )
                % {"name": user.username, "sessions": ended}
            )
        )
