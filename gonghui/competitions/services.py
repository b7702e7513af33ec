"""Competitions and innovation's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

The prize batch's steps (submit, approve by a second person, pay) are the workflow's effects
(``workflows.PrizeBatchFlow``): the transition checks the role and the four eyes and writes the
timeline; the effect writes the batch's own columns and refuses what does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

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
from gonghui.competitions.workflows import BatchState
from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.money import round_fen, yuan
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.workflow.services import workflow_start
from gonghui.members import selectors as members
from gonghui.members.models import Worker
from gonghui.organisations import selectors as organisations
from gonghui.organisations.models import Employer

Action = AuditEvent.Action
COMPETITION_FIELDS = ["name", "kind", "trade", "starts_on", "ends_on", "description"]
AUDITED_COMPETITION = COMPETITION_FIELDS
AUDITED_INNOVATION = [
    "kind",
    "title",
    "employer",
    "worker",
    "team_name",
    "studio",
    "submitted_on",
    "outcome",
    "evaluated_on",
    "reason",
    "value_created",
    "reward",
]
AUDITED_STUDIO = ["name", "employer", "leader", "level", "named_on", "field"]
MAX_POINTS = Decimal("99999.99")


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date | None, field: str) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: _("The date lies in the future.")})


def _worker_seen(actor: Actor, worker: Worker) -> None:
    if actor is not None:
        members.get_worker_for_user(actor, worker.pk)  # 404 for a worker the actor may not see


def _employer_seen(actor: Actor, employer: Employer) -> None:
    # Read in the actor's scope (or the command line's): an employer outside it is not there (404).
    organisations.employer_union_id(employer.pk)


def _within(union: Union, employer: Employer) -> bool:
    return Union.unscoped.filter(subtree_q("path", union.path), pk=employer.union_id).exists()  # unscoped: a path test


# --- Competitions -----------------------------------------------------------------------------------


def _check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A competition cannot end before it starts.")})


@service(perm="competitions.add_competition")
def competition_create(
    *,
    actor: Actor,
    union: Union,
    name: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    trade: str = "",
    description: str = "",
) -> Competition:
    """Open a competition organised by ``union`` (a county, township or sector federation in the actor's subtree)."""
    check_scope(actor, union)
    if union.kind not in rules.ORGANISER_KINDS:
        raise ValidationError({"union": _("A competition is organised by the county, a township or a sector union.")})
    _check_period(starts_on, ends_on)
    competition = Competition(
        union=union,
        name=name.strip(),
        kind=kind,
        trade=trade.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        description=description.strip(),
    )
    competition.full_clean(exclude=["union"])
    competition.save()
    audit_record(Action.CREATE, obj=competition, changes=diff({}, snapshot(competition, AUDITED_COMPETITION)))
    return competition


@service(perm="competitions.change_competition")
def competition_update(*, actor: Actor, competition: Competition, **fields: Any) -> Competition:
    """Change what the competition is (name, kind, trade, period, description)."""
    unknown = set(fields) - set(COMPETITION_FIELDS)
    if unknown:
        raise TypeError(f"competition_update() cannot set {sorted(unknown)}")
    check_scope(actor, competition.union)
    before = snapshot(competition, AUDITED_COMPETITION)
    for name, value in fields.items():
        setattr(competition, name, value.strip() if isinstance(value, str) and name != "kind" else value)
    _check_period(competition.starts_on, competition.ends_on)
    competition.full_clean(exclude=["union"])
    competition.save()
    audit_record(Action.UPDATE, obj=competition, changes=diff(before, snapshot(competition, AUDITED_COMPETITION)))
    return competition


@service(perm="competitions.change_competition")
def competition_employer_add(*, actor: Actor, competition: Competition, employer: Employer) -> Competition:
    """Enter ``employer`` (in the organiser's part of the tree) as taking part in the competition."""
    check_scope(actor, competition.union)
    _employer_seen(actor, employer)
    if not _within(competition.union, employer):
        raise ValidationError({"employer": _("The employer lies outside the organising union's part of the tree.")})
    if not competition.employers.filter(pk=employer.pk).exists():
        competition.employers.add(employer)
        audit_record(Action.UPDATE, obj=competition, note=_("Employer taking part: %(name)s") % {"name": employer.name})
    return competition


@service(perm="competitions.add_participant")
def participant_add(
    *,
    actor: Actor,
    competition: Competition,
    worker: Worker | None = None,
    team_name: str = "",
    team_members: Iterable[Worker] = (),
    employer: Employer | None = None,
) -> Participant:
    """Enter a worker of the registry, or a team (its name and members), for an employer of the competition.

    A worker enters for their employer; the employer joins the competition's employers if it is not yet among them.
    """
    check_scope(actor, competition.union)
    team_name = team_name.strip()
    team = list(team_members)
    if (worker is None) == (not team_name):
        raise ValidationError(_("Enter either one worker or a team with its name."))
    if worker is not None:
        _worker_seen(actor, worker)
        if employer is None:
            employer = worker.employer
        if employer is None:
            raise ValidationError({"worker": _("This worker has no employer in the registry: name the employer.")})
        if Participant.objects.filter(competition=competition, worker=worker).exists():
            raise ValidationError({"worker": _("This worker is already entered.")})
    else:
        if employer is None:
            raise ValidationError({"employer": _("Name the employer the team enters for.")})
        if Participant.objects.filter(competition=competition, team_name=team_name).exists():
            raise ValidationError({"team_name": _("A team of this name is already entered.")})
        for member in team:
            _worker_seen(actor, member)
    assert employer is not None
    competition_employer_add(actor=actor, competition=competition, employer=employer)
    participant = Participant(
        union=competition.union, competition=competition, worker=worker, team_name=team_name, employer=employer
    )
    participant.save()
    if team:
        participant.members.set(team)
    audit_record(
        Action.CREATE,
        obj=participant,
        note=_("%(who)s entered for %(employer)s") % {"who": participant.display_name, "employer": employer.name},
    )
    return participant


@service(perm="competitions.change_competition")
def stage_add(
    *,
    actor: Actor,
    competition: Competition,
    name: str,
    held_on: date | None = None,
    max_score: Decimal = Decimal("100"),
    advancing: int | None = None,
) -> Stage:
    """Add the next stage of the competition (初赛, 决赛 …); ``advancing``: how many of the stage before go on."""
    check_scope(actor, competition.union)
    last = Stage.objects.filter(competition=competition).order_by("-position").first()
    if last is None and advancing is not None:
        raise ValidationError({"advancing": _("The first stage has no stage before it to advance from.")})
    if max_score is None or not Decimal("0") < max_score <= MAX_POINTS:
        raise ValidationError({"max_score": _("Give a highest score above 0.")})
    if advancing is not None and advancing < 1:
        raise ValidationError({"advancing": _("At least one participant advances.")})
    stage = Stage(
        union=competition.union,
        competition=competition,
        name=name.strip(),
        position=(last.position + 1) if last else 1,
        held_on=held_on,
        max_score=max_score,
        advancing=advancing,
    )
    stage.full_clean(exclude=["union", "competition"])
    stage.save()
    audit_record(Action.CREATE, obj=stage, note=stage.name)
    return stage


def stage_before(stage: Stage) -> Stage | None:
    """The stage just before ``stage`` in its competition (read in the caller's scope)."""
    return (
        Stage.objects.filter(competition_id=stage.competition_id, position__lt=stage.position)
        .order_by("-position")
        .first()
    )


def eligible_ids(stage: Stage) -> set[int] | None:
    """The participants who may be scored in ``stage``: None for the first stage (all of the competition)."""
    before = stage_before(stage)
    if before is None:
        return None
    scores = Score.objects.filter(stage=before).select_related("participant__worker")
    placed = rules.rank(((s.participant, s.points) for s in scores), name=lambda p: p.display_name)
    return rules.advancing_ids(placed, stage.advancing)


@service(perm="competitions.add_score")
def scores_record(*, actor: Actor, stage: Stage, points: Mapping[int, Decimal | None]) -> int:
    """Record the scores of a stage (participant id → points; None clears one), all checked before any is written.

    A score lies between 0 and the stage's highest score, with at most two decimals; in a later
    stage only those who advanced from the stage before may be scored.
    """
    check_scope(actor, stage.union)
    participants = {p.pk: p for p in Participant.objects.filter(competition_id=stage.competition_id)}
    allowed = eligible_ids(stage)
    errors: list[str] = []
    for participant_id, value in points.items():
        participant = participants.get(participant_id)
        if participant is None:
            errors.append(_("Participant %(id)s is not entered in this competition.") % {"id": participant_id})
            continue
        if value is None:
            continue
        name = participant.display_name
        if value < 0 or value > stage.max_score:
            errors.append(_("%(name)s: a score lies between 0 and %(max)s.") % {"name": name, "max": stage.max_score})
        elif value != value.quantize(Decimal("0.01")):
            errors.append(_("%(name)s: a score has at most two decimals.") % {"name": name})
        elif allowed is not None and participant_id not in allowed:
            errors.append(_("%(name)s did not advance from the stage before.") % {"name": name})
    if errors:
        raise ValidationError(errors)
    existing = {s.participant_id: s for s in Score.objects.filter(stage=stage)}
    changed = 0
    for participant_id, value in points.items():
        score = existing.get(participant_id)
        if value is None:
            if score is not None:
                score.delete()
                changed += 1
            continue
        if score is None:
            Score.objects.create(union=stage.union, stage=stage, participant_id=participant_id, points=value)
            changed += 1
        elif score.points != value:
            score.points = value
            score.save(update_fields=["points", "updated_at"])
            changed += 1
    if changed:
        audit_record(
            Action.UPDATE,
            obj=stage,
            note=_("%(count)d scores recorded in %(stage)s") % {"count": changed, "stage": stage.name},
        )
    return changed


# --- Prizes -----------------------------------------------------------------------------------------


@service(perm="competitions.add_prizebatch")
def prize_add(
    *, actor: Actor, competition: Competition, participant: Participant, title: str, amount: Decimal
) -> Prize:
    """Give ``participant`` a prize (its money in yuan) in the competition's batch being made (a new one if none)."""
    check_scope(actor, competition.union)
    if participant.competition_id != competition.pk:
        raise ValidationError({"participant": _("This participant is not entered in this competition.")})
    amount = round_fen(amount)
    if amount < 0:
        raise ValidationError({"amount": _("A prize cannot be negative.")})
    batch = PrizeBatch.objects.filter(competition=competition, state=BatchState.DRAFT).order_by("id").first()
    if batch is None:
        batch = PrizeBatch(
            union=competition.union,
            competition=competition,
            title=_("Prizes of %(name)s") % {"name": competition.name},
            made_by=actor,
        )
        batch.save()
        audit_record(Action.CREATE, obj=batch, note=batch.title)
        workflow_start(actor=actor, obj=batch)
    if (
        Prize.objects.filter(participant=participant, batch__competition=competition)
        .exclude(batch__state=BatchState.CANCELLED)
        .exists()
    ):
        raise ValidationError({"participant": _("This participant already has a prize in this competition.")})
    prize = Prize(union=competition.union, batch=batch, participant=participant, title=title.strip(), amount=amount)
    prize.full_clean(exclude=["union", "batch", "participant"])
    prize.save()
    audit_record(
        Action.CREATE,
        obj=prize,
        note=f"{participant.display_name} · {prize.title} · {yuan(prize.amount)}",
    )
    return prize


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def prize_batch_validate(*, actor: Actor, batch: PrizeBatch) -> None:
    """A batch goes on only with at least one prize."""
    if not Prize.objects.filter(batch=batch).exists():
        raise ValidationError(_("The batch has no prizes yet."))


@service(perm=None)  # a workflow effect: the transition checked the role and the four eyes
def prize_batch_approve(*, actor: Actor, batch: PrizeBatch) -> None:
    prize_batch_validate(actor=actor, batch=batch)
    batch.approved_by = actor
    batch.save(update_fields=["approved_by", "updated_at"])


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def prize_batch_pay(*, actor: Actor, batch: PrizeBatch, data: dict[str, Any]) -> None:
    paid_on = data.get("paid_on") or _today()
    _not_future(paid_on, "paid_on")
    batch.paid_on = paid_on
    batch.save(update_fields=["paid_on", "updated_at"])


def batch_total(batch: PrizeBatch) -> Decimal:
    return Prize.objects.filter(batch=batch).aggregate(total=Sum("amount"))["total"] or Decimal("0")


# --- Innovation ---------------------------------------------------------------------------------------


@service(perm="competitions.add_innovationstudio")
def studio_create(
    *,
    actor: Actor,
    employer: Employer,
    name: str,
    leader: Worker,
    level: str,
    named_on: date,
    field: str = "",
    studio_members: Iterable[Worker] = (),
) -> InnovationStudio:
    """Record a worker innovation studio (职工创新工作室) at ``employer``, led by a worker of the registry."""
    _employer_seen(actor, employer)
    check_scope(actor, employer.union)
    _worker_seen(actor, leader)
    _not_future(named_on, "named_on")
    studio = InnovationStudio(
        union=employer.union,
        employer=employer,
        name=name.strip(),
        leader=leader,
        level=level,
        named_on=named_on,
        field=field.strip(),
    )
    studio.full_clean(exclude=["union", "employer", "leader"])
    studio.save()
    team = list(studio_members)
    for member in team:
        _worker_seen(actor, member)
    studio.members.set({leader, *team})
    audit_record(Action.CREATE, obj=studio, changes=diff({}, snapshot(studio, AUDITED_STUDIO)))
    return studio


@service(perm="competitions.change_innovationstudio")
def studio_member_add(*, actor: Actor, studio: InnovationStudio, worker: Worker) -> InnovationStudio:
    check_scope(actor, studio.union)
    _worker_seen(actor, worker)
    if not studio.members.filter(pk=worker.pk).exists():
        studio.members.add(worker)
        audit_record(Action.UPDATE, obj=studio, note=_("Member added: %(name)s") % {"name": worker.name})
    return studio


@service(perm="competitions.add_innovation")
def innovation_record(
    *,
    actor: Actor,
    employer: Employer,
    kind: str,
    title: str,
    submitted_on: date,
    worker: Worker | None = None,
    team_name: str = "",
    studio: InnovationStudio | None = None,
    description: str = "",
) -> Innovation:
    """Record an innovation submitted by a worker or a team of ``employer`` (kept by the employer's union)."""
    _employer_seen(actor, employer)
    check_scope(actor, employer.union)
    _not_future(submitted_on, "submitted_on")
    team_name = team_name.strip()
    if worker is None and not team_name:
        raise ValidationError({"worker": _("Name the worker or the team the innovation is by.")})
    if worker is not None:
        _worker_seen(actor, worker)
    if studio is not None and studio.employer_id != employer.pk:
        raise ValidationError({"studio": _("The studio is at another employer.")})
    innovation = Innovation(
        union=employer.union,
        employer=employer,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        worker=worker,
        team_name=team_name,
        studio=studio,
        submitted_on=submitted_on,
    )
    innovation.full_clean(exclude=["union", "employer", "worker", "studio"])
    innovation.save()
    audit_record(Action.CREATE, obj=innovation, changes=diff({}, snapshot(innovation, AUDITED_INNOVATION)))
    return innovation


def check_evaluation(
    *,
    submitted_on: date,
    outcome: str,
    evaluated_on: date | None,
    reason: str,
    value_created: Decimal | None,
    reward: Decimal | None,
) -> dict[str, str]:
    """The errors of an evaluation, by field (the page, the API and the import share this rule)."""
    errors: dict[str, str] = {}
    if outcome == Innovation.Outcome.PENDING:
        if evaluated_on or value_created is not None or reward is not None:
            errors["outcome"] = _("Say whether the innovation was adopted.")
        return errors
    if outcome not in (Innovation.Outcome.ADOPTED, Innovation.Outcome.NOT_ADOPTED):
        errors["outcome"] = _("Unknown evaluation.")
        return errors
    if evaluated_on is None:
        errors["evaluated_on"] = _("Give the day it was evaluated.")
    elif evaluated_on < submitted_on:
        errors["evaluated_on"] = _("An innovation cannot be evaluated before it was submitted.")
    elif evaluated_on > _today():
        errors["evaluated_on"] = _("The date lies in the future.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the evaluation.")
    if outcome == Innovation.Outcome.NOT_ADOPTED:
        if value_created:
            errors["value_created"] = _("An innovation not adopted created no value.")
        if reward:
            errors["reward"] = _("An innovation not adopted earns no reward.")
    for name, amount in (("value_created", value_created), ("reward", reward)):
        if amount is not None and amount < 0:
            errors[name] = _("An amount cannot be negative.")
    return errors


@service(perm="competitions.change_innovation")
def innovation_evaluate(
    *,
    actor: Actor,
    innovation: Innovation,
    outcome: str,
    evaluated_on: date | None,
    reason: str,
    value_created: Decimal | None = None,
    reward: Decimal | None = None,
) -> Innovation:
    """Record the evaluation: adopted or not, with the reason; an adopted one with its value created and reward."""
    check_scope(actor, innovation.union)
    errors = check_evaluation(
        submitted_on=innovation.submitted_on,
        outcome=outcome,
        evaluated_on=evaluated_on,
        reason=reason,
        value_created=value_created,
        reward=reward,
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(innovation, AUDITED_INNOVATION)
    innovation.outcome = outcome
    innovation.evaluated_on = evaluated_on
    innovation.reason = reason.strip()
    innovation.value_created = round_fen(value_created) if value_created is not None else None
    innovation.reward = round_fen(reward) if reward is not None else None
    innovation.save()
    audit_record(Action.UPDATE, obj=innovation, changes=diff(before, snapshot(innovation, AUDITED_INNOVATION)))
    return innovation
