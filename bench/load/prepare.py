"""The load test's accounts and member sheets.

Accounts: one per simulated person, so no two share a session or a TOTP code. Run in the
throwaway database's environment (``python -m bench.load.prepare DIR COUNT``) after the demo
county is built; it writes ``DIR/accounts.json`` and a few member collection sheets
``DIR/sheets/*.xlsx`` (2,000 rows each) for the importer. Each role's accounts sit where the
demo's account of that role sits and share its password hash; the county administrators (who
must give a second factor) each get a confirmed TOTP device with a known key, written to
``accounts.json`` for the locustfile. Township staff (``township001`` …) and grassroots officers
(``officer0001`` …) are the demo's own.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

# Roles whose demo account is copied, and the prefix of the copies' usernames.
SHEETS, SHEET_ROWS = 4, 2_000
COPIED = {"demo_county_admin": "load_county", "demo_assistance": "load_assistance", "demo_leader": "load_leader"}


def main() -> int:
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    sheets = out / "sheets"
    sheets.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gonghui.core.accounts import two_factor
    from gonghui.core.accounts.models import User
    from gonghui.core.tree.scoping import system_scope

    accounts: dict[str, list[dict[str, str]]] = {}
    with system_scope("the load test creates its own accounts"), transaction.atomic():
        for template_name, prefix in COPIED.items():
            template = User.unscoped.get(username=template_name)
            made = []
            for i in range(1, count + 1):
                user = User.unscoped.create(
                    username=f"{prefix}{i:02d}",
                    full_name=template.full_name,
                    role=template.role,
                    union=template.union,
                    password=template.password,
                    password_changed_at=template.password_changed_at,
                )
                entry = {"username": user.username}
                if two_factor.required(user):
                    key = secrets.token_hex(20)
                    TOTPDevice.objects.create(user=user, name=two_factor.TOTP_NAME, key=key, confirmed=True)
                    entry["totp_key"] = key
                made.append(entry)
            accounts[prefix] = made
        for pool in ("township", "officer"):
            names = (
                User.unscoped.filter(username__startswith=pool).order_by("username").values_list("username", flat=True)
            )
            accounts[pool] = [{"username": name} for name in names]
    (out / "accounts.json").write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    from gonghui.members.samples import write_member_sheet

    for seed in range(SHEETS):
        write_member_sheet(sheets / f"members-{seed + 1}.xlsx", rows=SHEET_ROWS, seed=1000 + seed)
    print(", ".join(f"{len(v)} {k}" for k, v in accounts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
