"""The language an operator's command speaks: ``--language``, else the environment, else the default.

Like other command-line tools, the commands honour the locale environment in gettext's order:
``LANGUAGE`` (a colon-separated list), then the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
that is set. The first entry naming a language the project has (``zh_CN.UTF-8`` → zh-hans,
``en_US.UTF-8`` → en) wins; ``C`` and ``POSIX`` (a server's usual ``C.UTF-8``) and languages the
project does not have say nothing, so the installation's ``LANGUAGE_CODE`` (zh-hans) applies.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _supported(entry: str) -> str | None:
    """The project language a locale name such as ``zh_CN.UTF-8`` or ``en`` stands for, if any."""
    name = entry.split(".", 1)[0].split("@", 1)[0].strip().replace("_", "-").lower()
    if not name or name in ("c", "posix"):
        return None
    try:
        return translation.get_supported_language_variant(name)
    except LookupError:
        return None


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The project language the locale environment asks for, or None when it asks for none."""
    env = os.environ if environ is None else environ
    candidates = [part for part in env.get("LANGUAGE", "").split(":") if part]
    locale = next((env[name] for name in LOCALE_VARIABLES if env.get(name)), "")
    if locale:
        candidates.append(locale)
    for entry in candidates:
        language = _supported(entry)
        if language is not None:
            return language
    return None


def command_language(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``--language`` if given, else what the environment asks for, else ``settings.LANGUAGE_CODE``."""
    return option or environment_language(environ) or settings.LANGUAGE_CODE


class LocalisedCommand(BaseCommand):
    """A command whose output (help, lines, errors) is in the operator's language (see the module).

    Its description is ``help_text`` (lazy text, translated when the help is printed), not ``help``.
    """

    help_text: ClassVar[Any] = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help=_("the language of the output (default: from LANGUAGE, LC_ALL or LANG, else %(default)s)")
            % {"default": settings.LANGUAGE_CODE},
        )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help_text) or None  # in the language active now
        return parser

    # Help is printed while the arguments are parsed (or by ``gonghui help import``): in the
    # environment's language, since ``--language`` is not parsed yet.
    def run_from_argv(self, argv: list[str]) -> None:
        with translation.override(command_language()):
            super().run_from_argv(argv)

    def print_help(self, prog_name: str, subcommand: str) -> None:
        with translation.override(command_language()):
            super().print_help(prog_name, subcommand)

    def execute(self, *args: Any, **options: Any) -> str | None:
        with translation.override(command_language(options.get("language"))):
            return super().execute(*args, **options)
