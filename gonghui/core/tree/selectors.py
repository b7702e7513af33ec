"""Reads of the union tree, through the actor's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, subtree_q


def unions_for_user(actor: Any, *, q: str = "", kind: str = "", within: Union | None = None) -> QuerySet[Union]:
    with acting_as(actor):
        unions = Union.objects.all()
        if within is not None:
            unions = unions.filter(subtree_q("path", within.path))
        if kind:
            unions = unions.filter(kind=kind)
        if q:
            unions = unions.filter(Q(name__icontains=q) | Q(credit_code__iexact=q))
        return unions


def get_union_for_user(actor: Any, union_id: int) -> Union:
    with acting_as(actor):
        return get_object_or_404(Union.objects.all(), pk=union_id)


def subtree(union: Union, *, include_self: bool = True) -> QuerySet[Union]:
    """Everything below ``union`` that the current actor may see, by an indexed path range."""
    unions = Union.objects.filter(subtree_q("path", union.path))
    return unions if include_self else unions.exclude(pk=union.pk)


def children_for_user(actor: Any, union: Union) -> QuerySet[Union]:
    with acting_as(actor):
        return Union.objects.get_children(union).order_by("kind", "name")


def ancestors_for_user(actor: Any, union: Union) -> list[Union]:
    with acting_as(actor):
        return list(Union.objects.get_ancestors(union))


def kind_counts(actor: Any, union: Union) -> dict[str, int]:
    """How many unions of each kind lie in ``union``'s subtree (for home pages)."""
    with acting_as(actor):
        rows = subtree(union).values("kind").annotate(n=Count("id")).order_by()
        return {row["kind"]: row["n"] for row in rows}


def with_parent_id(unions: QuerySet[Union]) -> QuerySet[Union]:
    """Annotate ``parent_id`` from the path in one query (null where the parent is out of scope)."""
    parent_path = paths.parent_path_sql(OuterRef("path"))
    parents = Union.objects.filter(path=parent_path).values("pk")[:1]
    return unions.annotate(parent_id=Subquery(parents))
