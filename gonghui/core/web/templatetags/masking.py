from __future__ import annotations

from typing import Any

from django import template

from gonghui.core.privacy.masking import mask as mask_value

register = template.Library()


@register.filter(name="mask")
def mask(value: Any, kind: str) -> Any:
    """``{{ worker.phone|mask:"phone" }}``: the one masking filter for pages."""
    return mask_value(kind, value)
