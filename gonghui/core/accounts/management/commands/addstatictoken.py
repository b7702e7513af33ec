"""django-otp's ``addstatictoken`` would add a recovery code from the command line without a trace.

Replaced here (this app comes before django-otp's): second factors are reset with ``gonghui resettotp``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Not available: use `gonghui resettotp USER`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            _("Recovery codes are not added by hand. Reset the account's second factor with: gonghui resettotp USER")
        )
