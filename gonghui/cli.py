"""The ``gonghui`` command: every operator task, as a Django management command.

``gonghui serve``, ``gonghui demo``, ``gonghui createuser``, ``gonghui migrate`` …
``gonghui help`` lists them all.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "gonghui"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
