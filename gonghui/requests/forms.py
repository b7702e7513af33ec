"""Worker requests' forms: the public ones (challenge, no markup, bounded), the worker's, staff's and
the workflow steps' (the list's filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.assistance.models import HardshipFile
from gonghui.core.accounts.models import User
from gonghui.core.identifiers import validate_mobile
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.converters import parse_id
from gonghui.core.web.public import PublicForm
from gonghui.requests import selectors
from gonghui.requests.models import Request
from gonghui.rights.selectors import committees_for_user

FEDERATIONS = (Union.Kind.COUNTY, Union.Kind.TOWNSHIP, Union.Kind.SECTOR)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The longest description a request takes (characters).
MAX_DESCRIPTION = 1500


def _description() -> forms.CharField:
    return forms.CharField(
        label=pgettext_lazy("requests", "what it is about"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_DESCRIPTION}),
        help_text=_("What happened, since when, how many workers are concerned (at most %(n)d characters).")
        % {"n": MAX_DESCRIPTION},
    )


def _category() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=pgettext_lazy("requests", "category"), choices=Request.Category.choices, widget=forms.RadioSelect
    )


def _mobile(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("mobile number"),
        max_length=20,
        required=required,
        validators=[validate_mobile],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("The union calls you back on it; it is never shown in full to anyone else."),
    )


class EmployerPickMixin:
    """An employer picked from the public search (its id) or typed, and the township when typed."""

    cleaned_data: dict[str, Any]
    add_error: Any

    def clean_employer(self) -> int | None:
        value = self.cleaned_data.get("employer")
        return parse_id(str(value)) if value else None

    def clean_township(self) -> Union | None:
        value = self.cleaned_data.get("township")
        if not value:
            return None
        union = selectors.township_for_division(str(value))
        if union is None:
            raise forms.ValidationError(_("No union serves this township yet: choose another, or call 12351."))
        return union

    def check_employer(self, *, township_required: bool) -> None:
        if not self.cleaned_data.get("employer") and not (self.cleaned_data.get("employer_name") or "").strip():
            self.add_error("employer_name", _("Name your employer, or pick it from the search."))
        if township_required and not self.cleaned_data.get("employer") and not self.cleaned_data.get("township"):
            self.add_error("township", _("Choose the township or street where you work."))


class PublicRequestForm(EmployerPickMixin, PublicForm):
    """The public form: what it is about, the employer, who to call back."""

    category = _category()
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    employer_name = forms.CharField(
        label=_("your employer"),
        max_length=200,
        required=False,
        help_text=_("Type at least two characters of its name and pick it from the list, or just type it."),
    )
    township = forms.ChoiceField(
        label=_("township or street"),
        required=False,
        help_text=_("Where you work, if your employer is not in the list."),
    )
    contact_name = forms.CharField(label=_("your name"), max_length=50)
    contact_phone = _mobile()
    description = _description()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [("", "—"), *selectors.public_townships()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        self.check_employer(township_required=True)
        return cleaned


class TrackForm(PublicForm):
    code = forms.CharField(
        label=_("tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RateForm(PublicForm):
    code = forms.CharField(max_length=20, widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(
        label=_("how satisfied are you with the answer?"),
        choices=Request.Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("comment (optional)"), max_length=300, required=False)


class WorkerRateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("how satisfied are you with the answer?"),
        choices=Request.Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("comment (optional)"), max_length=300, required=False)


class WorkerRequestForm(EmployerPickMixin, forms.Form):
    """A signed-in worker's request: their record names them and their employer."""

    category = _category()
    employer_name = forms.CharField(
        label=_("another employer"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when it concerns the employer the union has on record for you."),
    )
    township = forms.ChoiceField(label=_("township or street"), required=False)
    contact_phone = _mobile(required=False)
    description = _description()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [("", "—"), *selectors.public_townships()]  # type: ignore[attr-defined]
        self.fields["contact_phone"].help_text = _("Leave empty to be called on the number the union has.")


class StaffRequestForm(EmployerPickMixin, forms.Form):
    """A hotline call (12351) or a visit, recorded by staff."""

    channel = forms.ChoiceField(
        label=_("channel"),
        choices=[
            (Request.Channel.HOTLINE, Request.Channel.HOTLINE.label),
            (Request.Channel.VISIT, Request.Channel.VISIT.label),
        ],
    )
    received_on = forms.DateField(label=_("received on"), widget=DATE)
    union = UnionChoiceField(
        label=_("handling union"),
        help_text=_(
            "An employer picked from the register goes to its own union when that lies in your part of the tree."
        ),
    )
    category = forms.ChoiceField(label=pgettext_lazy("requests", "category"), choices=Request.Category.choices)
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    employer_name = forms.CharField(label=_("employer"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("contact name"), max_length=50)
    contact_phone = _mobile(required=False)
    description = _description()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        self.check_employer(township_required=False)
        return cleaned


# --- The workflow's steps ---------------------------------------------------------------------


class StepForm(forms.Form):
    """A workflow step form: it knows the request and the user taking the step."""

    def __init__(self, *args: Any, obj: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.actor = actor


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()}（{obj.union.name}）"


class AssignForm(StepForm):
    assignee = AssigneeField(label=_("assign to"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = selectors.assignees_for(self.actor, self.obj)
        field: Any = self.fields["assignee"]
        field.queryset = User.objects.filter(pk__in=[p.pk for p in people]).select_related("union")
        if self.obj.assigned_to_id is None and any(p.pk == self.actor.pk for p in people):
            field.initial = self.actor.pk


class ContactForm(StepForm):
    contacted_on = forms.DateField(label=_("first contact on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = timezone.localdate()


class AnswerForm(StepForm):
    reply = forms.CharField(
        label=_("reply to the worker"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The worker reads it by their tracking code: write it to them, with no one else's personal data."),
    )


class TransferForm(StepForm):
    """The union to hand it to: any federation of the county, or a union in the actor's part of the tree."""

    union = forms.ChoiceField(label=_("transfer to"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[int, str] = {}
        with system_scope("a request may be handed to any federation of the county"):
            federations = Union.objects.filter(kind__in=FEDERATIONS).order_by("path").values_list("id", "name")
            choices.update(federations)
        for union in Union.objects.filter(kind__in=(Union.Kind.GRASSROOTS, Union.Kind.JOINT)).order_by("path")[:500]:
            choices.setdefault(union.pk, union.name)
        choices.pop(self.obj.union_id, None)
        self.fields["union"].choices = [("", "—"), *((str(pk), name) for pk, name in choices.items())]  # type: ignore[attr-defined]

    def clean_union(self) -> Union:
        union_id = parse_id(self.cleaned_data.get("union") or "")
        allowed = {str(pk) for pk, _name in self.fields["union"].choices if pk}  # type: ignore[attr-defined]
        if union_id is None or str(union_id) not in allowed:
            raise forms.ValidationError(_("Choose a union from the list."))
        with system_scope("the union a request is handed to, chosen from the offered list"):
            return Union.objects.get(pk=union_id)


class MediationForm(StepForm):
    committee: Any = forms.ModelChoiceField(label=_("mediation committee"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees_for_user(self.actor)  # type: ignore[attr-defined]


class HardshipForm(StepForm):
    main_cause = forms.ChoiceField(label=_("main cause of hardship"), choices=HardshipFile.Cause.choices)
