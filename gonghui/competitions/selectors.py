"""Competitions and innovation's reads: each answers for the user it is given (``core/selectors.py``)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from gonghui.competitions import rules
from gonghui.competitions.models import (
    Competition,
    Innovation,
    InnovationStudio,
    Participant,
    Prize,
    PrizeBatch,
    Score,
    Stage,
)
from gonghui.competitions.services import eligible_ids
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.converters import parse_id, parse_year

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User


@selector
def townships_for_user(actor: User) -> list[Union]:
    """The township and sector federations in the user's scope (the filters' choices)."""
    return list(
        Union.objects.filter(kind__in=(Union.Kind.TOWNSHIP, Union.Kind.SECTOR))
        .only("id", "name", "path")
        .order_by("path")
    )


@selector
def organiser_choices(actor: User) -> QuerySet[Union]:
    """The unions in the user's scope that may organise a competition (county, township, sector)."""
    return Union.objects.filter(kind__in=rules.ORGANISER_KINDS).order_by("path")


def _within_union(rows: QuerySet[Any], value: str, column: str = "union__path") -> QuerySet[Any]:
    union_id = parse_id(value)
    node = Union.objects.filter(pk=union_id).only("path").first() if union_id else None
    return rows.filter(subtree_q(column, node.path)) if node else rows.none()


def _year(rows: QuerySet[Any], value: str, column: str) -> QuerySet[Any]:
    year = parse_year(value)
    return rows.filter(**{f"{column}__year": year}) if year else rows.none()


# --- Competitions -------------------------------------------------------------------------------------


@selector
def competitions_for_user(
    actor: User, *, q: str = "", kind: str = "", year: str = "", township: str = ""
) -> QuerySet[Competition]:
    """The competitions organised in ``actor``'s subtree, newest first; ``year``: the year it starts;
    ``township``: a union id (competitions organised within its subtree)."""
    # Counted by a subquery, not a join, so that the list stays one row per competition with no
    # GROUP BY (its measures count the rows by township).
    # unscoped: the participants of a competition the user sees (kept by its organiser)
    entered = Participant.unscoped.filter(competition=OuterRef("pk")).order_by().values("competition")
    rows = Competition.objects.select_related("union").annotate(
        participant_count=Coalesce(Subquery(entered.annotate(n=Count("pk")).values("n")), 0)
    )
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = _year(rows, year, "starts_on")
    if township:
        rows = _within_union(rows, township)
    q = q.strip()
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(trade__icontains=q))
    return rows.order_by("-starts_on", "-id")


@selector(sample=lambda s: {"competition_id": s.id("competition_id")})
def get_competition_for_user(actor: User, competition_id: int) -> Competition:
    """One competition of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(Competition.objects.select_related("union"), pk=competition_id)


@selector
def participants_for_user(
    actor: User,
    *,
    q: str = "",
    competition: str = "",
    kind: str = "",
    year: str = "",
    township: str = "",
) -> QuerySet[Participant]:
    """Participants of the competitions in ``actor``'s subtree.

    ``year`` / ``kind`` / ``township``: the competition's (the year it starts, its kind, its organiser's township).
    """
    rows = Participant.objects.select_related("competition", "worker", "employer", "union")
    if competition:
        competition_id = parse_id(competition)
        rows = rows.filter(competition_id=competition_id) if competition_id else rows.none()
    if kind:
        rows = rows.filter(competition__kind=kind)
    if year:
        rows = _year(rows, year, "competition__starts_on")
    if township:
        rows = _within_union(rows, township)
    q = q.strip()
    if q:
        rows = rows.filter(Q(worker__name__icontains=q) | Q(team_name__icontains=q) | Q(employer__name__icontains=q))
    return rows.order_by("-competition__starts_on", "competition_id", "id")


@selector(sample=lambda s: {"competition": s.get(Competition, "competition_id")})
def participants_of(actor: User, competition: Competition) -> list[Participant]:
    return list(
        Participant.objects.filter(competition=competition)
        .select_related("worker", "employer")
        .prefetch_related("members")
        .order_by("id")
    )


@selector(sample=lambda s: {"competition": s.get(Competition, "competition_id")})
def stages_of(actor: User, competition: Competition) -> list[Stage]:
    return list(Stage.objects.filter(competition=competition).annotate(scored=Count("scores")).order_by("position"))


@selector(sample=lambda s: {"stage_id": s.id("stage_id")})
def get_stage_for_user(actor: User, stage_id: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("competition", "union"), pk=stage_id)


@selector(sample=lambda s: {"stage": s.get(Stage, "stage_id")})
def ranking_of_stage(actor: User, stage: Stage) -> list[rules.Placed]:
    """The stage's ranking (``rules.rank``: equal scores share a place, 1-2-2-4)."""
    scores = Score.objects.filter(stage=stage).select_related("participant__worker", "participant__employer")
    return rules.rank(((s.participant, s.points) for s in scores), name=lambda p: p.display_name)


@selector(sample=lambda s: {"competition": s.get(Competition, "competition_id")})
def final_ranking(actor: User, competition: Competition) -> tuple[Stage | None, list[rules.Placed]]:
    """The competition's ranking: that of its last stage with scores (None, [] before any score)."""
    stage = Stage.objects.filter(competition=competition, scores__isnull=False).distinct().order_by("-position").first()
    if stage is None:
        return None, []
    return stage, ranking_of_stage(actor, stage)


@selector(sample=lambda s: {"stage": s.get(Stage, "stage_id")})
def score_sheet(actor: User, stage: Stage) -> list[dict[str, Any]]:
    """The score-entry lines of a stage: each participant, their score, and whether they may be scored."""
    allowed = eligible_ids(stage)
    scores = dict(Score.objects.filter(stage=stage).values_list("participant_id", "points"))
    return [
        {"participant": p, "points": scores.get(p.pk), "eligible": allowed is None or p.pk in allowed}
        for p in participants_of(actor, stage.competition)
    ]


@selector(sample=lambda s: {"competition": s.get(Competition, "competition_id")})
def batches_of(actor: User, competition: Competition) -> list[PrizeBatch]:
    return list(
        PrizeBatch.objects.filter(competition=competition)
        .annotate(total=Sum("prizes__amount"), prize_count=Count("prizes"))
        .select_related("made_by", "approved_by")
        .order_by("id")
    )


@selector(sample=lambda s: {"prize_batch_id": s.id("prize_batch_id")})
def get_batch_for_user(actor: User, prize_batch_id: int) -> PrizeBatch:
    return get_object_or_404(
        PrizeBatch.objects.select_related("competition", "union", "made_by", "approved_by"), pk=prize_batch_id
    )


@selector(sample=lambda s: {"batch": s.get(PrizeBatch, "prize_batch_id")})
def prizes_of(actor: User, batch: PrizeBatch) -> list[Prize]:
    return list(
        Prize.objects.filter(batch=batch)
        .select_related("participant__worker", "participant__employer")
        .order_by("-amount", "id")
    )


# --- Innovation ---------------------------------------------------------------------------------------


@selector
def innovations_for_user(
    actor: User,
    *,
    q: str = "",
    kind: str = "",
    outcome: str = "",
    year: str = "",
    township: str = "",
    employer: str = "",
    studio: str = "",
) -> QuerySet[Innovation]:
    """Innovations kept in ``actor``'s subtree, newest first; ``year``: the year submitted."""
    rows = Innovation.objects.select_related("employer", "worker", "union", "studio")
    if kind:
        rows = rows.filter(kind=kind)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if year:
        rows = _year(rows, year, "submitted_on")
    if township:
        rows = _within_union(rows, township)
    for name, value in (("employer_id", employer), ("studio_id", studio)):
        if value:
            number = parse_id(value)
            rows = rows.filter(**{name: number}) if number else rows.none()
    q = q.strip()
    if q:
        rows = rows.filter(
            Q(title__icontains=q)
            | Q(worker__name__icontains=q)
            | Q(team_name__icontains=q)
            | Q(employer__name__icontains=q)
        )
    return rows.order_by("-submitted_on", "-id")


@selector(sample=lambda s: {"innovation_id": s.id("innovation_id")})
def get_innovation_for_user(actor: User, innovation_id: int) -> Innovation:
    return get_object_or_404(
        Innovation.objects.select_related("employer", "worker", "union", "studio"), pk=innovation_id
    )


@selector
def studios_for_user(actor: User, *, q: str = "", level: str = "", township: str = "") -> QuerySet[InnovationStudio]:
    rows = InnovationStudio.objects.select_related("employer", "leader", "union").annotate(
        result_count=Count("results", distinct=True), member_count=Count("members", distinct=True)
    )
    if level:
        rows = rows.filter(level=level)
    if township:
        rows = _within_union(rows, township)
    q = q.strip()
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(employer__name__icontains=q) | Q(leader__name__icontains=q))
    return rows.order_by("name", "id")


@selector(sample=lambda s: {"studio_id": s.id("studio_id")})
def get_studio_for_user(actor: User, studio_id: int) -> InnovationStudio:
    return get_object_or_404(InnovationStudio.objects.select_related("employer", "leader", "union"), pk=studio_id)


@selector(sample=lambda s: {"studio": s.get(InnovationStudio, "studio_id")})
def studio_summary(actor: User, studio: InnovationStudio) -> dict[str, Any]:
    results = Innovation.objects.filter(studio=studio)
    totals = results.aggregate(
        count=Count("pk"),
        adopted=Count("pk", filter=Q(outcome=Innovation.Outcome.ADOPTED)),
        value=Sum("value_created"),
    )
    return {
        "members": list(studio.members.order_by("name", "id")),
        "results": list(results.select_related("worker").order_by("-submitted_on", "-id")[:50]),
        "count": totals["count"],
        "adopted": totals["adopted"],
        "value": totals["value"] or Decimal("0"),
    }


@selector
def studio_choices(actor: User, *, employer: Any = None) -> QuerySet[InnovationStudio]:
    rows = InnovationStudio.objects.order_by("name", "id")
    return rows.filter(employer=employer) if employer is not None else rows
