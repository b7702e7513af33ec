"""Showing one personal value in full: permission, scope, a reason, and a line in the audit log."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from gonghui.core.privacy import services
from gonghui.core.privacy.display import may_unmask
from gonghui.core.privacy.fields import personal_fields
from gonghui.core.privacy.forms import UnmaskForm
from gonghui.core.privacy.templatetags.privacy import personal_context
from gonghui.core.tree.scoping import ScopedQuerySetMixin
from gonghui.core.web.http import AuthedRequest


def _personal_model(model_label: str, field_name: str) -> type[models.Model]:
    """The model named by the URL, if ``field_name`` is one of its declared personal fields.

    Anything else (unknown model, ordinary attribute, a model without a scoped manager) is a
    404: the URL can never name an arbitrary attribute or an unscoped table.
    """
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    if field_name not in personal_fields(model):
        raise Http404
    return model


@require_POST
@login_required
def unmask(request: AuthedRequest, model_label: str, holder_id: int, field_name: str) -> HttpResponse:
    model = _personal_model(model_label, field_name)
    if not may_unmask(request.user, model, field_name):
        raise PermissionDenied
    queryset = model._default_manager.all()
    if not isinstance(queryset, ScopedQuerySetMixin):
        raise Http404
    obj = get_object_or_404(queryset, pk=holder_id)
    form = UnmaskForm(request.POST)
    value = None
    if form.is_valid():
        try:
            value = services.personal_data_unmask(
                actor=request.user, obj=obj, field_name=field_name, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("reason", exc.message_dict.get("reason", exc.messages))
    context = personal_context(request, obj, field_name, form=form, value=value)
    if request.htmx:
        partial = "unmasked" if value is not None else "masked"
        response = render(request, f"privacy/personal.html#{partial}", context)
    else:
        status = 200 if value is not None else 400
        response = render(request, "privacy/unmask_page.html", context, status=status)
    # The full value must never be kept by a browser or a proxy.
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response
