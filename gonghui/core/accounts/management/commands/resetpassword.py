from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core.accounts.models import User
from gonghui.core.accounts.services import user_reset_password
from gonghui.core.tree.scoping import system_scope


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        # Translated here, in the language active when the command runs.
        parser.description = _(
            "Give an account a new password, to be changed at its next sign-in. The only way to reset the "
            "password of a county, security or audit administrator. Asks for the password (or --generate)."
        )
        parser.add_argument("username")
        parser.add_argument("--generate", action="store_true", help=_("generate a password and print it once"))

    def handle(self, *args: Any, **options: Any) -> None:
        with system_scope("operator command line"):
            user = User.unscoped.select_related("union").filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No account is named %(name)s.") % {"name": options["username"]})
        password = None
        if not options["generate"]:
            password = getpass.getpass(_("New password: "))
            if password != getpass.getpass(_("New password (again): ")):
                raise CommandError(_("The passwords differ."))
        try:
            with system_scope("operator command line"):
                password = user_reset_password(actor=None, user=user, password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("The password of %(name)s has been reset; it must be changed at the next sign-in.")
                % {"name": user.username}
            )
        )
        if options["generate"]:
            self.stdout.write(_("New password (shown once): %(password)s") % {"password": password})
