from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.web.lists import MAX_FILTER_LENGTH, FilterForm


class AuditFilterForm(FilterForm):
    """The audit log's filters (and its export's)."""

    user = forms.CharField(label=_("user name"), required=False, max_length=MAX_FILTER_LENGTH)
    action = forms.ChoiceField(label=_("action"), required=False, choices=[("", "—"), *AuditEvent.Action.choices])
    outcome = forms.ChoiceField(label=_("outcome"), required=False, choices=[("", "—"), *AuditEvent.Outcome.choices])
    object_type = forms.CharField(label=_("object type"), required=False, max_length=MAX_FILTER_LENGTH)
    since = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
