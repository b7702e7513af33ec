"""``gonghui startmodule NAME``: a new module under gonghui/NAME/, already wired (core/modules)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.modules import PACKAGE_DIR, render


class Command(BaseCommand):
    help = (
        "Create gonghui/NAME/: a module with its manifest (navigation, role grants, sheets, figures, "
        "demo step), a union-owned model and its first migration, selectors, services, a list with "
        "filters, pager and export, a detail page, a leak sampler, tests and docs/NAME.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the module's name: lower case, e.g. democracy")
        parser.add_argument("--label", default="", help='what it is called in English, e.g. "Democratic management"')
        parser.add_argument("--zh", default="", help="what it is called in Chinese, e.g. 民主管理")
        parser.add_argument("--no-migrations", action="store_true", help="do not run makemigrations for it")

    def handle(self, *args: Any, name: str, label: str, zh: str, no_migrations: bool, **options: Any) -> None:
        taken = {config.label for config in apps.get_app_configs()}
        try:
            written = render.create(name, label=label, zh_label=zh, taken=taken)
        except render.StartModuleError as exc:
            raise CommandError(str(exc)) from exc
        target = PACKAGE_DIR / name
        render.tidy(written)
        compiled = render.compile_catalogue(target)
        if not no_migrations:
            # A new process: the module is discovered (settings read the manifests) only at start.
            path = [str(PACKAGE_DIR.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
            environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
            environment.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "django", "makemigrations", name, "--name", "initial", "--verbosity", "0"],
                check=True,
                cwd=PACKAGE_DIR.parent,
                env=environment,
            )
            render.tidy(sorted((target / "migrations").glob("0*.py")))
        self.stdout.write(f"Created gonghui/{name}/ ({len(written)} files) and docs/{name}.md.")
        if not compiled:
            self.stdout.write("gettext is not installed: run `make messages` to compile its catalogue.")
        self.stdout.write(
            "Next: say what the module keeps in models.py (then `gonghui makemigrations "
            f"{name}`), declare its navigation, grants, reminders, sheets and figures in manifest.py, "
            f"translate locale/zh_Hans/LC_MESSAGES/django.po, and describe it in docs/{name}.md."
        )
