"""Skills training's forms (the lists' filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import YuanField
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.training.models import DEFAULT_THRESHOLD, MAX_SESSIONS, Course

DATE = forms.DateInput(attrs={"type": "date"})


class CourseForm(forms.Form):
    union = UnionChoiceField(label=_("organising union"))
    title = forms.CharField(label=pgettext_lazy("training", "course title"), max_length=200)
    provider = forms.CharField(label=_("training provider"), max_length=200)
    category = forms.ChoiceField(label=pgettext_lazy("training", "subject"), choices=Course.Category.choices)
    starts_on = forms.DateField(label=pgettext_lazy("training", "starts on"), widget=DATE)
    ends_on = forms.DateField(label=pgettext_lazy("training", "ends on"), widget=DATE)
    hours = forms.IntegerField(label=_("class hours"), min_value=1, max_value=2000)
    sessions = forms.IntegerField(label=_("sessions (days)"), min_value=1, max_value=MAX_SESSIONS)
    place = forms.CharField(label=pgettext_lazy("training", "place"), max_length=200)
    capacity = forms.IntegerField(label=pgettext_lazy("training", "places"), min_value=1, max_value=10000)
    funding = forms.ChoiceField(
        label=pgettext_lazy("training", "funding"), choices=Course.Funding.choices, initial=Course.Funding.FREE
    )
    subsidy = YuanField(label=_("subsidy per trainee (yuan)"), required=False)
    attendance_threshold = forms.IntegerField(
        label=_("attendance needed to complete (%)"), min_value=1, max_value=100, initial=DEFAULT_THRESHOLD
    )
    assessment_required = forms.BooleanField(label=_("assessment must be passed"), required=False, initial=True)
    note = forms.CharField(label=pgettext_lazy("training", "note"), max_length=300, required=False)

    def clean_subsidy(self) -> Any:
        value = self.cleaned_data.get("subsidy")
        return value if value is not None else 0


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("reason for cancelling"), max_length=300)


class AttendanceForm(forms.Form):
    """Who was present at one session: a checkbox per enrolled trainee (``present`` holds enrolment ids)."""

    session = forms.IntegerField(label=pgettext_lazy("training", "session"), min_value=1, max_value=MAX_SESSIONS)
    present = forms.TypedMultipleChoiceField(
        label=pgettext_lazy("training", "present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, trainees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(t.pk, t.worker.name) for t in trainees]  # type: ignore[attr-defined]


class AssessmentForm(forms.Form):
    """Who passed the assessment: a checkbox per enrolled trainee (``passed`` holds enrolment ids)."""

    passed = forms.TypedMultipleChoiceField(
        label=pgettext_lazy("training", "passed the assessment"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, trainees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passed"].choices = [(t.pk, t.worker.name) for t in trainees]  # type: ignore[attr-defined]
