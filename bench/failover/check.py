"""After the drill: how many times each of the writer's members is in the database now (by its name)."""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from gonghui.core.tree.scoping import system_scope
    from gonghui.members.models import Membership

    with system_scope("the failover drill counts the members its writer added"):
        names = Membership.objects.filter(worker__name__startswith="演练").values_list("worker__name", flat=True)
        counts = Counter(int(re.sub(r"\D", "", name)) for name in names)
    print(json.dumps({str(seq): count for seq, count in counts.items()}))
    return 0


if __name__ == "__main__":
    del sys.argv[1:]
    raise SystemExit(main())
