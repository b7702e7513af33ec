"""The left navigation: each module registers its entries in ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    section: Any
    label: Any
    url_name: str
    icon: str
    perm: str | Callable[[Any], bool] | None  # a permission, or a test of the user
    order: int = 100


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def mark_active(sections: list[dict[str, Any]], path: str) -> None:
    """Mark the one entry whose address is the longest prefix of ``path`` (the page's own section)."""
    best: dict[str, Any] | None = None
    for section in sections:
        for item in section["items"]:
            if path.startswith(item["url"]) and (best is None or len(item["url"]) > len(best["url"])):
                best = item
    if best is not None:
        best["active"] = True


def items_for(user: Any) -> list[dict[str, Any]]:
    """Sections with the entries ``user`` may open, in order."""
    sections: dict[str, dict[str, Any]] = {}
    for item in sorted(_items.values(), key=lambda i: i.order):
        allowed = item.perm(user) if callable(item.perm) else item.perm is None or user.has_perm(item.perm)
        if not allowed:
            continue
        key = str(item.section)
        section = sections.setdefault(key, {"label": item.section, "items": []})
        section["items"].append(
            {"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "name": item.url_name}
        )
    return list(sections.values())
