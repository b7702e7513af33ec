"""Forms of union records: the profile and a committee seat."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.identifiers import MobileField
from gonghui.organisations.models import CommitteeMember, UnionProfile


class UnionProfileForm(forms.ModelForm):
    class Meta:
        model = UnionProfile
        fields = ["union_type", "member_count", "term_years", "elected_on", "full_time_chair"]
        widgets = {"elected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CommitteeMemberForm(forms.Form):
    body = forms.ChoiceField(label=_("body"), choices=CommitteeMember.Body.choices)
    position = forms.ChoiceField(label=_("position"), choices=CommitteeMember.Position.choices)
    name = forms.CharField(label=_("name"), max_length=50)
    phone = MobileField(label=_("phone"), required=False)
    full_time = forms.BooleanField(label=_("full-time"), required=False)
