"""The form's typed fields as a Django form (the list's filters are in lists.py).

Its fields are named by the form's codes ("0102", "901"), so a service's refusal keyed by code lands
on its field. The values are checked by the service (``services.clean_value``), the one rule.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.statistics import form
from gonghui.statistics.filled import Entry, FilledForm, Source
from gonghui.statistics.form import CODE_MAX_LENGTH

FLAG_CHOICES = [("", "—"), ("1", _("yes")), ("0", _("no"))]


def _initial(entry: Entry) -> str:
    if entry.source == Source.EMPTY or entry.value is None:
        return ""
    return f"{entry.value:.2f}" if entry.field.is_money else str(int(entry.value))


def _input(entry: Entry) -> forms.Field:
    field = entry.field
    attrs: dict[str, Any] = {"class": "form-control form-control-sm text-end", "data-code": field.code}
    if field.is_flag:
        widget: forms.Widget = forms.Select(
            choices=FLAG_CHOICES, attrs={**attrs, "class": "form-select form-select-sm"}
        )
    else:
        widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal" if field.is_money else "numeric"})
    return forms.CharField(label=field.label, required=False, max_length=20, widget=widget, initial=_initial(entry))


class TypedForm(forms.Form):
    """The typed fields of ``filled`` with their values, the 901 code and, where typed, the 903 division."""

    def __init__(self, data: Any = None, *, filled: FilledForm) -> None:
        super().__init__(data=data, auto_id="f-%s")
        self.filled = filled
        cover = {entry.code: entry for entry in filled.cover}
        self.fields[form.CODE] = forms.CharField(
            label=form.COVER[0].label,
            required=False,
            max_length=CODE_MAX_LENGTH,
            initial=cover[form.CODE].value,
            widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "data-code": form.CODE}),
        )
        if cover[form.DIVISION].typed:
            self.fields[form.DIVISION] = forms.CharField(
                label=form.COVER[2].label,
                required=False,
                max_length=12,
                initial=cover[form.DIVISION].value,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "inputmode": "numeric", "data-code": form.DIVISION}
                ),
            )
        for table in filled.tables:
            for entry in table.entries:
                if entry.is_typed:
                    self.fields[entry.field.code] = _input(entry)

    def values(self) -> dict[str, str]:
        """The typed values given, by code (as text: the service cleans them)."""
        return {code: self.cleaned_data.get(code, "") for code in self.fields if code in form.FIELDS}

    def cover_values(self) -> dict[str, str | None]:
        return {
            "code": self.cleaned_data.get(form.CODE, ""),
            "division": self.cleaned_data.get(form.DIVISION) if form.DIVISION in self.fields else None,
        }
