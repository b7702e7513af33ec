"""Forms of the assistance pages and of the workflow steps that ask for data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import (
    FileAttachment,
    FileReview,
    FundingSource,
    HardshipFile,
    HouseholdMember,
    PairingVisit,
    Program,
)
from gonghui.assistance.services import SPOT_CHECK_SHARE
from gonghui.core.identifiers import BankAccountField, IdNumberField
from gonghui.core.money import YuanField
from gonghui.core.reference.models import Division

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepForm(forms.Form):
    """A workflow step form: it knows the object and the user taking the step."""

    def __init__(self, *args: Any, obj: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.actor = actor


class VisitStepForm(StepForm):
    """入户调查: when and by whom; the signed application and authorisation go in the attachment."""

    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    visitors = forms.CharField(
        label=_("Visited by"),
        max_length=100,
        help_text=_(
            "The names of those who made the visit. Attach the signed application (申请书) and the signed "
            "authorisation to check the household's finances (核对授权委托书) below."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()


class NoticeStepForm(StepForm):
    starts_on = forms.DateField(label=_("Notice from"), widget=DATE)
    working_days = forms.IntegerField(
        label=_("Working days"), min_value=1, max_value=30, help_text=_("At least the local rule (default 5).")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()
        self.fields["working_days"].initial = settings.GONGHUI_NOTICE_WORKING_DAYS
        self.fields["working_days"].min_value = settings.GONGHUI_NOTICE_WORKING_DAYS  # type: ignore[attr-defined]


class ExitStepForm(StepForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=HardshipFile.ExitReason.choices)
    exited_on = forms.DateField(label=_("Left hardship on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exited_on"].initial = timezone.localdate()


class PayStepForm(StepForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class FileForm(forms.ModelForm):
    """The household's figures and situation (the applicant is chosen on the member's page)."""

    secondary_causes = forms.MultipleChoiceField(
        label=_("Secondary causes"),
        choices=HardshipFile.Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to three."),
    )
    bank_account = BankAccountField(label=_("Bank account"), required=False)

    class Meta:
        model = HardshipFile
        fields = [
            "division",
            "main_cause",
            "secondary_causes",
            "applicant_monthly_income",
            "medical_costs",
            "education_costs",
            "rent_costs",
            "sudden_event",
            "sudden_costs",
            "housing",
            "housing_area",
            "health",
            "disability",
            "single_parent",
            "zero_employment",
            "homes_owned",
            "owns_business",
            "employs_others",
            "private_schooling",
            "work_started",
            "bank_name",
            "bank_account",
        ]
        widgets = {"work_started": DATE}

    def __init__(self, *args: Any, worker: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["secondary_causes"] = self.instance.secondary_cause_list
            self.initial["bank_account"] = ""  # never echoed back; empty keeps the stored one
            self.fields["bank_account"].help_text = _("Leave empty to keep the account on file.")
        self.fields["work_started"].help_text = _("Migrant workers qualify after one year of actual work.")
        # The household's township or street picks the local minimum living standard.
        self.fields["division"].queryset = Division.objects.filter(  # type: ignore[attr-defined]
            active=True, level__in=(Division.Level.TOWNSHIP, Division.Level.COUNTY)
        ).order_by("code")
        if not self.instance.pk and worker is not None and worker.employer_id and worker.employer.division_id:
            division = worker.employer.division
            while division is not None and division.level not in (Division.Level.TOWNSHIP, Division.Level.COUNTY):
                division = division.parent
            self.initial.setdefault("division", division.pk if division else None)

    def clean_secondary_causes(self) -> list[str]:
        causes = self.cleaned_data["secondary_causes"]
        if len(causes) > 3:
            raise forms.ValidationError(_("Choose at most three secondary causes."))
        return causes

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        if self.instance.pk and not data.get("bank_account"):
            data.pop("bank_account", None)
        return data


class OpenFileForm(FileForm):
    worker_id = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(FileForm.Meta):
        fields = FileForm.Meta.fields


class HouseholdMemberForm(forms.ModelForm):
    id_number = IdNumberField(label=_("ID number"))

    class Meta:
        model = HouseholdMember
        fields = ["name", "relation", "id_number", "monthly_income", "health", "schooling", "school_or_work"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["id_number"] = ""
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("Leave empty to keep the number on file.")

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if not data.get("id_number"):
            data.pop("id_number")
        return data


class ConsentForm(forms.Form):
    guardian_name = forms.CharField(label=_("Guardian"), max_length=50)
    guardian_relation = forms.CharField(label=_("Guardian's relation"), max_length=20)
    given_on = forms.DateField(label=_("Consent given on"), widget=DATE)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FileAttachment.Kind.choices)
    document = forms.FileField(label=_("File"))


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["year", "kind", "name", "budget", "default_amount", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "default_amount": _(
                "Not used for Golden Autumn education aid (金秋助学): it pays by education level, "
                "at the education aid rates below."
            )
        }


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "description", "amount"]


FundingSourceFormSet = forms.formset_factory(FundingSourceForm, extra=2, can_delete=True)


class EducationRateForm(forms.Form):
    level = forms.ChoiceField(label=_("Education level"), choices=HouseholdMember.Schooling.choices)
    filed_amount = YuanField(label=_("Filed household"))
    unfiled_amount = YuanField(label=_("Household not yet filed"))


EducationRateFormSet = forms.formset_factory(EducationRateForm, extra=1, can_delete=True)


class PovertyLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    monthly_amount = YuanField(label=_("Yuan per person per month"), min_value=1)
    note = forms.CharField(label=_("Source"), max_length=200, required=False)


class DisbursementForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100, required=False)

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]


class GrantForm(forms.Form):
    file_number = forms.CharField(label=_("File number"), max_length=20)
    amount = YuanField(label=_("Amount"), required=False, help_text=_("Empty: the programme's amount."))
    student = forms.IntegerField(required=False, widget=forms.HiddenInput)
    goods = forms.CharField(label=_("Goods"), max_length=100, required=False)


class PairingForm(forms.Form):
    cadre_name = forms.CharField(label=_("Cadre"), max_length=50)
    cadre_position = forms.CharField(label=_("Position"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DATE)


class PairingVisitForm(forms.ModelForm):
    class Meta:
        model = PairingVisit
        fields = ["visited_on", "kind", "help_given", "note"]
        widgets = {"visited_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class PercentInput(forms.NumberInput):
    """A number input followed by ``%``."""

    template_name = "assistance/widgets/percent_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The renderer styles Django's own widget templates only: this one says its class itself.
        super().__init__({"class": "form-control form-control-sm", **(attrs or {})})


class ReviewRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    # Typed in per cent (30 %); the review stores a fraction (0.30): ``clean_spot_check_share`` converts.
    spot_check_share = forms.IntegerField(
        label=_("Share spot-checked"),
        min_value=1,
        max_value=100,
        initial=int(SPOT_CHECK_SHARE * 100),
        widget=PercentInput(),
        help_text=_("In per cent of each township's filed households, visited at home: at least 30."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_spot_check_share(self) -> Decimal:
        """The share as the review stores it: 30 (per cent) is 0.30."""
        return Decimal(self.cleaned_data["spot_check_share"]) / 100


class FileReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FileReview.Outcome.choices[1:])
    visited_on = forms.DateField(label=_("Spot check visit"), widget=DATE, required=False)
    exit_reason = forms.ChoiceField(
        label=_("Why it left hardship"), choices=[("", "—"), *HardshipFile.ExitReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
