"""``{% panels "slot" object %}``: the installed modules' panels on an object page (core/web/panels.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from gonghui.core.web.panels import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: dict[str, Any], slot: str, obj: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    return render_slot(slot, request, obj)
