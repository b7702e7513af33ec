from __future__ import annotations

from typing import Any, Protocol

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


class Pageable(Protocol):
    """What the pager needs of a list that is not a queryset: its length and its slices."""

    def count(self) -> int: ...

    def __getitem__(self, index: slice) -> Any: ...


def paginate(request: HttpRequest, queryset: QuerySet | Pageable, per_page: int = PAGE_SIZE) -> Page:
    paginator = Paginator(queryset, per_page)  # type: ignore[arg-type]  # a Pageable is enough for Paginator
    return paginator.get_page(request.GET.get("page"))
