"""URL converters: what a path segment may hold before a view sees it.

``<id:name>`` is the converter for every object id in a path. Ids are 64-bit signed integers in
both databases; a longer number typed or tampered into a URL is no id of anything, so it is a 404
from the resolver itself rather than an integer the database driver cannot bind (a server error
on SQLite, an out-of-range error on PostgreSQL).
"""

from __future__ import annotations

# The largest value of a signed 64-bit integer (SQLite INTEGER, PostgreSQL bigint).
MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # the resolver treats this as "no match": 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


def parse_id(value: object) -> int | None:
    """An id from a query parameter, or None when it is not one (empty, not a number, out of range)."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


# Years a filter can sensibly name; a date column's __year lookup cannot take more than four digits.
MIN_YEAR, MAX_YEAR = 1900, 2999


def parse_year(value: object) -> int | None:
    """A year from a query parameter, or None when it is not one."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if MIN_YEAR <= number <= MAX_YEAR else None
