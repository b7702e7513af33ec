"""Pickers: a search box that finds the one row a form needs (a worker, an employer, a seeker).

Every picker reads its words the same way and shows at most ``PICK_LIMIT`` rows: a few more
letters narrow it. A module's ``*_to_pick`` selector takes the words and answers in the actor's
scope, in its list's order.
"""

from __future__ import annotations

from typing import Any

# A picker shows this many rows at most.
PICK_LIMIT = 20
# The longest query a picker reads.
PICK_QUERY_LENGTH = 100


def pick_words(q: str | None) -> str:
    """The words of a picker's query: blanks folded to one space, at most ``PICK_QUERY_LENGTH`` characters."""
    return " ".join((q or "").split())[:PICK_QUERY_LENGTH]


def search_words(request: Any, name: str = "q") -> str:
    """The words of the picker's query in ``request`` (``?q=``)."""
    return pick_words(request.GET.get(name, ""))
