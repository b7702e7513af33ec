from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gonghui.core.web import navigation, reminders


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs: navigation, the user's union, the reminders count.

    The count is the reminders list's own ``count`` (the page's total), handed over uncalled:
    a template calls it when it shows the bell, so a partial that shows none costs no query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = navigation.items_for(user)
    navigation.mark_active(sections, request.path)
    return {
        "nav_sections": sections,
        "reminder_count": reminders.for_request(request).count,
    }
