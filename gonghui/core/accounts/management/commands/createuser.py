from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import generate_password, user_create
from gonghui.core.tree.management.commands.createunion import find_union
from gonghui.core.tree.scoping import system_scope


class Command(BaseCommand):
    help = "Create an account at a union with a role. Without --password, asks for one (or --generate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--union", required=True, help="credit code, id or exact name of the union")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--password", help="initial password (visible in the shell history: prefer the prompt)")
        parser.add_argument("--generate", action="store_true", help="generate a password and print it once")

    def handle(self, *args: Any, **options: Any) -> None:
        union = find_union(options["union"])
        if options["generate"]:
            password = generate_password()
        elif options["password"]:
            password = options["password"]
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            with system_scope("operator command line"):
                user = user_create(
                    actor=None,
                    username=options["username"],
                    full_name=options["full_name"] or options["username"],
                    union=union,
                    role=options["role"],
                    phone=options["phone"],
                    password=password,
                    must_change_password=True,
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({Role(user.role).label}) at {union.name}."))
        if options["generate"]:
            self.stdout.write(f"Initial password (shown once, must be changed at first sign-in): {password}")
