"""Helper process of the restore drill (test_restore_drill.py), run against a real installation.

``python -m gonghui.core.ops.tests.drill_driver build``   the demo county, a known account, stored files
``... write STOP_FILE``  commit numbered changes to two tables until STOP_FILE exists; print the last
``... lookup``           find the known account by its ID number's blind index, print it decrypted
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import django

ID_NUMBER = "11010519491231002X"
WRITER = "drill_writer"
FILES = {
    "attachments/assistance/drill-scan.pdf": b"%PDF-1.4 drill scan " * 500,
    "sheets/drill-upload.xlsx": b"PK\x03\x04 drill sheet " * 300,
    "jobs/00000000-0000-0000-0000-000000000001/result/export.xlsx": b"PK\x03\x04 drill result " * 200,
}


def main(argv: list[str]) -> None:
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from gonghui.core.accounts.models import User
    from gonghui.core.accounts.roles import Role
    from gonghui.core.accounts.services import user_create
    from gonghui.core.audit.services import Action, audit_record
    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import system_scope

    if argv[0] == "build":
        call_command("migrate", verbosity=0)
        call_command("demo", size="small", verbosity=0)
        with system_scope("restore drill set-up"):
            county = Union.unscoped.get(depth=1)
            user_create(
                actor=None,
                username=WRITER,
                full_name="drill 0",
                union=county,
                role=Role.UNION_STAFF,
                password="Drill#Pass2026",
                id_number=ID_NUMBER,
                phone="13812345678",
            )
        roots = {"attachments": Path(settings.GONGHUI_ATTACHMENTS_DIR), "sheets": Path(settings.SHEETS_DIR)}
        roots["jobs"] = Path(settings.DATA_DIR) / "jobs"
        for relative, content in FILES.items():
            name, rest = relative.split("/", 1)
            path = roots[name] / rest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        print("built")
    elif argv[0] == "write":
        stop = Path(argv[1])
        with system_scope("restore drill writes"):
            county = Union.unscoped.get(depth=1)
            n = 0
            while not stop.exists():
                n += 1
                # Two tables in one transaction: a consistent copy has both or neither.
                with transaction.atomic():
                    audit_record(Action.UPDATE, union=county, object_repr="drill", note=f"drill {n}")
                    User.unscoped.filter(username=WRITER).update(full_name=f"drill {n}")
                time.sleep(0.002)
        print(n)
    elif argv[0] == "lookup":
        with system_scope("restore drill check"):
            user = User.unscoped.get(id_number__matches=ID_NUMBER)
            print(json.dumps({"username": user.username, "id_number": user.id_number, "phone": user.phone}))


if __name__ == "__main__":
    main(sys.argv[1:])
