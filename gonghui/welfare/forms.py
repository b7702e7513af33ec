"""Member welfare's forms (the lists' filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import YuanField
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.welfare import selectors
from gonghui.welfare.models import CapTable, Festival, Form, Item

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_FESTIVAL = [("", _("— not a festival gift —"))]


class PayoutForm(forms.Form):
    """One payout: the member by card number or full name."""

    union = UnionChoiceField(label=_("paying union"))
    member = forms.CharField(
        label=_("member"), max_length=50, help_text=_("Member card number, or full name as registered.")
    )
    item = forms.ChoiceField(label=_("item"), choices=Item.choices)
    festival = forms.ChoiceField(label=_("festival"), choices=NO_FESTIVAL + list(Festival.choices), required=False)
    form = forms.ChoiceField(label=_("form"), choices=Form.choices)
    amount = YuanField(label=_("amount (yuan)"))
    paid_on = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(label=pgettext_lazy("welfare", "note"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["paid_on"].initial = timezone.localdate()

    def clean_member(self) -> str:
        text = self.cleaned_data["member"].strip()
        found = selectors.member_lookup(self.user, text)
        if not found:
            raise forms.ValidationError(_("No worker with this card number or name in your part of the tree."))
        if len(found) > 1:
            raise forms.ValidationError(_("Several workers have this name: give the member card number."))
        self.worker = found[0]
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("item") == Item.FESTIVAL and not data.get("festival"):
            self.add_error("festival", _("Name the festival of a festival gift."))
        return data

    def payout_fields(self) -> dict[str, Any]:
        """The service's arguments."""
        data = dict(self.cleaned_data)
        data.pop("member")
        data["worker"] = self.worker
        if data["item"] != Item.FESTIVAL:
            data["festival"] = ""
        return data


class BatchForm(forms.Form):
    """A festival batch: every member of the union on the day, one amount each (changed line by line after)."""

    union = UnionChoiceField(label=_("paying union"))
    title = forms.CharField(label=_("title"), max_length=100)
    festival = forms.ChoiceField(label=_("festival"), choices=Festival.choices)
    form = forms.ChoiceField(label=_("form"), choices=Form.choices, initial=Form.GOODS)
    amount = YuanField(label=_("amount per member (yuan)"))
    paid_on = forms.DateField(label=_("date"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class LineAmountForm(forms.Form):
    amount = YuanField(label=_("amount (yuan)"))


class SettingForm(forms.Form):
    table = forms.ModelChoiceField(label=_("caps in force"), queryset=CapTable.objects.all(), empty_label=None)
