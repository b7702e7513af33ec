"""{% employer_founding employer %}: the employer's founding cases and their timelines (employer page)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def employer_founding(context: template.Context, employer: Any) -> str:
    return ""
