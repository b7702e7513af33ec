from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import APPOINTED_ROLES, Role

DEMO_PREFIX = "demo_"


class Command(BaseCommand):
    help = "Print one demo login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="Gonghui#2026")

    def handle(self, *args: Any, **options: Any) -> None:
        users: dict[str, User] = {}
        for user in User.unscoped.filter(username__startswith=DEMO_PREFIX).select_related("union").order_by("pk"):
            users.setdefault(user.role, user)
        if not users:
            self.stdout.write("No demo accounts.")
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {options['password']})"))
        for role in Role:
            if role.value in users:
                account = users[role.value]
                star = "*" if role in APPOINTED_ROLES else " "
                self.stdout.write(f" {star}{account.username:<24} {role.label!s:<28} {account.union.name}")
        self.stdout.write("")
        # The administrators (MLPS level 3) need a second factor: say how to set it up (accounts/two_factor.py).
        self.stdout.write(
            "* Administrators also type a one-time code. At their first sign-in the site shows a QR code:\n"
            "  scan it with any authenticator app (Microsoft Authenticator, FreeOTP, Google Authenticator ...),\n"
            "  type the 6-digit code it shows, and keep the recovery codes. A lost phone: gonghui resettotp USER.\n"
            "  Other accounts may turn it on under My account > Second factor."
        )
        self.stdout.write("")
