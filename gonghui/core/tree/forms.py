from __future__ import annotations

import copy
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.models import Union


class UnionChoiceField(forms.ModelChoiceField):
    """Choose a union among those the user may see (the queryset is scoped per request)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Union.objects.all())
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Union) -> str:
        return f"{'　' * (obj.depth - 1)}{obj.name}"


class UnionForm(forms.ModelForm):
    class Meta:
        model = Union
        fields = ["name", "kind", "credit_code", "founding_date"]
        widgets = {"founding_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, union: Union | None = None, **kwargs: Any) -> None:
        if union is not None:
            # Edit a detached copy: validating the form writes the posted values onto its instance,
            # and ``union_update`` must still see the stored ones (the audit's "before"). A copy,
            # not a new Union(...), keeps the union's primary key and saved state, so the form's
            # uniqueness checks (the credit code) exclude the union itself.
            kwargs["instance"] = copy.copy(union)
        super().__init__(*args, **kwargs)

    def clean_credit_code(self) -> str | None:
        value = (self.cleaned_data.get("credit_code") or "").strip().upper()
        return value or None


class UnionMoveForm(forms.Form):
    new_parent = UnionChoiceField(label=_("new parent union"))

    def __init__(self, *args: Any, union: Union, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnionChoiceField, self.fields["new_parent"])
        field.queryset = Union.objects.filter(
            kind__in=[Union.Kind.COUNTY, Union.Kind.TOWNSHIP, Union.Kind.SECTOR]
        ).exclude(path__startswith=union.path)
