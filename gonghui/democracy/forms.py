"""Democratic management's forms: the pages' and the workflow steps' (the lists' filters are in lists.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import YuanField
from gonghui.democracy import rules, selectors
from gonghui.democracy.models import (
    AgendaItem,
    Attendance,
    CollectiveContract,
    Congress,
    Disclosure,
    DisclosureItem,
    Motion,
    Representative,
    Session,
)
from gonghui.democracy.workflows import ContractState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, required=required, help_text=help_text)


def _count(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, required=required)


class StepForm(forms.Form):
    """A workflow step's form: it knows the object and the user taking the step."""

    def __init__(self, *args: Any, obj: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.actor = actor


# --- County reference: minimum wage ----------------------------------------------------------


class MinimumWageForm(forms.Form):
    effective_from = _date(_("in force from"))
    monthly = YuanField(label=_("monthly minimum wage (yuan)"))
    hourly = YuanField(label=_("hourly minimum wage, part-time (yuan)"))
    notice = forms.CharField(label=_("notice"), max_length=300, help_text=_("The government notice that set it."))


# --- Congress --------------------------------------------------------------------------------


class CongressForm(forms.Form):
    term_number = forms.IntegerField(label=_("term (届)"), min_value=1, max_value=99, initial=1)
    term_start = _date(_("term starts"))
    term_end = _date(_("term ends"), help_text=_("A term lasts 3 to 5 years."))
    workforce = _count(_("workers"))
    women_workers = _count(_("women workers"))
    dispatched_workers = _count(_("dispatched workers"))
    name = forms.CharField(
        label=_("name"),
        max_length=200,
        required=False,
        help_text=_("Left empty: named after the employer and the term."),
    )

    def __init__(self, *args: Any, employer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if employer is not None and not self.is_bound:
            today = timezone.localdate()
            self.initial.update(
                {
                    "term_start": today,
                    "term_end": rules.term_bounds(today, rules.TERM_YEARS)[0],
                    "workforce": employer.headcount,
                    "women_workers": employer.women,
                    "dispatched_workers": employer.dispatched_workers,
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        workforce = data.get("workforce") or 0
        for name in ("women_workers", "dispatched_workers"):
            if (data.get(name) or 0) > workforce:
                self.add_error(name, _("More than all the workers."))
        return data


class DelegateForm(forms.Form):
    worker: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("worker"), queryset=None, help_text=_("A worker of the employer in the member registry.")
    )  # type: ignore[arg-type]
    electoral_unit = forms.CharField(label=_("electoral unit (车间/科室)"), max_length=100)
    is_manager = forms.BooleanField(label=_("middle manager or leader"), required=False)
    is_frontline = forms.BooleanField(label=_("frontline worker"), required=False, initial=True)

    def __init__(self, *args: Any, congress: Congress, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = congress.delegates.values_list("worker_id", flat=True)
        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.workers_for_congress(user, congress).exclude(pk__in=list(taken))


# --- Sittings ----------------------------------------------------------------------------------


class SessionForm(forms.Form):
    held_on = _date(_("date of the sitting"))
    kind = forms.ChoiceField(label=_("kind"), choices=Session.Kind.choices)
    materials_sent_on = _date(
        _("materials sent to the delegates on"), required=False, help_text=_("At least 7 days before the sitting.")
    )


class SessionEditForm(forms.Form):
    held_on = _date(_("date of the sitting"))
    materials_sent_on = _date(
        _("materials sent to the delegates on"), required=False, help_text=_("At least 7 days before the sitting.")
    )


class AttendanceForm(forms.Form):
    """One choice per delegate: present, excused or absent."""

    def __init__(self, *args: Any, delegates: list[Any], current: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delegates = delegates
        for delegate in delegates:
            self.fields[f"d{delegate.pk}"] = forms.ChoiceField(
                label=f"{delegate.worker.name}（{delegate.electoral_unit}）",
                choices=Attendance.Status.choices,
                initial=current.get(delegate.pk, Attendance.Status.PRESENT),
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
            )

    def statuses(self) -> dict[int, str]:
        return {d.pk: self.cleaned_data[f"d{d.pk}"] for d in self.delegates}


class AssemblyAttendanceForm(forms.Form):
    members_total = _count(_("workers (all)"))
    present = _count(_("present"))


class ItemForm(forms.Form):
    title = forms.CharField(label=_("item"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=AgendaItem.Kind.choices)
    contract: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("contract draft"), queryset=None, required=False
    )  # type: ignore[arg-type]
    seats = forms.IntegerField(
        label=_("seats"), min_value=1, max_value=99, required=False, help_text=_("For an election: the seats to fill.")
    )

    def __init__(self, *args: Any, session: Session, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contract"]
        assert isinstance(field, forms.ModelChoiceField)
        employer_id = session.congress.employer_id
        drafts = selectors.contracts_for_user(user, state=ContractState.NEGOTIATING)
        field.queryset = drafts.filter(employer_id=employer_id) if employer_id else drafts.filter(union=session.union)


class CandidateForm(forms.Form):
    worker: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("worker"), queryset=None, help_text=_("A delegate or another worker of the employer.")
    )  # type: ignore[arg-type]

    def __init__(self, *args: Any, item: AgendaItem, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = item.candidates.values_list("worker_id", flat=True)
        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.workers_for_congress(user, item.session.congress).exclude(pk__in=list(taken))


class ElectionForm(forms.Form):
    """The count of an election: the ballot papers cast and each candidate's votes (``votes_<id>``)."""

    ballots_cast = _count(_("ballot papers cast"))

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            self.fields[f"votes_{candidate.pk}"] = _count(candidate.worker.name)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "ballots_cast": data["ballots_cast"],
            "votes": {c.pk: data[f"votes_{c.pk}"] for c in self.candidates},
        }


class BallotForm(forms.Form):
    yes = _count(pgettext_lazy("vote", "yes"))
    no = _count(pgettext_lazy("vote", "no"))
    abstain = _count(_("abstentions"))


class ResolutionForm(forms.Form):
    published_on = _date(
        _("resolution posted on"), help_text=_("Within 3 days of the sitting; it stays up at least 15 days.")
    )


class HoldStepForm(StepForm):
    held_on = _date(_("date of the sitting"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = self.obj.held_on


class ReportStepForm(StepForm):
    reported_on = _date(_("reported to the higher union on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()


# --- Motions ------------------------------------------------------------------------------------


class MotionForm(forms.Form):
    title = forms.CharField(label=_("subject (案由)"), max_length=200)
    proposal = forms.CharField(label=_("proposed measures"), widget=forms.Textarea(attrs={"rows": 4}))
    tabled_by: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("tabled by"), queryset=None)  # type: ignore[arg-type]
    seconders: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("seconded by"), queryset=None, required=False
    )  # type: ignore[arg-type]
    tabled_on = _date(_("tabled on"))
    session: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("tabled at"), queryset=None, required=False)  # type: ignore[arg-type]

    def __init__(self, *args: Any, congress: Congress, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        delegates = congress.delegates.select_related("worker")
        for name in ("tabled_by", "seconders"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = delegates
            field.label_from_instance = lambda d: f"{d.worker.name}（{d.electoral_unit}）"  # type: ignore[method-assign, assignment]
        session = self.fields["session"]
        assert isinstance(session, forms.ModelChoiceField)
        session.queryset = congress.sessions.all()
        self.fields["tabled_on"].initial = timezone.localdate()


class AcceptStepForm(StepForm):
    department = forms.CharField(label=_("department responsible"), max_length=100)
    answer_due = _date(_("answer due"))
    reason = forms.CharField(
        label=_("motions committee's reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer_due"].initial = rules.add_months(timezone.localdate(), 1)


class AnswerStepForm(StepForm):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = _date(_("answered on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = timezone.localdate()


class FeedbackStepForm(StepForm):
    satisfaction = forms.ChoiceField(label=_("satisfaction"), choices=Motion.Satisfaction.choices)


class MotionReportStepForm(StepForm):
    reported_at: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("reported at"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reported_at"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = self.obj.congress.sessions.all()


# --- Disclosure ---------------------------------------------------------------------------------


class DisclosureForm(forms.Form):
    item = forms.ChoiceField(label=_("item"), choices=DisclosureItem.choices)
    disclosed_on = _date(_("disclosed on"))
    channel = forms.ChoiceField(label=_("channel"), choices=Disclosure.Channel.choices)
    evidence = forms.CharField(label=_("evidence"), max_length=300, required=False)
    evidence_file = forms.FileField(
        label=_("evidence file"),
        required=False,
        help_text=_("A photo of the notice posted, or a PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class QuestionForm(forms.Form):
    asked_on = _date(_("asked on"))
    subject = forms.CharField(label=_("question"), max_length=300)


class QuestionAnswerStepForm(StepForm):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = _date(_("answered on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = timezone.localdate()


# --- Collective contracts -------------------------------------------------------------------------


class ContractForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=CollectiveContract.Kind.choices)
    requested_by = forms.ChoiceField(
        label=pgettext_lazy("contract", "requested by"), choices=CollectiveContract.RequestedBy.choices
    )
    requested_on = _date(_("bargaining requested on"), help_text=_("The other side replies in writing within 20 days."))
    title = forms.CharField(label=_("title"), max_length=200, required=False)


class TermsForm(forms.Form):
    covered_workers = _count(_("workers covered"))
    wage_rise_percent = forms.DecimalField(
        label=_("agreed wage rise (%)"), max_digits=5, decimal_places=2, required=False, min_value=-50, max_value=100
    )
    minimum_wage = YuanField(label=_("minimum wage in the contract (yuan a month)"), required=False)
    working_hours = forms.CharField(label=_("working hours"), max_length=200, required=False)
    rest = forms.CharField(label=_("rest and leave"), max_length=200, required=False)
    insurance = forms.CharField(label=_("insurance and welfare"), max_length=200, required=False)


class RepresentativeForm(forms.Form):
    side = forms.ChoiceField(label=_("side"), choices=Representative.Side.choices)
    name = forms.CharField(label=_("name"), max_length=50)
    position = forms.CharField(label=pgettext_lazy("representative", "position"), max_length=100, required=False)
    is_chief = forms.BooleanField(label=_("chief representative"), required=False)


class RoundForm(forms.Form):
    held_on = _date(_("held on"))
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 4}))


class ReplyStepForm(StepForm):
    replied_on = _date(_("reply received on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].initial = timezone.localdate()


class SignStepForm(StepForm):
    signed_on = _date(_("signed on"), help_text=_("Filing is due within 10 days (a wage agreement: 7)."))
    term_start = _date(_("term starts"))
    term_end = _date(_("term ends"), help_text=_("1 to 3 years: the term's last day."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["signed_on"].initial = today
        self.fields["term_start"].initial = today
        self.fields["term_end"].initial = rules.term_bounds(today, rules.CONTRACT_TERM_YEARS)[0]


class FileStepForm(StepForm):
    filed_on = _date(pgettext_lazy("contract", "filed on"))
    received_on = _date(
        _("received by the labour department on"),
        required=False,
        help_text=_("The 15-day objection window runs from it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["filed_on"].initial = timezone.localdate()
