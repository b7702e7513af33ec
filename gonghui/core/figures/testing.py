"""Counting a list's rows as a user sees them, for the figure/drill-down test and module tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.test import Client

MAX_PAGES = 200


def _page_of(response: Any) -> Any:
    context = response.context
    if context is None or "page" not in context:
        raise AssertionError(
            f"{response.request['PATH_INFO']} has no `page` in its context: a drill-down must open a list page."
        )
    return context["page"]


def _has_next(page: Any) -> bool:
    has_next = page.has_next
    return bool(has_next() if callable(has_next) else has_next)


def _next_url(url: str, page: Any) -> str:
    """The next page of the same list: the pager's own link if it has one, else ``?page=n+1``."""
    next_url = getattr(page, "next_url", None)
    if next_url:
        return next_url if next_url.startswith("/") else f"{urlsplit(url).path}{next_url}"
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page.number + 1)))
    return f"{parts.path}?{urlencode(query)}"


def count_list_rows(client: Client, url: str) -> int:
    """The number of rows the list at ``url`` shows to ``client``'s user, every page walked.

    The rows are those the view put on its pages (``page.object_list``), not a total it states,
    so a pager that estimates its total cannot make a wrong figure look right.
    """
    rows = 0
    for _ in range(MAX_PAGES):
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url} answered {response.status_code}")
        page = _page_of(response)
        rows += len(page.object_list)
        if not _has_next(page):
            return rows
        url = _next_url(url, page)
    raise AssertionError(f"{url}: more than {MAX_PAGES} pages")
