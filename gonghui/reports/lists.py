"""The work report's list: the reports asked for earlier, with their files (``core/web/lists.py``)."""

from __future__ import annotations

from gonghui.core.web.lists import ListDef
from gonghui.reports import selectors

REPORTS = ListDef(rows=selectors.reports_for_user)
