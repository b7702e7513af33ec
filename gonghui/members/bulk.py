"""What ``save()`` and the create services derive on the member registry's rows, for the bulk writer."""

from __future__ import annotations

from typing import Any

from gonghui.core.demo.bulk import derives
from gonghui.members.models import Membership, Worker, last_seen
from gonghui.members.services import worker_search_fields


@derives(Worker)
def worker_search_columns(row: Any) -> None:
    """As the worker services: pinyin, initials, name terms and the phone's last four digits."""
    for key, value in worker_search_fields(row.name, getattr(row, "phone", None)).items():
        setattr(row, key, value)


@derives(Membership)
def membership_last_seen(row: Any) -> None:
    """As ``Membership.save``: the latest of joining, dues and activity."""
    row.last_seen_on = last_seen(row.joined_on, row.last_dues_on, row.last_activity_on)
