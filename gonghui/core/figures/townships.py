"""Townships: the second level of the union tree, by which figures are grouped.

The *township* of a row is the union at depth 2 above the union the row belongs to: a township
federation, a sector union, or a grassroots union directly under the county. Its path is the
first ``2 × steplen`` characters of the row's union path, so grouping by township is a
``GROUP BY`` on a prefix of an indexed column. A row kept by the county federation itself has
no township (its prefix is shorter).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.functions import Substr

from gonghui.core.tree import paths as tree_paths
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as

TOWNSHIP_DEPTH = tree_paths.TOWNSHIP_DEPTH
TOWNSHIP_PATH_LENGTH = TOWNSHIP_DEPTH * tree_paths.STEPLEN


def township_path(column: str = "union__path") -> Substr:
    """The township prefix of ``column`` (a union path), to annotate and group by."""
    return tree_paths.path_at_depth_sql(column, TOWNSHIP_DEPTH)


def township_of(path: str) -> str:
    """The township prefix of a union path; "" for the county itself."""
    return tree_paths.township_path(path) if tree_paths.depth_of(path) >= TOWNSHIP_DEPTH else ""


def township_unions(paths: Iterable[str]) -> dict[str, Union]:
    """Township path → its union (id, name, kind), among those the current actor may see (one query)."""
    wanted = {p for p in paths if p and len(p) == TOWNSHIP_PATH_LENGTH}
    if not wanted:
        return {}
    return {u.path: u for u in Union.objects.filter(path__in=wanted).only("id", "path", "name", "kind")}


def township_names(paths: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Township path → (union id, name), among those the current actor may see (one query)."""
    return {path: (union.pk, union.name) for path, union in township_unions(paths).items()}


def townships_for_user(user: Any) -> list[Union]:
    """The townships in ``user``'s scope (unions at depth 2), in tree order: a filter's choices."""
    with acting_as(user):
        return list(Union.objects.filter(depth=TOWNSHIP_DEPTH).only("id", "name", "path", "kind").order_by("path"))


def group_by_township(rows: Iterable[dict[str, Any]], column: str = "township") -> dict[str, list[dict[str, Any]]]:
    """Grouped lines (``values().annotate()``) gathered by their township prefix ("" for none)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row[column] or "", []).append(row)
    return grouped
