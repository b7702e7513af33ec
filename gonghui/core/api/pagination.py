"""The API's pager: the list page's own pager, with a page size the caller chooses.

A list the page pages by number (``NUMBERED``) pages here by ``offset`` (rows skipped) and ``limit``;
a list the page pages by keyset (``Keyset(order=...)``: workers, transfers …) pages here by
``after`` (the id of the last row of the previous page, taken from ``next``) and ``limit``, in
the same order and over the same index as the page. Both answer::

    {"count": 1234, "count_capped": false, "next": "…", "previous": "…", "results": [...]}

``count`` is the page's bounded count: exact up to ``COUNT_CAP`` rows; past it ``count`` is
``COUNT_CAP`` and ``count_capped`` is true ("more than 10,000"). ``previous`` is null on keyset
lists (walk again from the first page).
"""

from __future__ import annotations

from typing import Any

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from gonghui.core.web.converters import MAX_ID, parse_id
from gonghui.core.web.lists import COUNT_CAP, Keyset, bounded_count, paginate

MAX_LIMIT = 500
LIMIT = "limit"
OFFSET = "offset"
AFTER = "after"


def page_size(request: Any, default: int) -> int:
    """``?limit=`` between 1 and ``MAX_LIMIT`` (a value that is no number: the list's own page size)."""
    limit = parse_id(request.query_params.get(LIMIT, ""))
    return min(limit, max(MAX_LIMIT, default)) if limit is not None else default


class ListPagination(BasePagination):
    """Pages a declared list the way its page does (see the module docstring)."""

    def paginate(self, request: Any, rows: Any, *, listdef: Any, query: dict[str, str]) -> list[Any]:
        self.request = request
        limit = page_size(request, listdef.per_page)
        carried = {**query, LIMIT: str(limit)} if LIMIT in request.query_params else dict(query)
        base = request.build_absolute_uri(request.path)
        self.next_url: str | None = None
        self.previous_url: str | None = None
        if isinstance(listdef.pager, Keyset):
            page = paginate(request._request, rows, limit, pager=listdef.pager, query=carried)
            self.total, self.capped = page.total, page.capped
            self.next_url = base + page.next_url if page.next_url else None
            return list(page.object_list)
        self.total, self.capped = bounded_count(rows)
        offset = min(parse_id(request.query_params.get(OFFSET, "")) or 0, MAX_ID - MAX_LIMIT - 1)
        if not self.capped and offset >= self.total:
            found: list[Any] = []
        else:
            found = list(rows[offset : offset + limit + 1])
        if len(found) > limit:
            self.next_url = f"{base}?{urlencode({**carried, OFFSET: str(offset + limit)})}"
        if offset > 0:
            previous = {**carried, OFFSET: str(offset - limit)} if offset > limit else carried
            self.previous_url = f"{base}?{urlencode(previous)}" if previous else base
        return found[:limit]

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.total,
                "count_capped": self.capped,
                "next": self.next_url,
                "previous": self.previous_url,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "count_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": str(_("Rows of the whole list, counted up to %(cap)s.") % {"cap": COUNT_CAP}),
                },
                "count_capped": {"type": "boolean", "description": str(_("More rows than counted."))},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        listdef = view.endpoint.list
        limit = {
            "name": LIMIT,
            "required": False,
            "in": "query",
            "description": str(_("Rows per page (at most %(max)s).") % {"max": max(MAX_LIMIT, listdef.per_page)}),
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": max(MAX_LIMIT, listdef.per_page),
                "default": listdef.per_page,
            },
        }
        if isinstance(listdef.pager, Keyset):
            step = {
                "name": AFTER,
                "required": False,
                "in": "query",
                "description": str(_("The id of the last row of the previous page (follow next).")),
                "schema": {"type": "integer", "minimum": 1},
            }
        else:
            step = {
                "name": OFFSET,
                "required": False,
                "in": "query",
                "description": str(_("Rows to skip.")),
                "schema": {"type": "integer", "minimum": 0},
            }
        return [limit, step]
