"""The drill's writer: members join one after another through the members service, each attempt logged.

Run by ``bench.failover`` in a process of its own, against the cluster's multi-host URL. For each
attempt it records when it started, when it ended and how: ``committed`` (the transaction's
COMMIT returned), ``failed`` (an error before COMMIT was sent: nothing was written) or
``unknown`` (the connection broke while COMMIT was in flight: the write may or may not have
landed — the check afterwards tells). After any error it drops the connection, so the next attempt
reconnects, and libpq's ``target_session_attrs=read-write`` finds whichever node is primary now.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path


def id_number(seq: int) -> str:
    """A valid resident ID number, unique per ``seq`` (GB 11643 check digit by python-stdnum)."""
    from stdnum.cn import ric

    body = f"3401021980{(seq // 1000) % 12 + 1:02d}{(seq // 100) % 28 + 1:02d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the 17 digits of an 18-character number


def main() -> int:
    out = Path(sys.argv[1])
    seconds = float(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.db import InterfaceError, OperationalError, connection, transaction

    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import system_scope
    from gonghui.members.services import member_add

    with system_scope("the failover drill picks the grassroots union its members join"):
        union = Union.objects.filter(kind=Union.Kind.GRASSROOTS).order_by("path").first()
    assert union is not None, "the drill needs the demo county"
    log: list[dict[str, object]] = []
    started = time.monotonic()
    first = True
    seq = 0
    while time.monotonic() - started < seconds:
        seq += 1
        begin = time.time()
        outcome = "failed"
        try:
            with transaction.atomic():
                member_add(
                    actor=None, union=union, on=date(2026, 1, 5), name=f"演练{seq:05d}", id_number=id_number(seq)
                )
                outcome = "unknown"  # from here on, COMMIT is in flight when the connection breaks
            outcome = "committed"
        except (OperationalError, InterfaceError):
            connection.close()
            time.sleep(0.2)
        except Exception as exc:
            connection.close()
            log.append({"seq": seq, "start": begin, "end": time.time(), "outcome": "error", "error": repr(exc)[:200]})
            time.sleep(0.2)
            continue
        log.append({"seq": seq, "start": begin, "end": time.time(), "outcome": outcome})
        if first and outcome == "committed":
            # The drill's clock starts once writes flow (Django's start-up is slow on a loaded machine).
            Path(f"{out}.ready").touch()
            started = time.monotonic()
            first = False
    out.write_text(json.dumps(log), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
