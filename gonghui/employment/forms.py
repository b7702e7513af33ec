"""Employment services' forms (the lists' filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import identifiers
from gonghui.core.money import YuanField
from gonghui.core.reference.models import Division
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.employment import rules
from gonghui.employment.models import JobSeeker, Referral

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class PlaceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Division.objects.filter(level=Division.Level.TOWNSHIP, active=True))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def skills_field(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=rules.SKILLS, required=False, widget=forms.CheckboxSelectMultiple
    )


class SeekerEditForm(forms.Form):
    """What a seeker looks for (name and ID number stay as registered)."""

    category = forms.ChoiceField(label=pgettext_lazy("employment", "category"), choices=JobSeeker.Category.choices)
    phone = identifiers.MobileField(label=_("mobile phone"), required=False)
    skills = skills_field(_("skills"))
    wished_work = forms.CharField(label=_("work wished for"), max_length=200, required=False)
    place = PlaceField(label=_("township wished for"))
    expected_pay = YuanField(label=_("expected monthly pay (yuan)"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class SeekerForm(SeekerEditForm):
    """Registering a seeker at a service point (without ``name`` and ``id_number`` when from the registry)."""

    union = UnionChoiceField(label=_("registered by"))
    name = forms.CharField(label=_("full name"), max_length=50)
    id_number = identifiers.IdNumberField(label=_("ID number"))
    registered_on = forms.DateField(label=_("registered on"), widget=DATE)

    field_order = ["union", "name", "id_number", "phone", "category", "skills", "wished_work", "place"]

    def __init__(self, *args: Any, from_registry: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registered_on"].initial = timezone.localdate()
        if from_registry:
            del self.fields["name"]
            del self.fields["id_number"]


class VacancyForm(forms.Form):
    post = forms.CharField(label=_("post"), max_length=100)
    skills = skills_field(_("skills required"))
    pay_min = YuanField(label=_("pay from (yuan a month)"))
    pay_max = YuanField(label=_("pay up to (yuan a month)"))
    headcount = forms.IntegerField(label=_("headcount"), min_value=1, max_value=10000)
    place = PlaceField(label=_("township"), help_text=_("Empty: the employer's township."))
    valid_until = forms.DateField(label=_("valid until"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            rules.check_pay_range(data.get("pay_min"), data.get("pay_max"))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return data


class ReferForm(forms.Form):
    vacancy = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class HiredForm(forms.Form):
    hired_on = forms.DateField(label=_("hired on"), widget=DATE)
    pay = YuanField(label=_("monthly pay (yuan)"))
    post = forms.CharField(label=_("post"), max_length=100, required=False, help_text=_("Empty: the vacancy's post."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hired_on"].initial = timezone.localdate()


class NotHiredForm(forms.Form):
    decided_on = forms.DateField(label=_("outcome on"), widget=DATE)
    reason = forms.ChoiceField(label=_("why not hired"), choices=Referral.Reason.choices)
    reason_note = forms.CharField(label=pgettext_lazy("employment", "details"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class WithdrawForm(forms.Form):
    note = forms.CharField(label=pgettext_lazy("employment", "why"), max_length=300, required=False)


class FairForm(forms.Form):
    union = UnionChoiceField(label=_("organising union"))
    title = forms.CharField(label=pgettext_lazy("employment", "title"), max_length=200)
    held_on = forms.DateField(label=pgettext_lazy("employment", "held on"), widget=DATE)
    place = PlaceField(label=_("township"))
    venue = forms.CharField(label=_("venue"), max_length=200)


class FairEmployerForm(forms.Form):
    posts = forms.CharField(label=_("posts offered"), max_length=300)
    positions = forms.IntegerField(label=_("positions offered"), min_value=0, max_value=100000, initial=0)


class FairAttendanceForm(forms.Form):
    seeker = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FairResultsForm(forms.Form):
    results = forms.CharField(
        label=pgettext_lazy("employment", "results"), widget=TEXT, max_length=4000, required=False
    )
