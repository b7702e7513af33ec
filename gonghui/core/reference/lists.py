"""The code lists' pages as lists (``core.web.lists``): a search, the children of one code, the pager.

The entries are national standards, the same for everyone: the rows do not depend on the user.
Divisions read as a tree (codes sort parents before children), so their pages are longer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.reference import selectors
from gonghui.core.reference.models import Division
from gonghui.core.web.lists import FilterForm, ListDef, carried, search

DIVISION_DEPTH = {level: depth for depth, level in enumerate(Division.Level.values)}


class EntryFilters(FilterForm):
    q = search(_("code, name or variant"), testid="reference-search")
    parent = carried(_("below"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None  # the page names the parent above its rows, with a link to show all


def entry_rows(user: Any, *, kind: str, q: str = "", parent: str = "") -> QuerySet[Any]:
    """The entries of ``kind`` the page shows: matching ``q``, below ``parent`` when given."""
    rows = selectors.entries(kind, q=q, parent=parent or None)
    return rows.order_by("code") if kind == "division" else rows


def with_depth(entries: list[Any]) -> list[Any]:
    """Each division's depth in the tree (province 0 … village 4), for the indent."""
    for entry in entries:
        entry.depth = DIVISION_DEPTH.get(getattr(entry, "level", ""), 0)
    return entries


ENTRIES = ListDef(rows=entry_rows, filters=EntryFilters)
DIVISIONS = ListDef(rows=entry_rows, filters=EntryFilters, per_page=200, decorate=with_depth)
