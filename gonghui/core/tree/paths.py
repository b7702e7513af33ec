"""Materialised-path arithmetic of the union tree, in one place.

A union's ``path`` is its parent's path plus one *step* of ``STEPLEN`` characters from
``ALPHABET`` (django-treebeard's ``MP_Node``: ``Union.steplen`` and ``Union.alphabet`` are set
from these constants). The county is depth 1 (one step), a township depth 2, and so on, so

* the parent of ``path`` is ``path`` without its last step (``parent_path``),
* the ancestor at depth ``d`` is the first ``d`` steps (``path_at_depth``; a township is depth 2),
* everything below ``path`` is the range ``path <= p < path_upper_bound(path)`` on the indexed
  column (``core.tree.scoping.subtree_q`` builds that filter).

Code that needs any of these asks this module instead of slicing paths by hand.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.functions import Length, Substr

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The depth of a township or sector federation (county 1, township 2, grassroots below).
TOWNSHIP_DEPTH = 2


def depth_of(path: str) -> int:
    """How deep the node of ``path`` sits (the county is 1); 0 for the empty path."""
    return len(path) // STEPLEN


def parent_path(path: str) -> str:
    """The path of the parent of ``path`` ("" for a root)."""
    return path[:-STEPLEN]


def path_at_depth(path: str, depth: int) -> str:
    """The path of the ancestor of ``path`` at ``depth``, or ``path`` itself when it is not deeper."""
    return path[: depth * STEPLEN]


def township_path(path: str) -> str:
    """The path of the township (or sector) federation above ``path`` (``path`` itself if not deeper)."""
    return path_at_depth(path, TOWNSHIP_DEPTH)


def ancestor_paths(path: str, *, include_self: bool = False) -> list[str]:
    """The paths of every node above ``path``, root first (and ``path`` last with ``include_self``)."""
    ancestors = [path[:end] for end in range(STEPLEN, len(path), STEPLEN)]
    return [*ancestors, path] if include_self and path else ancestors


def step_number(path: str) -> int:
    """The position of the node among its siblings: its last step read as a number (1 for the first child)."""
    number = 0
    for char in path[-STEPLEN:]:
        number = number * len(ALPHABET) + ALPHABET.index(char)
    return number


def child_path(parent: str, position: int) -> str:
    """The path of the ``position``-th child (1 for the first) of the node at ``parent`` ("" for a root)."""
    if position < 1:
        raise ValueError("a child's position starts at 1")
    digits = ""
    while position:
        position, digit = divmod(position, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    if len(digits) > STEPLEN:
        raise ValueError(f"more than {len(ALPHABET) ** STEPLEN - 1} children under one node")
    return parent + digits.rjust(STEPLEN, ALPHABET[0])


def path_upper_bound(prefix: str) -> str | None:
    """The smallest path greater than every path that starts with ``prefix``.

    A range on an indexed column (``prefix <= path < bound``) uses the B-tree index on
    SQLite, whose LIKE cannot, and on PostgreSQL in any collation.
    """
    chars = list(prefix)
    for position in range(len(chars) - 1, -1, -1):
        index = ALPHABET.index(chars[position])
        if index + 1 < len(ALPHABET):
            chars[position] = ALPHABET[index + 1]
            return "".join(chars[: position + 1])
        chars[position] = ALPHABET[0]
    return None


# --- The same in SQL ---------------------------------------------------------------------


def parent_path_sql(column: Any) -> Substr:
    """``parent_path`` of a path column (a name) or expression (``OuterRef("path")``), computed by the database."""
    expression = F(column) if isinstance(column, str) else column
    return Substr(expression, 1, Length(expression) - STEPLEN)


def path_at_depth_sql(column: Any, depth: int) -> Substr:
    """``path_at_depth`` of a path column or expression (e.g. ``"union__path"``), computed by the database."""
    return Substr(column, 1, depth * STEPLEN)
