from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gonghui.core.web import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs: navigation and the user's union.

    The number on the reminders bell is not counted here: the shell shows the bell empty and
    htmx fetches the number (``web:reminder_badge``, the reminders page's own count) once the page
    has shown, so no page waits for every module's reminders to be counted.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = navigation.items_for(user)
    navigation.mark_active(sections, request.path)
    return {"nav_sections": sections}
