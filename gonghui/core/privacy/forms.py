"""Forms of the personal-data mechanism: the unmask reason, and edit forms that never unmask."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.privacy.fields import personal_fields, personal_kind
from gonghui.core.privacy.masking import mask
from gonghui.core.privacy.services import REASON_MAX_LENGTH


class UnmaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Give the reason why you need the full value.")},
        widget=forms.TextInput(attrs={"placeholder": _("e.g. calling about the aid application")}),
    )


class PersonalDataFormMixin:
    """For ``ModelForm``: stored personal data is never written into the page.

    On an existing object, each personal field starts empty with the masked value as its
    placeholder; leaving it empty keeps the stored value (so an edit form does not unmask).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        self._kept_personal: dict[str, Any] = {}
        if not getattr(form.instance, "pk", None):
            return
        for name, field in personal_fields(type(form.instance)).items():
            if name not in form.fields:
                continue
            current = getattr(form.instance, field.attname)
            form.initial[name] = ""
            if current:
                self._kept_personal[name] = current
                form_field = form.fields[name]
                form_field.required = False
                form_field.widget.attrs["placeholder"] = mask(str(personal_kind(field)), current)
                form_field.help_text = _("Leave empty to keep the stored value.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        for name, current in self._kept_personal.items():
            if not cleaned.get(name) and name not in getattr(self, "_errors", {}):
                cleaned[name] = current
        return cleaned
