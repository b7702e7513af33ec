"""{% employer_visits employer %}: the survey visits recorded for an employer (employer page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from gonghui.organisations.selectors.surveys import employer_visits_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def employer_visits(context: template.Context, employer: Any) -> str:
    """A card with the campaign visits of ``employer`` the user may see; nothing when there are none."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    visits = employer_visits_for_user(user, employer)
    if not visits:
        return ""
    return render_to_string("organisations/_employer_visits.html", {"visits": visits}, request=request)
