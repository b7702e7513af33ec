"""Forms of survey campaigns: opening a campaign, adding a township, recording a visit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.forms import UnionChoiceField
from gonghui.core.tree.models import Union
from gonghui.organisations.models import Employer

DATE_WIDGET = {"type": "date"}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class UnionLabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class SurveyForm(forms.Form):
    name = forms.CharField(label=_("campaign name"), max_length=100)
    starts_on = forms.DateField(label=_("starts on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    ends_on = forms.DateField(label=_("ends on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    notes = forms.CharField(
        label=_("instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the visitors should record and how; shown to every assigned federation."),
    )
    assigned_unions = UnionLabelMultipleChoiceField(
        label=_("assigned federations"),
        queryset=Union.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each one visits the operating employers kept in its part of the tree."),
    )

    def __init__(self, *args: Any, unions: QuerySet[Union], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_unions"]
        field.queryset = unions  # type: ignore[attr-defined]
        if not self.is_bound:
            field.initial = [u.pk for u in unions]
        _style(self)


class AssignForm(forms.Form):
    union = UnionChoiceField(label=_("township or sector federation"), queryset=Union.objects.none())

    def __init__(self, *args: Any, unions: QuerySet[Union], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions  # type: ignore[attr-defined]
        _style(self)


class EmployerLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.headcount})"


class VisitForm(forms.Form):
    employer = EmployerLabelChoiceField(label=_("employer"), queryset=Employer.objects.none())
    visited_on = forms.DateField(label=_("visited on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    visitors = forms.CharField(label=_("visited by"), max_length=100)
    headcount_found = forms.IntegerField(
        label=_("workers found"),
        min_value=0,
        help_text=_("If it differs from the register, the register is updated."),
    )
    union_status_found = forms.ChoiceField(
        label=_("union status found"), choices=Employer.UnionStatus.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, employers: QuerySet[Employer], preselected: Employer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employer"]
        field.queryset = employers  # type: ignore[attr-defined]
        if preselected is not None:
            field.widget = forms.HiddenInput()
        _style(self)
