from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    """The number a visitor reads off a certificate (a GET form: nothing is written)."""

    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "2026-XXXXXXXX-X"}),
    )
