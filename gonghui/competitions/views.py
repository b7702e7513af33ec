"""Competitions and innovation's pages: thin, each reads through a selector or writes through a service."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.competitions import documents, lists, selectors, services
from gonghui.competitions.forms import (
    CompetitionEditForm,
    CompetitionForm,
    EvaluationForm,
    InnovationForm,
    PrizeForm,
    StageForm,
    StudioForm,
    TeamForm,
)
from gonghui.core.documents import pdf_response
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import XLSX, download, service_action, service_form
from gonghui.core.web.pickers import search_words
from gonghui.members import selectors as members
from gonghui.members.models import Worker
from gonghui.organisations import selectors as organisations
from gonghui.organisations.models import Employer


@login_required
@permission_required("competitions.view_competition", raise_exception=True)
def index(request: AuthedRequest) -> HttpResponse:
    return redirect("competitions:list")


# --- Competitions -------------------------------------------------------------------------------------


@login_required
@permission_required("competitions.view_competition", raise_exception=True)
def competition_list(request: AuthedRequest) -> HttpResponse:
    return lists.COMPETITIONS.render(request, "competitions/competition_list.html")


@login_required
@permission_required("competitions.add_competition", raise_exception=True)
def competition_create(request: AuthedRequest) -> HttpResponse:
    form = CompetitionForm(request.POST or None, user=request.user, initial={"union": request.user.union_id})
    return service_form(
        request,
        form,
        lambda form: services.competition_create(actor=request.user, **form.cleaned_data),
        template="competitions/competition_form.html",
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: _("%(name)s opened.") % {"name": obj.name},
    )


@login_required
@permission_required("competitions.change_competition", raise_exception=True)
def competition_edit(request: AuthedRequest, competition_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    initial = {name: getattr(competition, name) for name in services.COMPETITION_FIELDS}
    form = CompetitionEditForm(request.POST or None, user=request.user, initial=initial)
    return service_form(
        request,
        form,
        lambda form: services.competition_update(actor=request.user, competition=competition, **form.cleaned_data),
        template="competitions/competition_form.html",
        context={"competition": competition},
        success=competition.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("competitions.view_competition", raise_exception=True)
def competition_detail(request: AuthedRequest, competition_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    participants = selectors.participants_of(request.user, competition)
    final_stage, ranking = selectors.final_ranking(request.user, competition)
    q = request.GET.get("q", "")
    workers = members.workers_to_pick(request.user, q)
    return render(
        request,
        "competitions/competition_detail.html",
        {
            "competition": competition,
            "participants": participants,
            "stages": selectors.stages_of(request.user, competition),
            "final_stage": final_stage,
            "ranking": ranking,
            "batches": selectors.batches_of(request.user, competition),
            "employers": list(competition.employers.order_by("name")),
            "q": q,
            "picker_rows": workers,
            "team_form": TeamForm(),
            "stage_form": StageForm(),
            "prize_form": PrizeForm(participants=participants),
        },
    )


@login_required
@permission_required("competitions.add_participant", raise_exception=True)
@require_POST
def participant_add(request: AuthedRequest, competition_id: int, worker_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    worker = members.get_worker_for_user(request.user, worker_id)
    return service_action(
        request,
        lambda: services.participant_add(actor=request.user, competition=competition, worker=worker),
        success=competition.get_absolute_url(),
        message=lambda p: _("%(name)s entered.") % {"name": p.display_name},
    )


@login_required
@permission_required("competitions.add_participant", raise_exception=True)
def team_add(request: AuthedRequest, competition_id: int, employer_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    employer = organisations.get_employer_for_user(request.user, employer_id)
    form = TeamForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.participant_add(
            actor=request.user, competition=competition, team_name=form.cleaned_data["team_name"], employer=employer
        ),
        template="competitions/simple_form.html",
        context={"competition": competition, "heading": _("Enter a team for %(name)s") % {"name": employer.name}},
        success=competition.get_absolute_url(),
        message=lambda p: _("%(name)s entered.") % {"name": p.display_name},
    )


@login_required
@permission_required("competitions.change_competition", raise_exception=True)
def stage_add(request: AuthedRequest, competition_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    form = StageForm(request.POST or None)
    return service_form(
        request,
        form,
        lambda form: services.stage_add(actor=request.user, competition=competition, **form.cleaned_data),
        template="competitions/simple_form.html",
        context={"competition": competition, "heading": _("Add a stage")},
        success=lambda stage: stage.get_absolute_url(),
        message=lambda stage: _("Stage %(name)s added.") % {"name": stage.name},
    )


@login_required
@permission_required("competitions.view_competition", raise_exception=True)
def stage_detail(request: AuthedRequest, stage_id: int) -> HttpResponse:
    """The stage's score sheet (a field per participant) and its ranking."""
    stage = selectors.get_stage_for_user(request.user, stage_id)
    errors: list[str] = []
    if request.method == "POST":
        if not request.user.has_perm("competitions.add_score"):
            return HttpResponse(status=403)
        points: dict[int, Decimal | None] = {}
        for line in selectors.score_sheet(request.user, stage):
            participant = line["participant"]
            raw = request.POST.get(f"points-{participant.pk}", "").strip()
            if raw == "":
                if line["points"] is not None:
                    points[participant.pk] = None
                continue
            try:
                value = Decimal(raw)
            except InvalidOperation:
                value = Decimal("NaN")
            if not value.is_finite():
                errors.append(_("%(name)s: give the score as a number.") % {"name": participant.display_name})
                continue
            points[participant.pk] = value
        if not errors:
            try:
                services.scores_record(actor=request.user, stage=stage, points=points)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Scores saved."))
                return redirect(stage.get_absolute_url())
    sheet = selectors.score_sheet(request.user, stage)
    for line in sheet:
        key = f"points-{line['participant'].pk}"
        line["value"] = request.POST.get(key, "") if errors else ("" if line["points"] is None else line["points"])
    return render(
        request,
        "competitions/stage_detail.html",
        {
            "stage": stage,
            "competition": stage.competition,
            "sheet": sheet,
            "ranking": selectors.ranking_of_stage(request.user, stage),
            "errors": errors,
        },
    )


@login_required
@permission_required("competitions.view_competition", raise_exception=True)
def ranking_pdf(request: AuthedRequest, competition_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    return pdf_response(
        request,
        lambda: documents.ranking_pdf(competition, user=request.user),
        filename=f"{competition.name} 成绩排名.pdf",
        fallback=f"ranking-{competition.pk}.pdf",
        back_to=competition.get_absolute_url(),
    )


@login_required
@permission_required("competitions.view_competition", raise_exception=True)
def results_xlsx(request: AuthedRequest, competition_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    return download(
        documents.results_xlsx(competition, user=request.user),
        f"{competition.name} 竞赛成绩.xlsx",
        content_type=XLSX,
        fallback=f"results-{competition.pk}.xlsx",
    )


@login_required
@permission_required("competitions.add_prizebatch", raise_exception=True)
def prize_add(request: AuthedRequest, competition_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(request.user, competition_id)
    participants = selectors.participants_of(request.user, competition)
    form = PrizeForm(request.POST or None, participants=participants)
    by_id = {p.pk: p for p in participants}
    return service_form(
        request,
        form,
        lambda form: services.prize_add(
            actor=request.user,
            competition=competition,
            participant=by_id[form.cleaned_data["participant"]],
            title=form.cleaned_data["title"],
            amount=form.cleaned_data["amount"],
        ),
        template="competitions/simple_form.html",
        context={"competition": competition, "heading": _("Award a prize")},
        success=lambda prize: prize.batch.get_absolute_url(),
        message=_("Prize added to the batch being made."),
    )


@login_required
@permission_required("competitions.view_prizebatch", raise_exception=True)
def batch_detail(request: AuthedRequest, prize_batch_id: int) -> HttpResponse:
    batch = selectors.get_batch_for_user(request.user, prize_batch_id)
    prizes = selectors.prizes_of(request.user, batch)
    return render(
        request,
        "competitions/batch_detail.html",
        {"batch": batch, "prizes": prizes, "total": sum((p.amount for p in prizes), Decimal("0"))},
    )


@login_required
@permission_required("competitions.view_participant", raise_exception=True)
def participant_list(request: AuthedRequest) -> HttpResponse:
    return lists.PARTICIPANTS.render(request, "competitions/participant_list.html")


# --- Innovation ---------------------------------------------------------------------------------------


@login_required
@permission_required("competitions.view_innovation", raise_exception=True)
def innovation_list(request: AuthedRequest) -> HttpResponse:
    return lists.INNOVATIONS.render(request, "competitions/innovation_list.html")


@login_required
@permission_required("competitions.add_innovation", raise_exception=True)
def innovation_new(request: AuthedRequest) -> HttpResponse:
    """Find the worker (or, for a team, the employer) the innovation is by."""
    q = search_words(request)
    workers = members.workers_to_pick(request.user, q)
    employers = organisations.employers_to_pick(request.user, q)
    return render(request, "competitions/innovation_new.html", {"q": q, "picker_rows": workers, "employers": employers})


def _innovation_form(request: AuthedRequest, *, employer: Employer, worker: Worker | None = None) -> HttpResponse:
    form = InnovationForm(request.POST or None, user=request.user, employer=employer)
    if worker is not None:
        del form.fields["team_name"]
    return service_form(
        request,
        form,
        lambda form: services.innovation_record(
            actor=request.user, employer=employer, worker=worker, **form.cleaned_data
        ),
        template="competitions/innovation_form.html",
        context={"employer": employer, "worker": worker},
        success=lambda obj: obj.get_absolute_url(),
        message=_("Innovation recorded."),
    )


@login_required
@permission_required("competitions.add_innovation", raise_exception=True)
def innovation_by_worker(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = members.get_worker_for_user(request.user, worker_id)
    if worker.employer_id is None:
        messages.error(request, _("This worker has no employer in the registry."))
        return redirect("competitions:innovation_new")
    employer = organisations.get_employer_for_user(request.user, worker.employer_id)
    return _innovation_form(request, employer=employer, worker=worker)


@login_required
@permission_required("competitions.add_innovation", raise_exception=True)
def innovation_by_team(request: AuthedRequest, employer_id: int) -> HttpResponse:
    employer = organisations.get_employer_for_user(request.user, employer_id)
    return _innovation_form(request, employer=employer)


@login_required
@permission_required("competitions.view_innovation", raise_exception=True)
def innovation_detail(request: AuthedRequest, innovation_id: int) -> HttpResponse:
    innovation = selectors.get_innovation_for_user(request.user, innovation_id)
    form = EvaluationForm(initial={"evaluated_on": timezone.localdate(), "outcome": "adopted"})
    return render(request, "competitions/innovation_detail.html", {"innovation": innovation, "form": form})


@login_required
@permission_required("competitions.change_innovation", raise_exception=True)
def innovation_evaluate(request: AuthedRequest, innovation_id: int) -> HttpResponse:
    innovation = selectors.get_innovation_for_user(request.user, innovation_id)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.innovation_evaluate(actor=request.user, innovation=innovation, **form.cleaned_data),
        template="competitions/simple_form.html",
        context={"heading": _("Evaluate %(title)s") % {"title": innovation.title}, "back": innovation},
        success=innovation.get_absolute_url(),
        message=_("Evaluation recorded."),
    )


# --- Studios --------------------------------------------------------------------------------------------


@login_required
@permission_required("competitions.view_innovationstudio", raise_exception=True)
def studio_list(request: AuthedRequest) -> HttpResponse:
    return lists.STUDIOS.render(request, "competitions/studio_list.html")


@login_required
@permission_required("competitions.add_innovationstudio", raise_exception=True)
def studio_new(request: AuthedRequest) -> HttpResponse:
    """Find the worker who leads the studio (the studio is at their employer)."""
    q = request.GET.get("q", "")
    return render(
        request, "competitions/studio_new.html", {"q": q, "picker_rows": members.workers_to_pick(request.user, q)}
    )


@login_required
@permission_required("competitions.add_innovationstudio", raise_exception=True)
def studio_create(request: AuthedRequest, worker_id: int) -> HttpResponse:
    leader = members.get_worker_for_user(request.user, worker_id)
    if leader.employer_id is None:
        messages.error(request, _("This worker has no employer in the registry."))
        return redirect("competitions:studio_new")
    employer = organisations.get_employer_for_user(request.user, leader.employer_id)
    form = StudioForm(request.POST or None, initial={"named_on": timezone.localdate()})
    return service_form(
        request,
        form,
        lambda form: services.studio_create(actor=request.user, employer=employer, leader=leader, **form.cleaned_data),
        template="competitions/simple_form.html",
        context={
            "heading": _("A studio led by %(name)s at %(employer)s") % {"name": leader.name, "employer": employer.name}
        },
        success=lambda studio: studio.get_absolute_url(),
        message=_("Studio recorded."),
    )


@login_required
@permission_required("competitions.view_innovationstudio", raise_exception=True)
def studio_detail(request: AuthedRequest, studio_id: int) -> HttpResponse:
    studio = selectors.get_studio_for_user(request.user, studio_id)
    q = request.GET.get("q", "")
    workers = members.workers_to_pick(request.user, q, employer=studio.employer_id)
    return render(
        request,
        "competitions/studio_detail.html",
        {"studio": studio, "summary": selectors.studio_summary(request.user, studio), "q": q, "picker_rows": workers},
    )


@login_required
@permission_required("competitions.change_innovationstudio", raise_exception=True)
@require_POST
def studio_member_add(request: AuthedRequest, studio_id: int, worker_id: int) -> HttpResponse:
    studio = selectors.get_studio_for_user(request.user, studio_id)
    worker = members.get_worker_for_user(request.user, worker_id)
    return service_action(
        request,
        lambda: services.studio_member_add(actor=request.user, studio=studio, worker=worker),
        success=studio.get_absolute_url(),
        message=_("%(name)s added.") % {"name": worker.name},
    )
