"""Forms of the member registry: add a member, worker, join, transfer, change of membership, bulk actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.identifiers import IdNumberField, MobileField
from gonghui.core.privacy.masking import mask
from gonghui.core.reference import selectors as reference
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.core.tree.models import Union
from gonghui.members.models import Membership, Worker
from gonghui.members.services import KEEP_REASONS, LEAVE_REASONS, MEMBER_UNION_KINDS, REMOVAL_REASONS
from gonghui.organisations.models import Employer
from gonghui.organisations.selectors import own_employer_of

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REFERENCE_CHOICES = {
    "ethnic_group": "ethnic_group",
    "education": "education_level",
    "skill_level": "skill_level",
    "household_type": "household_type",
    "employment_status": "employment_status",
    "political_status": "political_status",
}


def _blank(options: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *options]


def find_employer(text: str) -> Employer | None:
    """The employer in the current scope named exactly by ``text`` (credit code or name), if exactly one."""
    text = " ".join((text or "").split())
    if not text:
        return None
    found = list(Employer.objects.filter(Q(credit_code=text.upper()) | Q(name=text))[:2])
    return found[0] if len(found) == 1 else None


class EmployerLookupField(forms.CharField):
    """An employer named by its credit code or exact name, among those the user may see."""

    def clean(self, value: Any) -> Employer | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        employer = find_employer(text)
        if employer is None:
            raise forms.ValidationError(_("No single employer you can see has this name or credit code."))
        return employer


class WorkerForm(forms.Form):
    name = forms.CharField(label=_("full name"), max_length=50)
    id_number = IdNumberField(label=_("ID number"))
    phone = MobileField(label=_("mobile phone"), required=False)
    category = forms.ChoiceField(label=_("category"), choices=Worker.Category.choices)
    employer = EmployerLookupField(
        label=_("employer"), required=False, help_text=_("Credit code or full name of an employer you keep.")
    )
    employment_status = forms.ChoiceField(label=_("employment status"), required=False)
    ethnic_group = forms.ChoiceField(label=_("ethnic group"), required=False)
    education = forms.ChoiceField(label=_("education"), required=False)
    skill_level = forms.ChoiceField(label=_("skill level"), required=False)
    political_status = forms.ChoiceField(label=_("political status"), required=False)
    household_type = forms.ChoiceField(label=_("household registration type"), required=False)
    household_place = forms.CharField(label=_("household registration place"), max_length=100, required=False)
    native_place = forms.CharField(label=_("native place"), max_length=100, required=False)

    def __init__(self, *args: Any, worker: Worker | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kind in REFERENCE_CHOICES.items():
            cast(forms.ChoiceField, self.fields[name]).choices = _blank(reference.choices(kind))
        self.worker = worker
        if worker is not None:
            # Stored personal data is never written into the page: empty keeps the value.
            for name, kind in (("id_number", "id_number"), ("phone", "phone")):
                field = self.fields[name]
                field.required = False
                field.widget.attrs["placeholder"] = mask(kind, getattr(worker, name) or "")
                field.help_text = _("Leave empty to keep the stored value.")

    @staticmethod
    def initial_for(worker: Worker) -> dict[str, Any]:
        initial = {name: getattr(worker, f"{name}_id") or "" for name in REFERENCE_CHOICES}
        initial.update(
            name=worker.name,
            category=worker.category,
            household_place=worker.household_place,
            native_place=worker.native_place,
            employer=(worker.employer.credit_code or worker.employer.name) if worker.employer else "",
        )
        return initial

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if self.worker is not None:
            for name in ("id_number", "phone"):
                if not data.get(name):
                    data.pop(name, None)
        return data


class JoinForm(forms.Form):
    union = UnionChoiceField(label=_("union"))
    on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    card_number = forms.CharField(
        label=_("member card number"), max_length=32, required=False, help_text=_("Leave empty to issue one.")
    )
    transfer_in = forms.BooleanField(label=_("transferred in from a union outside the county"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnionChoiceField, self.fields["union"]).queryset = Union.objects.filter(kind__in=MEMBER_UNION_KINDS)
        self.fields["on"].initial = timezone.localdate()


class MemberAddForm(WorkerForm):
    """Add a member in one form: the person (found again by ID number, or registered) and their joining.

    The union is preselected when the user can add members to exactly one (a grassroots
    officer's own union), and the employer then shows that union's own employer, which the
    service also takes when the field is left empty.
    """

    union = UnionChoiceField(label=_("union"))
    on = forms.DateField(label=_("joining date"), widget=DATE_WIDGET)
    card_number = forms.CharField(
        label=_("member card number"), max_length=32, required=False, help_text=_("Leave empty to issue one.")
    )
    transfer_in = forms.BooleanField(label=_("transferred in from a union outside the county"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    MEMBERSHIP_FIELDS = ("union", "on", "employer", "card_number", "transfer_in", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unions = Union.objects.filter(kind__in=MEMBER_UNION_KINDS)
        cast(UnionChoiceField, self.fields["union"]).queryset = unions
        self.fields["on"].initial = timezone.localdate()
        self.fields["employer"].help_text = _(
            "Credit code or full name of an employer you keep. Left empty: the union's own employer."
        )
        only = list(unions[:2])
        if len(only) == 1:
            self.fields["union"].initial = only[0].pk
            own = own_employer_of(only[0])
            if own is not None:
                # Its name reads better than its code; the code where the name alone would not find it.
                readable = find_employer(own.name) == own
                self.fields["employer"].initial = own.name if readable else (own.credit_code or own.name)

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.MEMBERSHIP_FIELDS]

    def membership_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MEMBERSHIP_FIELDS]


class TransferForm(forms.Form):
    to_union = forms.CharField(
        label=_("receiving union"),
        max_length=200,
        help_text=_("The exact name or credit code of a grassroots or joint union anywhere in the county."),
    )
    on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean_to_union(self) -> Union:
        from gonghui.members.services import receiving_union_lookup

        union = receiving_union_lookup(self.cleaned_data["to_union"])
        if union is None:
            raise forms.ValidationError(_("No grassroots or joint union has exactly this name or credit code."))
        return union


class ChangeForm(forms.Form):
    """Keep, resume, leave or remove: the event, its date and reason."""

    ACTIONS = [
        ("keep", _("keep the membership")),
        ("resume", _("resume the membership")),
        ("leave", _("leave the union")),
        ("removal", _("remove from the union")),
    ]
    REASONS = {"keep": KEEP_REASONS, "leave": LEAVE_REASONS, "removal": REMOVAL_REASONS, "resume": ()}

    action = forms.ChoiceField(label=_("event"), choices=ACTIONS)
    on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    reason = forms.ChoiceField(label=_("change reason"), choices=_blank(Membership.Reason.choices), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        allowed = (
            {"keep", "leave", "removal"}
            if membership.status == Membership.Status.ACTIVE
            else {"resume", "leave", "removal"}
        )
        cast(forms.ChoiceField, self.fields["action"]).choices = [(k, v) for k, v in self.ACTIONS if k in allowed]


class BulkForm(forms.Form):
    ACTIONS = [("dues", _("record dues paid")), ("activity", _("record an activity attended"))]

    action = forms.ChoiceField(label=_("action"), choices=ACTIONS)
    on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    worker = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any ids: the service only touches memberships in the actor's scope.
        field = cast(forms.TypedMultipleChoiceField, self.fields["worker"])
        field.valid_value = lambda value: str(value).isdigit()  # type: ignore[method-assign]
