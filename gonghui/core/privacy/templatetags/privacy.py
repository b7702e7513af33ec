"""The one masking filter for pages: ``{{ value|masked:"phone" }}`` and ``{% personal obj "phone" %}``.

``masked`` masks a bare value. ``personal`` shows a model field masked and, to a viewer who
may see it in full, a "show in full" control that asks for a reason (see ``views.unmask``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse

from gonghui.core.privacy.display import may_unmask
from gonghui.core.privacy.fields import personal_kind
from gonghui.core.privacy.masking import mask

register = template.Library()


@register.filter(name="masked")
def masked(value: Any, kind: str) -> Any:
    """``{{ account.phone|masked:"phone" }}``: always masked, whoever looks."""
    return mask(kind, value)


def personal_context(
    request: HttpRequest, obj: models.Model, field_name: str, *, form: Any = None, value: str | None = None
) -> dict[str, Any]:
    field: Any = obj._meta.get_field(field_name)
    kind = personal_kind(field)
    if kind is None:
        raise template.TemplateSyntaxError(f"{obj._meta.label}.{field_name} is not personal data")
    stored = getattr(obj, field.attname)
    label = obj._meta.label_lower
    return {
        "element_id": f"pd-{label.replace('.', '-')}-{obj.pk}-{field_name}",
        "masked": mask(kind, stored),
        "has_value": bool(stored),
        "can_unmask": may_unmask(getattr(request, "user", None), type(obj), field_name),
        "url": reverse("privacy:unmask", kwargs={"model_label": label, "holder_id": obj.pk, "field_name": field_name}),
        "csrf_token": get_token(request),
        "form": form,
        "value": value,
        "label": field.verbose_name,
        "object": obj,
    }


@register.simple_tag(takes_context=True)
def personal(context: template.Context, obj: models.Model, field_name: str) -> str:
    """``{% personal account "phone" %}``: masked, with the unmask control for those permitted."""
    request = context.get("request")
    if request is None:
        field: Any = obj._meta.get_field(field_name)
        return str(mask(str(personal_kind(field)), getattr(obj, field.attname)) or "—")
    return render_to_string("privacy/personal.html#masked", personal_context(request, obj, field_name), request)
