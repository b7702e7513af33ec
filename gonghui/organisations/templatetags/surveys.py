"""{% employer_visits employer %}: the survey visits recorded for an employer (employer page)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def employer_visits(context: template.Context, employer: Any) -> str:
    return ""
