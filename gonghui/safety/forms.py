"""Workplace safety's forms: the pages' and the hazard workflow's steps' (the lists' filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tree.forms import UnionChoiceField
from gonghui.safety import rules, selectors
from gonghui.safety.models import Hazard, SafetyActivity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class InspectorForm(forms.Form):
    union = UnionChoiceField(label=_("appointing union"))
    appointed_on = forms.DateField(label=_("appointed on"), widget=DATE)
    certificate = forms.CharField(label=_("certificate number"), max_length=40, required=False)


class InspectorEndForm(forms.Form):
    ended_on = forms.DateField(label=_("appointment ended on"), widget=DATE)


class InspectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.worker.name}（{obj.certificate}）" if obj.certificate else obj.worker.name


class HazardForm(forms.Form):
    """What was found: the page asks for the employer in the URL (from the employer's page) or here."""

    found_on = forms.DateField(label=_("found on"), widget=DATE)
    inspector = InspectorChoiceField(label=pgettext_lazy("safety", "found by"), queryset=None, required=False)
    category = forms.ChoiceField(label=pgettext_lazy("safety", "category"), choices=Hazard.Category.choices)
    level = forms.ChoiceField(
        label=pgettext_lazy("safety", "level"),
        choices=Hazard.Level.choices,
        help_text=_("A major hazard is reported to the township and the county at once."),
    )
    location = forms.CharField(label=_("where"), max_length=200, required=False)
    description = forms.CharField(label=pgettext_lazy("safety", "description"), widget=TEXT)
    responsible_person = forms.CharField(label=_("responsible person"), max_length=50)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = selectors.inspector_choices(user)  # type: ignore[attr-defined]
        self.fields["found_on"].initial = timezone.localdate()


class HazardEditForm(forms.Form):
    category = forms.ChoiceField(label=pgettext_lazy("safety", "category"), choices=Hazard.Category.choices)
    level = forms.ChoiceField(label=pgettext_lazy("safety", "level"), choices=Hazard.Level.choices)
    location = forms.CharField(label=_("where"), max_length=200, required=False)
    description = forms.CharField(label=pgettext_lazy("safety", "description"), widget=TEXT)
    responsible_person = forms.CharField(label=_("responsible person"), max_length=50)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=SafetyActivity.Kind.choices)
    held_on = forms.DateField(label=pgettext_lazy("safety", "held on"), widget=DATE)
    participants = forms.IntegerField(label=_("participants"), min_value=0, max_value=1_000_000, initial=0)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


# --- The hazard workflow's steps -----------------------------------------------------------------


class StepForm(forms.Form):
    """A workflow step form: it knows the hazard and the user taking the step."""

    def __init__(self, *args: Any, obj: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.actor = actor


def _days_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("rectification period (days)"),
        min_value=1,
        max_value=rules.MAX_RECTIFICATION_DAYS,
        help_text=_(
            "Counted from the day after the notice; if the last day is a holiday or rest day, "
            "the next working day is the last."
        ),
    )


class NoticeForm(StepForm):
    """整改通知书: the day, what the employer must do, who answers for it, and how many days it has."""

    issued_on = forms.DateField(label=_("notice issued on"), widget=DATE)
    measures = forms.CharField(label=_("measures required"), widget=TEXT)
    responsible_person = forms.CharField(label=_("responsible person"), max_length=50)
    rectification_days = _days_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()
        self.fields["responsible_person"].initial = self.obj.responsible_person
        self.fields["rectification_days"].initial = rules.DEFAULT_DAYS.get(self.obj.level, 15)


class RectificationReportForm(StepForm):
    rectified_on = forms.DateField(label=_("reported fixed on"), widget=DATE)
    rectification_report = forms.CharField(label=_("what the employer did"), widget=TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rectified_on"].initial = timezone.localdate()


class RecheckForm(StepForm):
    rechecked_on = forms.DateField(label=_("re-inspected on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rechecked_on"].initial = timezone.localdate()


class RecheckAgainForm(RecheckForm):
    """Not fixed at the re-inspection: a new period, counted from the re-inspection."""

    rectification_days = _days_field()


class ReopenForm(StepForm):
    """The hazard came back: a new period, counted from today."""

    rectification_days = _days_field()
