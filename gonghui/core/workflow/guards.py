"""Guards every module's workflows share (``Transition(guard=..., guard_message=...)``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

# The message for a step the maker may not take (four eyes: 四眼原则 for money).
NOT_THE_MAKER = _("The person who made it cannot check or approve it: a second person must.")


def not_the_maker(field: str = "made_by") -> Callable[[Any, Any], bool]:
    """A guard passing only for someone other than the user in ``field`` (maker ≠ checker).

    ``Transition("check", ..., guard=not_the_maker(), guard_message=NOT_THE_MAKER)``; a step run
    by the system (no actor) passes.
    """
    attname = f"{field}_id"

    def guard(obj: Any, actor: Any) -> bool:
        return actor is None or getattr(obj, attname) != actor.pk

    guard.__name__ = f"not_the_{field}"
    return guard
