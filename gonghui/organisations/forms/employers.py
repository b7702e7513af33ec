"""Forms of employers: the record, and the list's filters with their choices."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.identifiers import CreditCodeField, MobileField
from gonghui.core.reference import selectors as reference
from gonghui.core.reference.models import Division
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.core.tree.models import Union
from gonghui.core.web.lists import FilterForm, carried, choice, search
from gonghui.organisations.models import Employer, SizeBand


def _blank(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "—"), *options]


def township_choices() -> list[tuple[str, str]]:
    return list(Division.objects.filter(level=Division.Level.TOWNSHIP, active=True).values_list("code", "name"))


def village_choices() -> list[tuple[str, Any]]:
    """Villages grouped by township, for one select."""
    groups: list[tuple[str, Any]] = []
    for code, name in township_choices():
        villages = reference.choices("division", parent=code)
        if villages:
            groups.append((name, villages))
    return groups


def industry_choices() -> list[tuple[str, Any]]:
    """Industry divisions (two digits) grouped by section."""
    return [
        (section.name, [(d.code, f"{d.code} {d.name}") for d in divisions])
        for section, divisions in reference.industry_sections()
    ]


def section_and_industry_choices() -> list[tuple[str, Any]]:
    """For the list filter: a whole section, or one division of it."""
    groups: list[tuple[str, Any]] = []
    for section, divisions in reference.industry_sections():
        options = [(section.code, f"{section.code} {section.name}")]
        options += [(d.code, f"　{d.code} {d.name}") for d in divisions]
        groups.append((section.name, options))
    return groups


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("employer name"), max_length=200)
    credit_code = CreditCodeField(label=_("unified social credit code"), required=False)
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    division = forms.ChoiceField(label=_("township"))
    village = forms.ChoiceField(label=_("village"), required=False)
    nature = forms.ChoiceField(label=_("unit nature"), required=False)
    ownership = forms.ChoiceField(label=_("economic type"), required=False)
    industry = forms.ChoiceField(label=_("industry"), required=False)
    headcount = forms.IntegerField(label=_("workers"), min_value=0, initial=0)
    women = forms.IntegerField(label=_("women workers"), min_value=0, initial=0)
    migrant_workers = forms.IntegerField(label=_("migrant workers"), min_value=0, initial=0)
    dispatched_workers = forms.IntegerField(label=_("dispatched workers"), min_value=0, initial=0)
    contact_name = forms.CharField(label=_("contact person"), max_length=50, required=False)
    contact_phone = MobileField(label=_("contact phone"), required=False)
    status = forms.ChoiceField(label=_("status"), choices=Employer.Status.choices, initial=Employer.Status.OPERATING)
    union_status = forms.ChoiceField(
        label=_("union status"), choices=Employer.UnionStatus.choices, initial=Employer.UnionStatus.NONE
    )
    not_eligible_reason = forms.CharField(label=_("reason not eligible"), max_length=200, required=False)
    own_union = UnionChoiceField(label=_("own union"), required=False)
    joint_union = UnionChoiceField(label=_("joint union"), required=False)
    founded_on = forms.DateField(
        label=_("covered since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Left empty: the union's founding date, or today."),
    )
    keeper = UnionChoiceField(
        label=_("keeping union"),
        required=False,
        help_text=_("The federation that keeps the record while the employer has no union."),
    )

    def __init__(self, *args: Any, employer: Employer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ChoiceField, fields["division"]).choices = _blank(township_choices())
        cast(forms.ChoiceField, fields["village"]).choices = _blank(village_choices())  # type: ignore[arg-type]
        cast(forms.ChoiceField, fields["nature"]).choices = _blank(reference.choices("unit_nature"))
        cast(forms.ChoiceField, fields["ownership"]).choices = _blank(reference.choices("ownership"))
        cast(forms.ChoiceField, fields["industry"]).choices = _blank(industry_choices())  # type: ignore[arg-type]
        # unscoped: a union owning an employer kept elsewhere cannot own a second
        taken = Employer.unscoped.filter(own_union__isnull=False)
        if employer is not None:
            taken = taken.exclude(pk=employer.pk)
        cast(UnionChoiceField, fields["own_union"]).queryset = Union.objects.filter(kind=Union.Kind.GRASSROOTS).exclude(
            pk__in=taken.values("own_union_id")
        )
        cast(UnionChoiceField, fields["joint_union"]).queryset = Union.objects.filter(kind=Union.Kind.JOINT)
        cast(UnionChoiceField, fields["keeper"]).queryset = Union.objects.filter(
            Q(kind=Union.Kind.COUNTY) | Q(kind=Union.Kind.TOWNSHIP) | Q(kind=Union.Kind.SECTOR)
        )
        for field in fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)

    @staticmethod
    def initial_for(employer: Employer) -> dict[str, Any]:
        return {
            "name": employer.name,
            "credit_code": employer.credit_code or "",
            "address": employer.address,
            "division": employer.division_id or "",
            "village": employer.village_id or "",
            "nature": employer.nature_id or "",
            "ownership": employer.ownership_id or "",
            "industry": employer.industry_id or "",
            "headcount": employer.headcount,
            "women": employer.women,
            "migrant_workers": employer.migrant_workers,
            "dispatched_workers": employer.dispatched_workers,
            "contact_name": employer.contact_name,
            "contact_phone": employer.contact_phone or "",
            "status": employer.status,
            "union_status": employer.union_status,
            "not_eligible_reason": employer.not_eligible_reason,
            "own_union": employer.own_union_id,
            "joint_union": employer.joint_union_id,
            "founded_on": employer.founded_on,
            "keeper": employer.union_id if employer.union.is_federation else None,
        }

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the services take it (codes stay codes; empty becomes None)."""
        data = dict(self.cleaned_data)
        data.pop("keeper", None)
        for field in ("division", "village", "nature", "ownership", "industry"):
            data[field] = data.get(field) or None
        data["credit_code"] = data.get("credit_code") or None
        data["contact_phone"] = data.get("contact_phone") or None
        return data


class EmployerFilters(FilterForm):
    """The employer list's filters (and its export's): codes as the selector takes them."""

    q = search(_("name or credit code"), testid="employer-search")
    township = choice(_("township"))
    industry = choice(_("industry"))
    ownership = choice(_("economic type"))
    union_status = choice(
        _("union status"),
        [
            ("covered", _("covered (own union or joint)")),
            ("eligible", _("eligible (all but not eligible)")),
            *Employer.UnionStatus.choices,
        ],
    )
    size_band = choice(_("size band"), SizeBand.choices)
    status = choice(_("status"), Employer.Status.choices)
    year = carried(_("covered in"))

    def setup(self, user: Any) -> None:
        self.set_choices("township", township_choices)
        self.set_choices("industry", section_and_industry_choices)
        self.set_choices("ownership", lambda: reference.choices("ownership"))
