"""Democratic management's forms: the pages' and the workflow steps' (the lists' filters are in lists.py)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import YuanField
from gonghui.core.web.converters import parse_id
from gonghui.democracy import rules, selectors
from gonghui.democracy.models import (
    AgendaItem,
    Attendance,
    CollectiveContract,
    Congress,
    Disclosure,
    DisclosureItem,
    Level,
    Motion,
    Representative,
    Session,
)
from gonghui.democracy.services import covered_outside
from gonghui.democracy.workflows import ContractState
from gonghui.organisations.models import Employer

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


# --- Regional and industry congresses and contracts -------------------------------------------------

# At most this many employers pasted at once (a county's whole register of small firms fits).
MAX_COVERED_LINES = 2000


def _shown(value: str) -> str:
    return value if len(value) <= 60 else f"{value[:59]}…"


def _credit_code(value: str) -> str:
    """A pasted credit code as stored: full-width characters and spaces folded, upper case."""
    return unicodedata.normalize("NFKC", value).replace(" ", "").upper()


def pasted_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, value)`` of every non-empty line pasted from a spreadsheet column.

    A line copied from several columns keeps its first non-empty cell; spaces (full-width too) and
    the quotes Excel puts around a cell are dropped.
    """
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        cells = (cell.strip().strip('"').strip() for cell in raw.split("\t"))
        value = next((cell for cell in cells if cell), "")
        if value:
            lines.append((number, value))
    return lines


def match_covered(user: Any, text: str, union: Any) -> tuple[list[Employer], list[str]]:
    """The employers named by the pasted lines (credit codes or exact names), and a message per line that fails.

    A line fails when it matches no employer of ``user``'s scope, more than one, an employer already
    named on an earlier line, a closed one, or one kept outside ``union``'s subtree (when a union is
    chosen). Nothing is matched unless every line is: the caller saves only without messages.
    """
    lines = pasted_lines(text)
    if not lines:
        return [], [str(_("Paste at least one credit code or employer name."))]
    if len(lines) > MAX_COVERED_LINES:
        return [], [str(_("At most %(n)d employers at a time.") % {"n": MAX_COVERED_LINES})]
    found = selectors.employers_matching(
        user, codes=sorted({_credit_code(v) for _n, v in lines}), names=sorted({v for _n, v in lines})
    )
    by_code = {e.credit_code: e for e in found if e.credit_code}
    by_name: dict[str, list[Employer]] = {}
    for employer in found:
        by_name.setdefault(employer.name, []).append(employer)
    matched: list[Employer] = []
    problems: list[str] = []
    first_line: dict[int, int] = {}
    for number, value in lines:
        hits = {e.pk: e for e in [by_code.get(_credit_code(value)), *by_name.get(value, [])] if e is not None}
        where = {"n": number, "value": _shown(value)}
        if not hits:
            problems.append(
                _("Line %(n)d “%(value)s”: no employer in your part of the tree has this credit code or name.") % where
            )
            continue
        if len(hits) > 1:
            problems.append(
                _("Line %(n)d “%(value)s”: %(count)d employers have this name; give the credit code.")
                % {**where, "count": len(hits)}
            )
            continue
        employer = next(iter(hits.values()))
        if employer.pk in first_line:
            problems.append(
                _("Line %(n)d “%(value)s”: %(name)s is named on line %(first)d already.")
                % {**where, "name": employer.name, "first": first_line[employer.pk]}
            )
            continue
        first_line[employer.pk] = number
        if union is not None and covered_outside(union, [employer]):
            problems.append(
                _("Line %(n)d “%(value)s”: %(name)s is not kept within %(union)s.")
                % {**where, "name": employer.name, "union": union.name}
            )
        elif employer.status == Employer.Status.CLOSED:
            problems.append(_("Line %(n)d “%(value)s”: %(name)s is closed.") % {**where, "name": employer.name})
        else:
            matched.append(employer)
    return (matched, []) if not problems else ([], problems)


class CoveredEmployersField(forms.CharField):
    """The covered employers pasted as a column: one credit code or exact name a line (a list in the API)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            value = "\n".join(str(line) for line in value)
        return super().to_python(value)


class RegionalForm(forms.Form):
    """What a regional or industry congress or contract shares: the level, the union running it, the employers."""

    level = forms.ChoiceField(
        label=_("level"), choices=[(Level.REGIONAL, Level.REGIONAL.label), (Level.INDUSTRY, Level.INDUSTRY.label)]
    )
    union: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("run by"),
        queryset=None,
        help_text=_("Your own union, or a federation or joint union within it."),
    )  # type: ignore[arg-type]
    covered_employers = CoveredEmployersField(
        label=_("employers covered"),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace", "data-testid": "covered-employers"}),
        help_text=_(
            "Paste a column from Excel: one unified social credit code (or the exact employer name) a line. "
            "Every line must name one employer kept within the union that runs it."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["union"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.regional_unions_for_user(user)
        if not self.is_bound:
            self.initial.setdefault("level", Level.REGIONAL)
            own = getattr(user, "union_id", None)
            if own is not None and field.queryset.filter(pk=own).exists():
                self.initial.setdefault("union", own)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("covered_employers")
        if text is not None:
            matched, problems = match_covered(self.user, text, data.get("union"))
            if problems:
                self.add_error("covered_employers", problems)
            else:
                data["covered_employers"] = matched
        return data


class RegionalCongressForm(RegionalForm):
    """A regional or industry congress (区域性、行业性职代会): the workforce defaults to its employers' workers."""

    name = forms.CharField(
        label=_("name"),
        max_length=200,
        required=False,
        help_text=_("Left empty: named after the union that runs it and the term."),
    )
    term_number = forms.IntegerField(label=_("term (届)"), min_value=1, max_value=99, initial=1)
    term_start = _date(_("term starts"))
    term_end = _date(_("term ends"), help_text=_("A term lasts 3 to 5 years."))
    workforce = _count(_("workers"), required=False)
    women_workers = _count(_("women workers"), required=False)
    dispatched_workers = _count(_("dispatched workers"), required=False)

    field_order = [
        "level",
        "union",
        "name",
        "term_number",
        "term_start",
        "term_end",
        "covered_employers",
        "workforce",
        "women_workers",
        "dispatched_workers",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("workforce", "women_workers", "dispatched_workers"):
            self.fields[name].help_text = _("Left empty: the employers covered, in all.")
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("term_start", today)
            self.initial.setdefault("term_end", rules.term_bounds(today, rules.TERM_YEARS)[0])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        covered = data.get("covered_employers")
        if isinstance(covered, list):
            totals = {
                "workforce": sum(e.headcount for e in covered),
                "women_workers": sum(e.women for e in covered),
                "dispatched_workers": sum(e.dispatched_workers for e in covered),
            }
            counts = {name: totals[name] if data.get(name) is None else int(data[name]) for name in totals}
            for name in ("women_workers", "dispatched_workers"):
                if counts[name] <= counts["workforce"]:
                    continue
                if data.get(name) is not None:
                    self.add_error(name, _("More than all the workers."))
                elif "workforce" not in self.errors:
                    self.add_error(
                        "workforce",
                        _("Fewer than the %(n)d women or dispatched workers of the employers covered.")
                        % {"n": counts[name]},
                    )
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


class RollForm(forms.Form):
    """The roll of a sitting in the API: the delegates present, excused and absent, by id, each once."""

    present: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("present"), queryset=None, required=False
    )  # type: ignore[arg-type]
    excused: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("excused"), queryset=None, required=False
    )  # type: ignore[arg-type]
    absent: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("absent"), queryset=None, required=False
    )  # type: ignore[arg-type]

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for status in Attendance.Status.values:
            field = self.fields[status]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = congress.delegates.select_related("worker")
            field.help_text = _("The ids of the term's delegates.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: set[int] = set()
        twice = []
        for status in Attendance.Status.values:
            for delegate in data.get(status) or ():
                if delegate.pk in seen:
                    twice.append(delegate.worker.name)
                seen.add(delegate.pk)
        if twice:
            raise ValidationError(_("Each delegate once: %(names)s named twice.") % {"names": "、".join(twice)})
        return data

    def statuses(self) -> dict[int, str]:
        """``{delegate_id: status}`` as ``services.attendance_record`` takes it (a delegate left out: missing)."""
        return {d.pk: status for status in Attendance.Status.values for d in self.cleaned_data.get(status) or ()}


class AssemblyAttendanceForm(forms.Form):
    members_total = _count(_("workers (all)"))
    present = _count(_("present"))


class ItemForm(forms.Form):
    title = forms.CharField(label=_("item"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.GENERAL)
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


class ElectionCountForm(forms.Form):
    """An election's count in the API: the ballot papers cast and every candidate's votes by candidate id."""

    ballots_cast = _count(_("ballot papers cast"))
    votes = forms.JSONField(
        label=_("votes"), help_text=_('Every candidate\'s votes by candidate id, e.g. {"12": 16, "13": 22}.')
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {c.pk: c for c in candidates}

    def clean_votes(self) -> dict[int, int]:
        value = self.cleaned_data["votes"]
        if not isinstance(value, dict):
            raise ValidationError(_("Give the votes as an object: candidate id, then votes."))
        votes: dict[int, int] = {}
        for key, count in value.items():
            candidate_id = parse_id(str(key))
            if candidate_id is None or candidate_id not in self.candidates:
                raise ValidationError(_("%(id)s is not a candidate of this election.") % {"id": str(key)[:20]})
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 1_000_000:
                raise ValidationError(_("Votes are whole numbers from 0 (candidate %(id)s).") % {"id": candidate_id})
            votes[candidate_id] = count
        return votes

    def service_arguments(self) -> dict[str, Any]:
        return {"ballots_cast": self.cleaned_data["ballots_cast"], "votes": self.cleaned_data["votes"]}


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


class RegionalContractForm(RegionalForm, ContractForm):
    """A regional or industry collective contract (区域性、行业性集体合同) for the employers it covers."""

    field_order = ["level", "union", "kind", "requested_by", "requested_on", "title", "covered_employers"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        requested_by = self.fields["requested_by"]
        assert isinstance(requested_by, forms.ChoiceField)
        requested_by.choices = [
            (CollectiveContract.RequestedBy.UNION, _("the union")),
            (CollectiveContract.RequestedBy.EMPLOYER, _("the employers (their representative body)")),
        ]
        if not self.is_bound:
            self.initial.setdefault("requested_on", timezone.localdate())


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
