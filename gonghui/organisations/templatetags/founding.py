"""{% employer_founding employer %}: the employer's founding cases and their timelines (employer page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from gonghui.organisations.selectors import founding as selectors_founding

register = template.Library()


@register.simple_tag(takes_context=True)
def employer_founding(context: template.Context, employer: Any) -> str:
    """A card with the employer's founding history (its cases, the latest case's timeline), or the open button.

    Nothing for a user who may not see founding cases.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("organisations.view_foundingcase"):
        return ""
    cases = selectors_founding.founding_cases_of_employer(user, employer)
    may_open = selectors_founding.may_open_case(user, employer, cases)
    if not cases and not may_open:
        return ""
    return render_to_string(
        "organisations/_employer_founding.html",
        {"employer": employer, "cases": cases, "may_open": may_open},
        request=request,
    )
