from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gonghui.core.web import navigation, reminders


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs: navigation, the user's union, the reminders count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = navigation.items_for(user)
    navigation.mark_active(sections, request.path)
    return {
        "nav_sections": sections,
        "reminder_count": reminders.count_for(user),
    }
