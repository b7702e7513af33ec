"""Reminders of what is due or overdue, per user. Modules register a provider each.

A provider is ``f(user) -> int`` giving how many items need the user's attention; the top
bar shows the sum. The core's workflow adds the deadline provider; modules add theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], int]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _providers[name] = provider


def count_for(user: Any) -> int:
    return sum(provider(user) for provider in _providers.values())
