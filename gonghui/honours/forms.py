"""Honours's forms: the pages', the nomination workflow's steps' and the public objection form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import YuanField
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.core.web.public import PublicForm
from gonghui.honours.models import INDIVIDUAL, AllowanceRate, AwardCampaign, CareRecord, Category, Level, ModelWorker
from gonghui.honours.workflows import MIN_NOTICE_DAYS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


class CampaignForm(forms.Form):
    union = UnionChoiceField(label=_("organised by"))
    title = forms.CharField(label=_("title"), max_length=200)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    categories = forms.MultipleChoiceField(
        label=_("categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    conditions = forms.CharField(label=_("conditions"), widget=TEXT, required=False)
    nominations_due = forms.DateField(label=_("nominations due"), widget=DATE, required=False)
    min_frontline_percent = forms.IntegerField(
        label=_("minimum share of frontline workers (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Among each union's individual nominees; empty: no rule."),
    )
    max_leader_percent = forms.IntegerField(
        label=_("maximum share of leaders (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Among each union's individual nominees; empty: no rule."),
    )
    notice_working_days = forms.IntegerField(
        label=_("public notice (working days)"), min_value=MIN_NOTICE_DAYS, max_value=30, initial=MIN_NOTICE_DAYS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class QuotaForm(forms.Form):
    union = forms.TypedChoiceField(label=_("nominating union"), coerce=int)
    category = forms.ChoiceField(label=pgettext_lazy("honours", "category"))
    places = forms.IntegerField(label=_("places"), min_value=0, max_value=500)

    def __init__(self, *args: Any, campaign: AwardCampaign, unions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].choices = [  # type: ignore[attr-defined]
            (u.pk, f"{'　' * (u.depth - campaign.union.depth - 1)}{u.name}") for u in unions
        ]
        self.fields["category"].choices = [(c, Category(c).label) for c in campaign.categories]  # type: ignore[attr-defined]


class NominationForm(forms.Form):
    """A nominee: a worker of the registry (individual categories) or a collective named here."""

    category = forms.ChoiceField(label=pgettext_lazy("honours", "category"))
    worker = forms.IntegerField(label=_("worker"), required=False, widget=forms.HiddenInput)
    worker_q = forms.CharField(
        label=_("find the worker"),
        required=False,
        max_length=50,
        help_text=_("Name or ID number, then choose the worker from the registry."),
    )
    employer = forms.TypedChoiceField(label=_("employer"), coerce=int, required=False, empty_value=None)
    name = forms.CharField(
        label=_("collective nominated"),
        max_length=200,
        required=False,
        help_text=_("For a collective: the employer, team or union as it is to be named."),
    )
    post = forms.CharField(label=_("post or position"), max_length=100, required=False)
    frontline = forms.BooleanField(label=_("frontline worker"), required=False)
    leader = forms.BooleanField(label=_("leader or manager"), required=False)
    deeds = forms.CharField(label=_("deeds"), widget=TEXT)

    def __init__(self, *args: Any, campaign: AwardCampaign, employers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, Category(c).label) for c in campaign.categories]  # type: ignore[attr-defined]
        self.fields["employer"].choices = [("", "—"), *((e.pk, e.name) for e in employers)]  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.update({"class": "form-check-input", "data-testid": f"nominee-{name}"})
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            elif not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") in INDIVIDUAL and not data.get("worker"):
            self.add_error("worker_q", _("Choose the worker from the registry."))
        return data


class StepForm(forms.Form):
    def __init__(self, *args: Any, obj: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.actor = actor


class NoticeStepForm(StepForm):
    """公示: from today or later, for the campaign's working days (at least)."""

    starts_on = forms.DateField(label=_("notice starts on"), widget=DATE)
    working_days = forms.IntegerField(
        label=_("working days"),
        min_value=MIN_NOTICE_DAYS,
        max_value=30,
        help_text=_("Counted on the statutory calendar: holidays and rest days do not count, 调休 working days do."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()
        self.fields["working_days"].initial = self.obj.campaign.notice_working_days


class ObjectionForm(PublicForm):
    """An objection from the public notice page (no account)."""

    nomination = forms.TypedChoiceField(label=_("nominee"), coerce=int)
    text = forms.CharField(label=_("objection"), widget=TEXT, max_length=1000)
    contact_name = forms.CharField(label=_("your name (optional)"), max_length=50, required=False)
    contact_phone = forms.RegexField(
        label=_("your phone (optional)"),
        regex=r"^1\d{10}$",
        required=False,
        max_length=11,
        error_messages={"invalid": _("Give an 11-digit mobile number.")},
    )

    def __init__(self, *args: Any, nominations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [(n.pk, f"{n.name}（{n.get_category_display()}）") for n in nominations]  # type: ignore[attr-defined]


class ObjectionAnswerForm(forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ModelWorkerForm(forms.Form):
    union = UnionChoiceField(label=_("keeping union"))
    name = forms.CharField(label=_("full name"), max_length=50)
    level = forms.ChoiceField(label=pgettext_lazy("honours", "level"), choices=Level.choices)
    honour = forms.CharField(label=_("honour"), max_length=100, help_text=_("e.g. 全国劳动模范, 省五一劳动奖章"))
    honoured_year = forms.IntegerField(label=_("year honoured"), min_value=1950, max_value=2100)
    status = forms.ChoiceField(label=_("in post or retired"), choices=ModelWorker.Status.choices)
    farmer = forms.BooleanField(label=_("farmer model worker"), required=False)
    workplace = forms.CharField(label=_("workplace"), max_length=200, required=False)
    phone = forms.RegexField(
        label=_("mobile phone"),
        regex=r"^1\d{10}$",
        required=False,
        max_length=11,
        error_messages={"invalid": _("Give an 11-digit mobile number.")},
    )


class CareForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("care"),
        choices=[(k, label) for k, label in CareRecord.Kind.choices if k in ("visit", "health_check", "allowance")],
    )
    on = forms.DateField(label=_("date"), widget=DATE)
    festival = forms.ChoiceField(label=_("occasion"), choices=[("", "—"), *CareRecord.Festival.choices], required=False)
    amount = YuanField(label=_("amount (yuan)"), required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class AllowanceRateForm(forms.Form):
    union = UnionChoiceField(label=_("union"))
    level = forms.ChoiceField(label=pgettext_lazy("honours", "level"), choices=Level.choices)
    farmer = forms.BooleanField(label=_("farmer model workers"), required=False)
    amount = YuanField(label=_("amount (yuan)"))
    per = forms.ChoiceField(label=_("paid"), choices=AllowanceRate.Per.choices)
    source = forms.CharField(label=_("source"), max_length=200, required=False)


class BatchForm(forms.Form):
    union = UnionChoiceField(label=_("union"))
    name = forms.CharField(label=_("name"), max_length=100)
    place = forms.CharField(label=_("place"), max_length=100)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    days = forms.IntegerField(label=_("days"), min_value=1, max_value=30, initial=7)
    places = forms.IntegerField(label=_("places"), min_value=1, max_value=500)
