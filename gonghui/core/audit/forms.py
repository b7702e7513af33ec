from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.audit.models import AuditEvent


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("user name"), required=False)
    action = forms.ChoiceField(label=_("action"), required=False, choices=[("", "—"), *AuditEvent.Action.choices])
    outcome = forms.ChoiceField(label=_("outcome"), required=False, choices=[("", "—"), *AuditEvent.Outcome.choices])
    object_type = forms.CharField(label=_("object type"), required=False)
    since = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
