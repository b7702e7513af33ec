"""Competitions and innovation's forms (the lists' filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.competitions import selectors
from gonghui.competitions.models import Competition, Innovation, InnovationStudio
from gonghui.core.money import YuanField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class OrganiserField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class CompetitionForm(forms.Form):
    union = OrganiserField(label=_("organised by"), queryset=None)
    name = forms.CharField(label=pgettext_lazy("competitions", "name"), max_length=200)
    kind = forms.ChoiceField(label=pgettext_lazy("competitions", "kind"), choices=Competition.Kind.choices)
    trade = forms.CharField(label=_("trade or discipline"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE)
    description = forms.CharField(label=_("description"), widget=TEXT, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = selectors.organiser_choices(user)  # type: ignore[attr-defined]


class CompetitionEditForm(CompetitionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["union"]


class TeamForm(forms.Form):
    team_name = forms.CharField(label=_("team"), max_length=100)


class StageForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("competitions", "stage"), max_length=50)
    held_on = forms.DateField(label=pgettext_lazy("competitions", "held on"), widget=DATE, required=False)
    max_score = forms.DecimalField(label=_("highest score"), max_digits=7, decimal_places=2, min_value=0, initial=100)
    advancing = forms.IntegerField(
        label=_("how many advance from the stage before"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Empty: everyone scored in the stage before may be scored in this one."),
    )


class PrizeForm(forms.Form):
    participant = forms.TypedChoiceField(label=_("participant"), coerce=int)
    title = forms.CharField(label=_("prize"), max_length=50, initial="一等奖")
    amount = YuanField(label=_("amount (yuan)"))

    def __init__(self, *args: Any, participants: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [(p.pk, p.display_name) for p in participants]  # type: ignore[attr-defined]


class StepForm(forms.Form):
    """A workflow step form: it knows the batch and the user taking the step."""

    def __init__(self, *args: Any, obj: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.actor = actor


class PayStepForm(StepForm):
    paid_on = forms.DateField(label=_("paid on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class InnovationForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("competitions", "kind"), choices=Innovation.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=TEXT, required=False)
    submitted_on = forms.DateField(label=_("submitted on"), widget=DATE)
    team_name = forms.CharField(
        label=_("by (team)"),
        max_length=100,
        required=False,
        help_text=_("Leave empty for an innovation by the worker."),
    )
    studio: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("worker innovation studio"), queryset=None, required=False
    )

    def __init__(self, *args: Any, user: Any, employer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["studio"].queryset = selectors.studio_choices(user, employer=employer)  # type: ignore[attr-defined]
        self.fields["submitted_on"].initial = timezone.localdate()


class EvaluationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("evaluation"),
        choices=[(Innovation.Outcome.ADOPTED, _("adopted")), (Innovation.Outcome.NOT_ADOPTED, _("not adopted"))],
    )
    evaluated_on = forms.DateField(label=_("evaluated on"), widget=DATE)
    reason = forms.CharField(label=_("reason"), widget=TEXT)
    value_created = YuanField(label=_("value created (yuan)"), required=False)
    reward = YuanField(label=_("reward (yuan)"), required=False)


class StudioForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("competitions", "name"), max_length=200)
    level = forms.ChoiceField(label=pgettext_lazy("competitions", "level"), choices=InnovationStudio.Level.choices)
    named_on = forms.DateField(label=_("named on"), widget=DATE)
    field = forms.CharField(label=_("field of work"), max_length=100, required=False)
