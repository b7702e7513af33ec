"""The ``gonghui`` command: every operator task, as a Django management command.

``gonghui serve``, ``gonghui demo``, ``gonghui createuser``, ``gonghui migrate`` …
``gonghui help`` lists them all.
"""

from __future__ import annotations

import os
import sys

# Everything gonghui writes is personal data or a secret: the SQLite files, the keys, uploaded
# attachments and sheets, exports, error workbooks, job files, logs. Only the service account
# may read them (files 0600, directories 0700), whatever umask the shell or service manager gave.
PRIVATE_UMASK = 0o077


def restrict_file_modes() -> None:
    """Make every file and directory this process (and its children) creates private to its owner."""
    os.umask(PRIVATE_UMASK)


def main(argv: list[str] | None = None) -> None:
    restrict_file_modes()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "gonghui"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
