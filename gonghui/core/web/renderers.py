"""Form rendering: every widget gets its Bootstrap class, so forms need no per-field styling."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates


class GonghuiFormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and template_name.startswith("django/forms/widgets/"):
            attrs = widget.setdefault("attrs", {})
            if template_name.endswith(("select.html", "select_date.html")):
                css = "form-select form-select-sm"
            elif widget.get("type") in {"checkbox", "radio"}:
                css = "form-check-input"
            else:
                css = "form-control form-control-sm"
            existing = attrs.get("class", "")
            if css.split()[0] not in existing.split():
                attrs["class"] = f"{existing} {css}".strip()
        return super().render(template_name, context, request)
