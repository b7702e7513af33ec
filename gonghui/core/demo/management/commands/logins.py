from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role

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
                self.stdout.write(f"  {account.username:<24} {role.label!s:<28} {account.union.name}")
        self.stdout.write("")
