from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.access.models import REQUESTABLE_ROLES
from gonghui.core.tree.models import Union


class AccountRequestForm(forms.Form):
    # The queryset is scoped when the form is used in a request: only the requester's subtree.
    union = forms.ModelChoiceField(label=_("union"), queryset=Union.objects.all())
    full_name = forms.CharField(label=_("full name"), max_length=100)
    username = forms.RegexField(
        label=_("user name"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        help_text=_("Letters, digits and . @ + - _ only."),
    )
    role = forms.ChoiceField(label=_("role"), choices=REQUESTABLE_ROLES)
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
