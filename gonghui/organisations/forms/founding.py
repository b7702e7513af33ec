"""The forms of the founding pipeline's steps (``Transition(form=...)``) and of its list filters.

Each step form is built by the workflow's step page as ``Form(data, files, obj=case, actor=user)``;
its ``cleaned_data`` reaches the step's effect as ``data``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.identifiers import CreditCodeField, MobileField
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, subtree_q, system_scope
from gonghui.organisations.models import COMMITTEE_THRESHOLD, FULL_TIME_CHAIR_HEADCOUNT, FoundingCase
from gonghui.organisations.services.founding import CloseReason, founding_data_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepForm(forms.Form):
    """A step form: it knows the case and the user taking the step."""

    def __init__(self, *args: Any, obj: FoundingCase, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = obj
        self.actor = actor


class StartPreparingForm(StepForm):
    """筹建: who organises the founding, the plan, and the date the founding meeting should be held by."""

    organizer_name = forms.CharField(label=_("Organizer"), max_length=50)
    organizer_phone = MobileField(label=_("Organizer's mobile phone"), required=False)
    steps = forms.CharField(
        label=_("Steps planned"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visits, member recruitment, the preparatory group, approval, the founding meeting."),
    )
    target_date = forms.DateField(label=_("Target founding date"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case.organizer_name:
            self.fields["organizer_name"].initial = self.case.organizer_name

    def clean_target_date(self) -> Any:
        target = self.cleaned_data["target_date"]
        if target < timezone.localdate():
            raise forms.ValidationError(_("The target date lies in the past."))
        return target


class FoundForm(StepForm):
    """The founding meeting: the union it founded, its members and term, and who it elected.

    工会法 art. 11: from 25 members a committee (a chair and at least 3 seats in all); with fewer,
    one organizer — or, instead of founding, the employer joins a joint union.
    """

    template_fields = "organisations/founding_found_fields.html"

    founding_meeting_on = forms.DateField(label=_("Founding meeting held on"), widget=DATE)
    union_name = forms.CharField(label=_("Union name"), max_length=200)
    credit_code = CreditCodeField(
        label=_("Union's unified social credit code"),
        required=False,
        max_length=30,
        help_text=_("If the union already holds its legal-person certificate."),
    )
    members_enrolled = forms.IntegerField(label=_("Members enrolled"), min_value=1)
    term_years = forms.TypedChoiceField(
        label=_("Term"), choices=[(3, _("3 years")), (5, _("5 years"))], coerce=int, initial=5
    )
    # A committee (25 members or more).
    chair_name = forms.CharField(label=_("Chair"), max_length=50, required=False)
    chair_phone = MobileField(label=_("Chair's mobile phone"), required=False)
    chair_full_time = forms.BooleanField(label=_("The chair is full-time"), required=False)
    vice_chairs = forms.CharField(
        label=_("Vice-chairs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name a line."),
    )
    committee_members = forms.CharField(
        label=_("Committee members"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line."),
    )
    # A single organizer (fewer than 25 members).
    organizer_name = forms.CharField(label=_("Organizer"), max_length=50, required=False)
    organizer_phone = MobileField(label=_("Organizer's mobile phone"), required=False)

    COMMITTEE_FIELDS = ("chair_name", "chair_phone", "chair_full_time", "vice_chairs", "committee_members")
    ORGANIZER_FIELDS = ("organizer_name", "organizer_phone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer = self.case.employer
        self.fields["union_name"].initial = f"{employer.name}工会委员会"
        self.fields["founding_meeting_on"].initial = timezone.localdate()
        if employer.headcount:
            # The browser's hint; the rule itself is the service's (members ≤ workers).
            self.fields["members_enrolled"].widget.attrs["max"] = employer.headcount
            self.fields["members_enrolled"].help_text = _(
                "%(n)s members or more elect a committee; fewer, one organizer. The employer has %(workers)s workers."
            ) % {"n": COMMITTEE_THRESHOLD, "workers": employer.headcount}
        self.fields["chair_full_time"].initial = employer.headcount >= FULL_TIME_CHAIR_HEADCOUNT
        self.fields["chair_full_time"].help_text = _("Expected where the employer has %(n)s workers or more.") % {
            "n": FULL_TIME_CHAIR_HEADCOUNT
        }
        if self.case.preparing_since:
            self.fields["founding_meeting_on"].help_text = _("Preparing since %(day)s.") % {
                "day": f"{self.case.preparing_since:%Y-%m-%d}"
            }

    def committee_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.COMMITTEE_FIELDS]

    def organizer_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ORGANIZER_FIELDS]

    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in (*self.COMMITTEE_FIELDS, *self.ORGANIZER_FIELDS)]

    def clean_credit_code(self) -> str:
        code = self.cleaned_data.get("credit_code") or ""
        if code:
            with system_scope("a union's credit code is unique across the whole tree"):
                # unscoped: a union's credit code is unique across the whole tree
                if Union.unscoped.filter(credit_code=code).exists():
                    raise forms.ValidationError(_("Another union already has this credit code."))
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Only the data that passed its own field checks is judged again (no second message).
        judged = {k: v for k, v in cleaned.items() if k not in self.errors}
        for field, message in founding_data_errors(self.case, judged).items():
            if field in self.errors or (field in self.fields and field not in cleaned):
                continue
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class CoverByJointForm(StepForm):
    """联合基层工会: the joint union that covers the employer instead of its own union."""

    joint_union = forms.ModelChoiceField(label=_("Joint union"), queryset=Union.objects.none())
    covered_on = forms.DateField(label=_("Covered since"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with acting_as(self.actor):
            # The joint unions under the case's federation first, then the rest of the user's subtree.
            near = Case(When(subtree_q("path", self.case.union.path), then=Value(0)), default=Value(1))
            self.fields["joint_union"].queryset = (  # type: ignore[attr-defined]
                Union.objects.filter(kind=Union.Kind.JOINT).annotate(near=near).order_by("near", "name")
            )
        self.fields["covered_on"].initial = timezone.localdate()

    def clean_covered_on(self) -> Any:
        day = self.cleaned_data["covered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return day


class CloseForm(StepForm):
    """Closing without a union: why (the note, required, says more)."""

    reason = forms.ChoiceField(label=_("Why the case closes"), choices=CloseReason.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Closed down: the employer is recorded as closed. Cannot found a union: the employer is recorded "
            "as not eligible, with the reason below."
        )
