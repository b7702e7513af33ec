"""Labour relations' writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

The rules they apply live in ``rules.py``; the steps of alerts and disputes are workflow
transitions (``workflows.py``), whose effects are the ``perm=None`` services below.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import workflow_start
from gonghui.organisations.models import Employer
from gonghui.rights import rules
from gonghui.rights.models import (
    Alert,
    Claim,
    CommitteeSeat,
    Dispute,
    DisputeApplicant,
    MediationCommittee,
    Signal,
)
from gonghui.rights.workflows import AlertState, DisputeState

Action = AuditEvent.Action
ALERT_AUDITED = [
    "employer_id",
    "signal",
    "level",
    "observed_on",
    "workers",
    "workforce",
    "amount",
    "months",
    "incident",
    "dispatched",
    "previous_workers",
    "automatic",
]
COMMITTEE_AUDITED = ["name", "kind", "employer_id", "industry", "established_on"]
SEAT_AUDITED = ["name", "side", "chair", "union_member", "mediator", "term_starts", "term_ends"]
DISPUTE_AUDITED = [
    "number",
    "committee_id",
    "employer_id",
    "kind",
    "workers",
    "representatives",
    "applied_on",
    "oral",
    "knew_on",
    "employment_ended_on",
    "acceptance_due",
    "mediation_due",
    "accepted_on",
    "extended_until",
    "ended_on",
    "agreed_on",
    "amount_agreed",
    "perform_by",
    "fulfilled",
    "amount_claimed",
    "amount_recovered",
    "arbitration_on",
    "arbitration_body",
    "limitation_ends",
]


# --- Alerts ------------------------------------------------------------------------------


def _alert_check(alert: Alert) -> None:
    errors: dict[str, str] = {}
    if alert.signal in (Signal.WAGE_ARREARS, Signal.SOCIAL_INSURANCE_ARREARS) and alert.workers < 1:
        errors["workers"] = _("Say how many workers are owed.")
    if alert.signal == Signal.LAYOFF:
        if alert.workers < 1:
            errors["workers"] = _("Say how many workers are laid off.")
        if alert.workforce < alert.workers:
            errors["workforce"] = _("The workforce cannot be smaller than the workers laid off.")
    if alert.signal == Signal.COLLECTIVE_INCIDENT:
        if not alert.incident:
            errors["incident"] = _("Say what happened: stoppage, petition or gathering.")
        if alert.workers < 1:
            errors["workers"] = _("Say how many workers took part.")
    if alert.signal == Signal.DISPATCH_OVER_QUOTA and not rules.dispatch_over_quota(alert.dispatched, alert.workforce):
        errors["dispatched"] = _("Dispatched workers up to a tenth of the total labour use are within the quota.")
    if errors:
        raise ValidationError(errors)


@service(perm="rights.add_alert")
def alert_create(
    *,
    actor: Actor,
    employer: Employer,
    signal: str,
    observed_on: date,
    workers: int = 0,
    workforce: int = 0,
    amount: Decimal | int = 0,
    months: int = 0,
    incident: str = "",
    dispatched: int = 0,
    previous_workers: int = 0,
    description: str = "",
    automatic: bool = False,
) -> Alert:
    """Record a signal at ``employer``, levelled by the level table; it starts its response timeline.

    A signal recorded by a user waits to be reported; one raised by the periodic job
    (``automatic``) waits for staff to confirm or dismiss it.
    """
    union = employer.union
    check_scope(actor, union)
    alert = Alert(
        union=union,
        employer=employer,
        signal=signal,
        observed_on=observed_on,
        workers=workers or 0,
        workforce=workforce or 0,
        amount=Decimal(amount or 0),
        months=months or 0,
        incident=incident or "",
        dispatched=dispatched or 0,
        previous_workers=previous_workers or 0,
        description=(description or "").strip(),
        automatic=automatic,
        state=AlertState.RAISED if automatic else AlertState.RECORDED,
        recorded_by=actor,
    )
    if not alert.workforce and employer.headcount:
        alert.workforce = employer.headcount
    alert.level = rules.alert_level(signal, alert.measures())
    _alert_check(alert)
    alert.full_clean(exclude=["recorded_by"])
    alert.save()
    workflow_start(actor=actor, obj=alert)
    audit_record(Action.CREATE, obj=alert, changes=diff({}, snapshot(alert, ALERT_AUDITED)))
    return alert


def report_target(union: Union, level: str) -> Union:
    """The union a signal of ``level`` is reported up to: the county, or the township above ``union``."""
    policy = rules.level_policy(level)
    target_path = paths.path_at_depth(union.path, 1 if policy.report_to == "county" else 2)
    if len(target_path) >= len(union.path):
        return union
    with system_scope("the union a warning is reported up to lies above the actor"):
        return Union.unscoped.get(path=target_path)  # unscoped: an ancestor of the alert's union


@service(perm=None)
def alert_mark_reported(*, actor: Actor, alert: Alert) -> Alert:
    """The ``report`` step's effect: note where and when the signal was reported."""
    before = snapshot(alert, ["reported_to_id", "reported_on"])
    alert.reported_to = report_target(alert.union, alert.level)
    alert.reported_on = timezone.localdate()
    # unscoped: the alert being moved by its own workflow step, already checked in scope
    Alert.unscoped.filter(pk=alert.pk).update(reported_to=alert.reported_to, reported_on=alert.reported_on)
    audit_record(Action.UPDATE, obj=alert, changes=diff(before, snapshot(alert, ["reported_to_id", "reported_on"])))
    return alert


# --- Mediation committees ----------------------------------------------------------------


@service(perm="rights.add_mediationcommittee")
def committee_create(
    *,
    actor: Actor,
    union: Union,
    name: str,
    kind: str,
    employer: Employer | None = None,
    industry: str = "",
    established_on: date | None = None,
) -> MediationCommittee:
    """Record a mediation committee kept by ``union`` (an employer's committee: by the employer's union)."""
    check_scope(actor, union)
    if kind == MediationCommittee.Kind.EMPLOYER and employer is None:
        raise ValidationError({"employer": _("An employer's committee names its employer.")})
    if kind == MediationCommittee.Kind.INDUSTRY and not (industry or "").strip():
        raise ValidationError({"industry": _("An industry committee names its industry.")})
    committee = MediationCommittee(
        union=union,
        name=name.strip(),
        kind=kind,
        employer=employer if kind == MediationCommittee.Kind.EMPLOYER else None,
        industry=(industry or "").strip(),
        established_on=established_on,
    )
    committee.full_clean()
    committee.save()
    audit_record(Action.CREATE, obj=committee, changes=diff({}, snapshot(committee, COMMITTEE_AUDITED)))
    return committee


@service(perm="rights.change_mediationcommittee")
def seat_add(
    *,
    actor: Actor,
    committee: MediationCommittee,
    name: str,
    side: str,
    chair: bool = False,
    union_member: bool = False,
    mediator: bool = False,
    term_starts: date | None = None,
) -> CommitteeSeat:
    """Add a member to a committee; a mediator's term is three years (``rules.mediator_term_ends``)."""
    check_scope(actor, committee.union)
    if chair and committee.seats.filter(chair=True).exists():
        raise ValidationError({"chair": _("The committee has a chair already.")})
    if mediator and term_starts is None:
        term_starts = timezone.localdate()
    seat = CommitteeSeat(
        union=committee.union,
        committee=committee,
        name=name.strip(),
        side=side,
        chair=chair,
        union_member=union_member,
        mediator=mediator,
        term_starts=term_starts,
        term_ends=rules.mediator_term_ends(term_starts) if term_starts else None,
    )
    seat.full_clean()
    seat.save()
    audit_record(Action.CREATE, obj=seat, changes=diff({}, snapshot(seat, SEAT_AUDITED)))
    return seat


@service(perm="rights.change_mediationcommittee")
def seat_remove(*, actor: Actor, seat: CommitteeSeat) -> None:
    """Remove a member from a committee."""
    check_scope(actor, seat.union)
    audit_record(Action.DELETE, obj=seat, changes=diff(snapshot(seat, SEAT_AUDITED), {}))
    seat.delete()


# --- Disputes ----------------------------------------------------------------------------


def _limitation_ends(dispute: Dispute) -> date | None:
    limitation = dispute.limitation()
    return limitation.last_day if limitation is not None else None


@service(perm="rights.add_dispute")
def dispute_create(
    *,
    actor: Actor,
    committee: MediationCommittee,
    employer: Employer,
    applied_on: date,
    summary: str,
    workers: int = 1,
    applicants: Iterable[str | tuple[str, Any]] = (),
    representatives: str = "",
    oral: bool = False,
    knew_on: date | None = None,
    employment_ended_on: date | None = None,
    claims: Iterable[tuple[str, Decimal]] = (),
) -> Dispute:
    """Receive an application (an oral one recorded on the spot) before ``committee``.

    Ten or more workers make it collective (``rules.is_collective``): they act through elected
    representatives. The acceptance and mediation periods run from ``applied_on``.
    """
    check_scope(actor, committee.union)
    collective = rules.is_collective(workers)
    if collective and not (representatives or "").strip():
        raise ValidationError(
            {"representatives": _("Ten or more workers elect representatives to take part in mediation.")}
        )
    if applied_on > timezone.localdate():
        raise ValidationError({"applied_on": _("The application cannot be received in the future.")})
    claims = [(kind, Decimal(amount or 0)) for kind, amount in claims]
    dispute = Dispute(
        union=committee.union,
        committee=committee,
        employer=employer,
        applied_on=applied_on,
        summary=summary.strip(),
        workers=workers,
        kind=Dispute.Kind.COLLECTIVE if collective else Dispute.Kind.INDIVIDUAL,
        representatives=(representatives or "").strip(),
        oral=oral,
        knew_on=knew_on,
        employment_ended_on=employment_ended_on,
        acceptance_due=rules.acceptance_due(applied_on).date,
        mediation_due=rules.mediation_due(applied_on).date,
        amount_claimed=sum((amount for _kind, amount in claims), Decimal("0")),
        state=DisputeState.APPLIED,
    )
    dispute.full_clean()
    dispute.save()
    dispute.number = f"TJ{applied_on.year}{dispute.pk:06d}"
    # unscoped: the row just written in scope
    Dispute.unscoped.filter(pk=dispute.pk).update(number=dispute.number)
    for entry in applicants:
        name, worker = (entry, None) if isinstance(entry, str) else entry
        if name.strip():
            DisputeApplicant.objects.create(union=dispute.union, dispute=dispute, name=name.strip()[:50], worker=worker)
    for kind, amount in claims:
        Claim.objects.create(union=dispute.union, dispute=dispute, kind=kind, amount=amount)
    dispute.limitation_ends = _limitation_ends(dispute)
    # unscoped: the row just written in scope
    Dispute.unscoped.filter(pk=dispute.pk).update(limitation_ends=dispute.limitation_ends)
    workflow_start(actor=actor, obj=dispute)
    audit_record(Action.CREATE, obj=dispute, changes=diff({}, snapshot(dispute, DISPUTE_AUDITED)))
    return dispute


def _save(dispute: Dispute, fields: list[str]) -> Dispute:
    # unscoped: the dispute the calling service or workflow step has already checked in scope
    before = snapshot(Dispute.unscoped.get(pk=dispute.pk), fields)
    # unscoped: the same row, written back
    Dispute.unscoped.filter(pk=dispute.pk).update(**{name: getattr(dispute, name) for name in fields})
    audit_record(Action.UPDATE, obj=dispute, changes=diff(before, snapshot(dispute, fields)))
    return dispute


@service(perm=None)
def dispute_mark_accepted(*, actor: Actor, dispute: Dispute) -> Dispute:
    """The ``accept`` step's effect: the day it was accepted."""
    dispute.accepted_on = timezone.localdate()
    return _save(dispute, ["accepted_on"])


@service(perm=None)
def dispute_mark_refused(*, actor: Actor, dispute: Dispute, note: str) -> Dispute:
    """The ``refuse`` step's effect: the written reason (the step's note)."""
    dispute.refusal_reason = note
    return _save(dispute, ["refusal_reason"])


@service(perm=None)
def dispute_extend(*, actor: Actor, dispute: Dispute, extended_until: date) -> Dispute:
    """The ``extend`` step's effect: both parties agreed to mediate until ``extended_until``."""
    if extended_until <= dispute.mediation_due:
        raise ValidationError({"extended_until": _("An extension ends after the present limit.")})
    dispute.extended_until = extended_until
    dispute.mediation_due = rules.mediation_due(dispute.applied_on, extended_until=extended_until).date
    return _save(dispute, ["extended_until", "mediation_due"])


@service(perm=None)
def dispute_record_agreement(
    *,
    actor: Actor,
    dispute: Dispute,
    agreed_on: date,
    agreement_terms: str,
    amount_agreed: Decimal,
    perform_by: date | None = None,
) -> Dispute:
    """The ``agree`` step's effect: the agreement's day, terms, amount and the day it is to be performed."""
    if agreed_on < dispute.applied_on or agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The agreement is signed between the application and today.")})
    if perform_by is not None and perform_by < agreed_on:
        raise ValidationError({"perform_by": _("The agreement is performed after it is signed.")})
    dispute.agreed_on = agreed_on
    dispute.ended_on = agreed_on
    dispute.agreement_terms = agreement_terms.strip()
    dispute.amount_agreed = amount_agreed or Decimal("0")
    dispute.perform_by = perform_by
    return _save(dispute, ["agreed_on", "ended_on", "agreement_terms", "amount_agreed", "perform_by"])


@service(perm=None)
def dispute_mark_ended(*, actor: Actor, dispute: Dispute) -> Dispute:
    """The ``fail`` step's effect: mediation ended without agreement today."""
    dispute.ended_on = timezone.localdate()
    return _save(dispute, ["ended_on"])


@service(perm=None)
def dispute_record_fulfilled(*, actor: Actor, dispute: Dispute, amount_recovered: Decimal | None = None) -> Dispute:
    """The ``fulfil`` step's effect: the agreement was performed, and what was paid."""
    return _record_fulfilment(dispute, fulfilled=True, amount_recovered=amount_recovered)


@service(perm=None)
def dispute_record_not_fulfilled(*, actor: Actor, dispute: Dispute) -> Dispute:
    """The ``not_fulfilled`` step's effect: the agreement was not performed."""
    return _record_fulfilment(dispute, fulfilled=False)


def _record_fulfilment(dispute: Dispute, *, fulfilled: bool, amount_recovered: Decimal | None = None) -> Dispute:
    """Whether the agreement was performed, and what was paid."""
    dispute.fulfilled = fulfilled
    if amount_recovered is not None:
        dispute.amount_recovered = amount_recovered
    return _save(dispute, ["fulfilled", "amount_recovered"])


@service(perm=None)
def dispute_hand_to_arbitration(
    *, actor: Actor, dispute: Dispute, arbitration_on: date, arbitration_body: str = ""
) -> Dispute:
    """The ``hand_over`` step's effect: the day and the commission it was handed to."""
    dispute.arbitration_on = arbitration_on
    dispute.arbitration_body = arbitration_body.strip()
    return _save(dispute, ["arbitration_on", "arbitration_body"])


@service(perm="rights.change_dispute")
def dispute_update_dates(
    *, actor: Actor, dispute: Dispute, knew_on: date | None, employment_ended_on: date | None
) -> Dispute:
    """Correct the days the limitation runs from; the last day to apply for arbitration follows."""
    check_scope(actor, dispute.union)
    dispute.knew_on = knew_on
    dispute.employment_ended_on = employment_ended_on
    dispute.limitation_ends = _limitation_ends(dispute)
    return _save(dispute, ["knew_on", "employment_ended_on", "limitation_ends"])
