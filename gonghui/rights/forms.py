"""Labour relations' forms (the lists' filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import YuanField
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.organisations import selectors as organisations
from gonghui.rights import selectors
from gonghui.rights.models import Alert, Claim, CommitteeSeat, MediationCommittee, Signal

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
CLAIM_ROWS = 4


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class EmployerLookupField(forms.CharField):
    """An employer named by its credit code or exact name, among those the user may see."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", _("Credit code or full name of an employer you can see."))
        super().__init__(**kwargs)
        self.user: Any = None

    def clean(self, value: Any) -> Any:
        text = super().clean(value).strip()
        if not text:
            return None
        found = list(organisations.employers_for_user(self.user, q=text)[:50])
        exact = [e for e in found if e.name == text or (e.credit_code or "") == text.upper()]
        if len(exact) != 1:
            raise forms.ValidationError(_("No single employer you can see has this name or credit code."))
        return exact[0]


class UserForm(forms.Form):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, EmployerLookupField):
                field.user = user


class AlertForm(UserForm):
    employer = EmployerLookupField(label=_("employer"))
    signal = forms.ChoiceField(label=_("signal"), choices=Signal.choices)
    observed_on = date_field(_("observed on"))
    workers = forms.IntegerField(label=_("workers affected"), min_value=0, required=False)
    workforce = forms.IntegerField(
        label=_("workforce"), min_value=0, required=False, help_text=_("Empty: the employer's recorded headcount.")
    )
    amount = YuanField(label=_("amount (yuan)"), required=False)
    months = forms.IntegerField(label=_("months"), min_value=0, max_value=600, required=False)
    incident = forms.ChoiceField(label=_("incident"), choices=[("", "—"), *Alert.Incident.choices], required=False)
    dispatched = forms.IntegerField(label=_("dispatched workers"), min_value=0, required=False)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_observed_on(self) -> Any:
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The day cannot be in the future."))
        return day


class CommitteeForm(UserForm):
    union = UnionChoiceField(label=_("union"))
    name = forms.CharField(label=_("committee name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=MediationCommittee.Kind.choices)
    employer = EmployerLookupField(label=_("employer"), required=False)
    industry = forms.CharField(label=_("industry"), max_length=100, required=False)
    established_on = date_field(_("established on"), required=False)


class SeatForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    side = forms.ChoiceField(label=_("side"), choices=CommitteeSeat.Side.choices)
    chair = forms.BooleanField(label=_("chair"), required=False)
    union_member = forms.BooleanField(label=_("union member"), required=False)
    mediator = forms.BooleanField(label=_("mediator"), required=False)
    term_starts = date_field(_("term starts"), required=False)


class DisputeForm(UserForm):
    committee = forms.ModelChoiceField(label=_("mediation committee"), queryset=MediationCommittee.objects.none())
    employer = EmployerLookupField(label=_("respondent employer"))
    applied_on = date_field(_("application received"))
    oral = forms.BooleanField(label=_("oral application, recorded on the spot"), required=False)
    applicants = forms.CharField(
        label=_("applicants"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One name a line.")
    )
    workers = forms.IntegerField(
        label=_("workers"), min_value=1, initial=1, help_text=_("Ten or more make a collective dispute.")
    )
    representatives = forms.CharField(
        label=_("elected representatives"),
        max_length=300,
        required=False,
        help_text=_("Needed for ten or more workers."),
    )
    summary = forms.CharField(label=_("matters in dispute"), widget=forms.Textarea(attrs={"rows": 3}))
    knew_on = date_field(_("worker knew of the infringement on"), required=False)
    employment_ended_on = date_field(_("employment ended on"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["committee"].queryset = selectors.committees_for_user(user)  # type: ignore[attr-defined]
        for i in range(1, CLAIM_ROWS + 1):
            self.fields[f"claim_{i}"] = forms.ChoiceField(
                label=_("claim %(n)d") % {"n": i}, choices=[("", "—"), *Claim.Kind.choices], required=False
            )
            self.fields[f"amount_{i}"] = YuanField(label=_("amount claimed (yuan)"), required=False)

    def clean_applied_on(self) -> Any:
        day = self.cleaned_data["applied_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The application cannot be received in the future."))
        return day

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        claims = []
        for i in range(1, CLAIM_ROWS + 1):
            kind, amount = data.pop(f"claim_{i}", ""), data.pop(f"amount_{i}", None)
            if kind:
                claims.append((kind, amount or 0))
        data["claims"] = claims
        data["applicants"] = [line for line in data["applicants"].splitlines() if line.strip()]
        return data


class DatesForm(forms.Form):
    knew_on = date_field(_("worker knew of the infringement on"), required=False)
    employment_ended_on = date_field(_("employment ended on"), required=False)


class StepForm(forms.Form):
    """A workflow step's form: built as ``Form(data, files, obj=obj, actor=user)``."""

    def __init__(self, *args: Any, obj: Any = None, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj


class ExtendStepForm(StepForm):
    extended_until = date_field(_("mediation extended until"))


class AgreementStepForm(StepForm):
    agreed_on = date_field(_("agreement signed on"), initial=timezone.localdate)
    agreement_terms = forms.CharField(label=_("terms of the agreement"), widget=forms.Textarea(attrs={"rows": 4}))
    amount_agreed = YuanField(label=_("amount agreed (yuan)"), required=False)
    perform_by = date_field(_("to be performed by"), required=False)

    def clean_amount_agreed(self) -> Any:
        return self.cleaned_data.get("amount_agreed") or 0


class FulfilStepForm(StepForm):
    amount_recovered = YuanField(label=_("amount recovered (yuan)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.obj is not None:
            self.fields["amount_recovered"].initial = self.obj.amount_agreed


class ArbitrationStepForm(StepForm):
    arbitration_on = date_field(_("handed to arbitration on"), initial=timezone.localdate)
    arbitration_body = forms.CharField(label=_("arbitration commission"), max_length=200, required=False)
