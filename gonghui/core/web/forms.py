from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def add_service_errors(form: forms.BaseForm, exc: Exception) -> None:
    """Show an error a service raised on the form field it names, or on the whole form."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc)
    elif isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("You may not do this."))
    else:
        raise exc
