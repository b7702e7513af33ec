"""Democratic management's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

The rules are asked from ``rules.py``; nothing here repeats a number. Services named as a
workflow's effect (``session_hold``, ``contract_sign`` …) run inside the transition's transaction
and check no permission of their own (the transition checked the role): ``perm=None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.paths import ancestor_paths
from gonghui.core.workflow.services import validate_attachment, workflow_start
from gonghui.democracy import rules
from gonghui.democracy.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Candidate,
    CollectiveContract,
    Congress,
    Delegate,
    Disclosure,
    DisclosureEvidence,
    Level,
    MinimumWage,
    Motion,
    NegotiationRound,
    Question,
    Representative,
    Session,
)
from gonghui.democracy.selectors import RUNNING_KINDS, local_minimum_wage
from gonghui.democracy.workflows import ContractState, SessionState
from gonghui.members.models import Worker
from gonghui.organisations.models import Employer

Action = AuditEvent.Action

CONGRESS_FIELDS = [
    "name",
    "employer",
    "level",
    "term_number",
    "term_start",
    "term_end",
    "workforce",
    "women_workers",
    "dispatched_workers",
    "form",
    "delegates_required",
]
CONTRACT_TERMS = [
    "covered_workers",
    "wage_rise_percent",
    "minimum_wage",
    "working_hours",
    "rest",
    "insurance",
]


def _next(queryset: Any, field: str = "number") -> int:
    return (queryset.aggregate(top=Max(field))["top"] or 0) + 1


# --- Local minimum wage (county reference data) ---------------------------------------------


@service(perm="democracy.add_minimumwage")
def minimum_wage_set(
    *, actor: Actor, effective_from: date, monthly: Decimal, hourly: Decimal, notice: str
) -> MinimumWage:
    """Record the local minimum wage in force from ``effective_from`` (a county administrator's task)."""
    row, _created = MinimumWage.objects.update_or_create(
        effective_from=effective_from, defaults={"monthly": monthly, "hourly": hourly, "notice": notice.strip()}
    )
    row.full_clean()
    audit_record(
        Action.UPDATE, obj=row, changes=diff({}, snapshot(row, ["effective_from", "monthly", "hourly", "notice"]))
    )
    return row


# --- Congress and delegates --------------------------------------------------------------------


def _employer_union(employer: Employer | None, union: Union | None) -> Union:
    if employer is not None:
        return employer.union
    if union is None:
        raise ValidationError({"union": _("Choose the union that runs the congress.")})
    return union


def covered_outside(union: Union, employers: Iterable[Employer]) -> list[Employer]:
    """The employers not kept within ``union``'s subtree (a regional congress or contract covers only its own)."""
    return [e for e in employers if union.path not in ancestor_paths(e.union.path, include_self=True)]


def _covered_text(employers: list[Employer]) -> str:
    """The covered employers as the audit row keeps them: each name with its credit code."""
    return "、".join(f"{e.name}（{e.credit_code}）" if e.credit_code else e.name for e in employers)


def _check_regional(level: str, union: Union, covered: list[Employer]) -> None:
    """A regional or industry congress or contract: run by a federation or joint union, covering its employers."""
    if level not in (Level.REGIONAL, Level.INDUSTRY):
        raise ValidationError({"level": _("Choose regional or industry.")})
    if union.kind not in RUNNING_KINDS:
        raise ValidationError(
            {"union": _("A regional or industry congress or contract is run by a federation or a joint union.")}
        )
    if not covered:
        raise ValidationError({"covered_employers": _("Name at least one employer it covers.")})
    outside = covered_outside(union, covered)
    if outside:
        raise ValidationError(
            {
                "covered_employers": _("Not kept within %(union)s: %(names)s.")
                % {"union": union.name, "names": "、".join(e.name for e in outside[:10])}
            }
        )


@service(perm="democracy.add_congress")
def congress_create(
    *,
    actor: Actor,
    term_start: date,
    term_end: date,
    employer: Employer | None = None,
    union: Union | None = None,
    level: str = Level.EMPLOYER,
    name: str = "",
    term_number: int = 1,
    workforce: int | None = None,
    women_workers: int | None = None,
    dispatched_workers: int | None = None,
    covered_employers: Iterable[Employer] = (),
) -> Congress:
    """Set up a congress term for an employer (or a regional or industry congress run by ``union``).

    The workforce and its women and dispatched workers default to the employer's record (for a
    regional or industry congress: the sums over the employers it covers, which must lie within
    ``union``'s subtree); the form (assembly or delegates) and the delegates required follow from
    it (``rules.delegate_minimum``).
    """
    if level == Level.EMPLOYER and employer is None:
        raise ValidationError({"employer": _("Choose the employer.")})
    owner = _employer_union(employer if level == Level.EMPLOYER else None, union)
    check_scope(actor, owner)
    covered = list(covered_employers)
    if level != Level.EMPLOYER:
        _check_regional(level, owner, covered)
        if workforce is None:
            workforce = sum(e.headcount for e in covered)
        if women_workers is None:
            women_workers = sum(e.women for e in covered)
        if dispatched_workers is None:
            dispatched_workers = sum(e.dispatched_workers for e in covered)
    if not rules.term_years_ok(term_start, term_end):
        raise ValidationError({"term_end": _congress_term_message(term_start)})
    congress = Congress(
        union=owner,
        employer=employer if level == Level.EMPLOYER else None,
        level=level,
        name=name.strip() or _default_congress_name(employer, owner, term_number),
        term_number=term_number,
        term_start=term_start,
        term_end=term_end,
        workforce=workforce if workforce is not None else (employer.headcount if employer else 0),
        women_workers=women_workers if women_workers is not None else (employer.women if employer else 0),
        dispatched_workers=(
            dispatched_workers if dispatched_workers is not None else (employer.dispatched_workers if employer else 0)
        ),
    )
    congress.derive()
    congress.full_clean()
    congress.save()
    changes = diff({}, snapshot(congress, CONGRESS_FIELDS))
    if covered:
        congress.covered_employers.set(covered)
        changes["covered_employers"] = [None, _covered_text(covered)]
    audit_record(Action.CREATE, obj=congress, changes=changes)
    return congress


def _congress_term_message(start: date) -> str:
    low, high = rules.term_bounds(start, rules.TERM_YEARS)
    return _("A congress term lasts 3 to 5 years (the last day %(low)s to %(high)s).") % {
        "low": f"{low:%Y-%m-%d}",
        "high": f"{high:%Y-%m-%d}",
    }


def _default_congress_name(employer: Employer | None, union: Union, term_number: int) -> str:
    who = employer.name if employer is not None else union.name
    return _("%(who)s, workers' congress, term %(n)d") % {"who": who, "n": term_number}


@service(perm="democracy.change_congress")
def congress_update(*, actor: Actor, congress: Congress, **fields: Any) -> Congress:
    """Change a congress term's name, dates or workforce (the form and the minimum follow)."""
    check_scope(actor, congress.union)
    before = snapshot(congress, CONGRESS_FIELDS)
    for name in ("name", "term_number", "term_start", "term_end", "workforce", "women_workers", "dispatched_workers"):
        if name in fields:
            setattr(congress, name, fields[name])
    if not rules.term_years_ok(congress.term_start, congress.term_end):
        raise ValidationError({"term_end": _congress_term_message(congress.term_start)})
    congress.derive()
    congress.full_clean()
    congress.save()
    audit_record(Action.UPDATE, obj=congress, changes=diff(before, snapshot(congress, CONGRESS_FIELDS)))
    return congress


def congress_employer_ids(congress: Congress) -> set[int]:
    """The employers whose workers may sit in ``congress``: its employer, or those it covers."""
    if congress.employer_id is not None:
        return {congress.employer_id}
    return set(congress.covered_employers.values_list("id", flat=True))


@service(perm="democracy.add_delegate")
def delegate_add(
    *,
    actor: Actor,
    congress: Congress,
    worker: Worker,
    electoral_unit: str,
    is_manager: bool = False,
    is_frontline: bool = True,
) -> Delegate:
    """Add a worker of the registry as a delegate of ``congress``, elected in ``electoral_unit``.

    The worker must work for the congress's employer (or one it covers); a general assembly has
    no delegates (every worker sits in it).
    """
    check_scope(actor, congress.union)
    if congress.is_assembly:
        raise ValidationError(_("A general assembly of all workers has no delegates: every worker attends."))
    if worker.employer_id not in congress_employer_ids(congress):
        raise ValidationError(
            {"worker": _("%(name)s does not work for this congress's employer.") % {"name": worker.name}}
        )
    if congress.delegates.filter(worker=worker).exists():
        raise ValidationError({"worker": _("%(name)s is already a delegate of this term.") % {"name": worker.name}})
    delegate = Delegate(
        union=congress.union,
        congress=congress,
        worker=worker,
        electoral_unit=electoral_unit.strip(),
        is_manager=is_manager,
        is_frontline=is_frontline and not is_manager,
        is_woman=worker.sex == Worker.Sex.FEMALE,
        is_dispatched=worker.category == Worker.Category.DISPATCHED,
    )
    delegate.full_clean()
    delegate.save()
    audit_record(
        Action.CREATE,
        obj=delegate,
        changes=diff({}, snapshot(delegate, ["congress", "worker", "electoral_unit", "is_manager", "is_frontline"])),
    )
    return delegate


@service(perm="democracy.delete_delegate")
def delegate_remove(*, actor: Actor, delegate: Delegate) -> None:
    """Remove a delegate who has attended nothing yet (a delegate with a record stays, as history)."""
    check_scope(actor, delegate.union)
    if delegate.attendances.exists() or delegate.motions_tabled.exists():
        raise ValidationError(_("This delegate has attended sittings or tabled motions and stays on the record."))
    audit_record(Action.DELETE, obj=delegate, changes={"worker": [delegate.worker_id, None]})
    delegate.delete()


# --- Sittings, attendance, votes ---------------------------------------------------------------


@service(perm="democracy.add_session")
def session_create(
    *,
    actor: Actor,
    congress: Congress,
    held_on: date,
    kind: str = Session.Kind.REGULAR,
    materials_sent_on: date | None = None,
) -> Session:
    """Plan a sitting of ``congress`` on ``held_on``; the materials are due 7 days before it."""
    check_scope(actor, congress.union)
    session = Session(
        union=congress.union,
        congress=congress,
        number=_next(congress.sessions.all()),
        kind=kind,
        held_on=held_on,
        materials_sent_on=materials_sent_on,
        members_total=congress.workforce if congress.is_assembly else congress.delegates.count(),
    )
    session.full_clean()
    session.save()
    audit_record(
        Action.CREATE, obj=session, changes=diff({}, snapshot(session, ["congress", "number", "held_on", "kind"]))
    )
    workflow_start(actor=actor, obj=session)
    return session


def _open_session(session: Session) -> None:
    if session.state not in (SessionState.PLANNED, SessionState.HELD):
        raise ValidationError(
            _("This sitting is %(state)s: nothing more can be recorded.") % {"state": session.get_state_display()}
        )


@service(perm="democracy.change_session")
def session_update(*, actor: Actor, session: Session, held_on: date, materials_sent_on: date | None) -> Session:
    """Change a planned sitting's date or record when its materials went out."""
    check_scope(actor, session.union)
    _open_session(session)
    before = snapshot(session, ["held_on", "materials_sent_on"])
    session.held_on = held_on
    session.materials_sent_on = materials_sent_on
    session.full_clean()
    session.save(update_fields=["held_on", "materials_sent_on", "updated_at"])
    audit_record(Action.UPDATE, obj=session, changes=diff(before, snapshot(session, ["held_on", "materials_sent_on"])))
    return session


@service(perm="democracy.change_session")
def attendance_record(*, actor: Actor, session: Session, statuses: Mapping[int, str]) -> Session:
    """Take the attendance: a status for every delegate of the term (``{delegate_id: status}``).

    The sitting's count of all delegates and of those present are stored from it, so the quorum
    (``rules.quorum_met``) is read from the same numbers the page shows.
    """
    check_scope(actor, session.union)
    _open_session(session)
    congress = session.congress
    if congress.is_assembly:
        raise ValidationError(_("A general assembly records how many workers attended, not a roll of delegates."))
    delegates = list(congress.delegates.all())
    valid = set(Attendance.Status.values)
    missing = [d for d in delegates if statuses.get(d.pk) not in valid]
    if missing:
        raise ValidationError(
            _("Give the attendance of every delegate (missing: %(names)s).")
            % {"names": "、".join(d.worker.name for d in missing[:5])}
        )
    session.attendances.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(union=session.union, session=session, delegate=d, status=statuses[d.pk]) for d in delegates]
    )
    before = snapshot(session, ["members_total", "present"])
    session.members_total = len(delegates)
    session.present = sum(1 for d in delegates if statuses[d.pk] == Attendance.Status.PRESENT)
    session.save(update_fields=["members_total", "present", "updated_at"])
    audit_record(Action.UPDATE, obj=session, changes=diff(before, snapshot(session, ["members_total", "present"])))
    return session


@service(perm="democracy.change_session")
def assembly_attendance_record(*, actor: Actor, session: Session, members_total: int, present: int) -> Session:
    """A general assembly's attendance: how many of all workers attended."""
    check_scope(actor, session.union)
    _open_session(session)
    if not session.congress.is_assembly:
        raise ValidationError(_("A congress of delegates takes the roll of its delegates."))
    if present > members_total:
        raise ValidationError({"present": _("More present than there are workers.")})
    before = snapshot(session, ["members_total", "present"])
    session.members_total, session.present = members_total, present
    session.save(update_fields=["members_total", "present", "updated_at"])
    audit_record(Action.UPDATE, obj=session, changes=diff(before, snapshot(session, ["members_total", "present"])))
    return session


@service(perm="democracy.change_session")
def item_add(
    *,
    actor: Actor,
    session: Session,
    title: str,
    kind: str = AgendaItem.Kind.GENERAL,
    contract: CollectiveContract | None = None,
    seats: int | None = None,
) -> AgendaItem:
    """Put an item on the sitting's agenda (a contract's draft names the contract, an election its seats)."""
    check_scope(actor, session.union)
    _open_session(session)
    if contract is not None:
        check_scope(actor, contract.union)
        kind = AgendaItem.Kind.WAGE if contract.is_wage_agreement else AgendaItem.Kind.CONTRACT
    if kind == AgendaItem.Kind.ELECTION and not seats:
        raise ValidationError({"seats": _("Give the number of seats to fill.")})
    if kind != AgendaItem.Kind.ELECTION:
        seats = None
    item = AgendaItem(
        union=session.union,
        session=session,
        number=_next(session.items.all()),
        title=title.strip(),
        kind=kind,
        contract=contract,
        seats=seats,
    )
    item.full_clean()
    item.save()
    audit_record(
        Action.CREATE, obj=item, changes=diff({}, snapshot(item, ["session", "number", "title", "kind", "contract"]))
    )
    return item


@service(perm="democracy.change_session")
def ballot_record(*, actor: Actor, item: AgendaItem, yes: int, no: int, abstain: int) -> Ballot:
    """Record one secret ballot on ``item`` as counts; it passes with yes > half of ALL delegates.

    A sitting without a quorum (``rules.quorum_met``) cannot vote. An item that failed may be
    voted again (a new round); one that passed stays passed.
    """
    session = item.session
    check_scope(actor, session.union)
    _open_session(session)
    if item.kind == AgendaItem.Kind.ELECTION:
        raise ValidationError(_("An election is voted candidate by candidate."))
    if item.passed:
        raise ValidationError(_("This item has passed already."))
    _may_vote(session)
    if yes + no + abstain > session.present:
        raise ValidationError(
            _("%(votes)d votes counted but only %(present)d present.")
            % {"votes": yes + no + abstain, "present": session.present}
        )
    passed = rules.item_passes(yes, session.members_total)
    ballot = Ballot(
        union=item.union,
        item=item,
        round=_next(item.ballots.all(), "round"),
        yes=yes,
        no=no,
        abstain=abstain,
        members_total=session.members_total,
        present=session.present,
        passed=passed,
    )
    ballot.save()
    if passed:
        item.passed = True
        item.save(update_fields=["passed", "updated_at"])
    audit_record(
        Action.UPDATE,
        obj=item,
        changes={
            "ballot": [None, f"{ballot.round}: {yes}/{no}/{abstain} of {session.members_total}"],
            "passed": [False, passed],
        },
    )
    return ballot


def _may_vote(session: Session) -> None:
    """Refuse a vote at a sitting without lawful materials, without its roll or without a quorum."""
    materials = rules.materials_problem(session.materials_sent_on, session.held_on)
    if materials:
        raise ValidationError(materials)
    if session.members_total == 0 or session.present == 0:
        raise ValidationError(_("Take the attendance first."))
    if not rules.quorum_met(session.present, session.members_total):
        raise ValidationError(
            _(
                "No quorum: %(present)d of %(total)d present, at least %(needed)d (two thirds of all) "
                "are needed to vote."
            )
            % {
                "present": session.present,
                "total": session.members_total,
                "needed": rules.quorum_needed(session.members_total),
            }
        )


def _election(item: AgendaItem) -> None:
    if item.kind != AgendaItem.Kind.ELECTION:
        raise ValidationError(_("Only an election item has candidates."))


@service(perm="democracy.change_session")
def candidate_add(*, actor: Actor, item: AgendaItem, worker: Worker) -> Candidate:
    """Put a worker of the congress's employer (a delegate or not) on an election's list of candidates."""
    session = item.session
    check_scope(actor, session.union)
    _open_session(session)
    _election(item)
    if item.ballots_cast is not None:
        raise ValidationError(_("The election has been voted: its candidates are final."))
    if worker.employer_id not in congress_employer_ids(session.congress):
        raise ValidationError(
            {"worker": _("%(name)s does not work for this congress's employer.") % {"name": worker.name}}
        )
    if item.candidates.filter(worker=worker).exists():
        raise ValidationError({"worker": _("%(name)s is already a candidate.") % {"name": worker.name}})
    candidate = Candidate(union=item.union, item=item, worker=worker)
    candidate.save()
    audit_record(Action.CREATE, obj=candidate, changes=diff({}, snapshot(candidate, ["item", "worker"])))
    return candidate


@service(perm="democracy.change_session")
def election_record(*, actor: Actor, item: AgendaItem, ballots_cast: int, votes: Mapping[int, int]) -> AgendaItem:
    """Record an election's count: the ballot papers cast and the votes of every candidate (``{candidate_id: n}``).

    At least as many candidates as seats (差额 or equal). A candidate is elected only with more
    than half of ALL delegates (``rules.item_passes`` through ``rules.seats_filled``), the seats
    filled in order of votes. The item passes when every seat is filled.
    """
    session = item.session
    check_scope(actor, session.union)
    _open_session(session)
    _election(item)
    if item.ballots_cast is not None:
        raise ValidationError(_("This election has been voted already."))
    seats = item.seats or 0
    candidates = list(item.candidates.select_related("worker"))
    if len(candidates) < seats:
        raise ValidationError(
            _("%(seats)d seats but only %(candidates)d candidates: at least as many candidates as seats.")
            % {"seats": seats, "candidates": len(candidates)}
        )
    _may_vote(session)
    if ballots_cast > session.present:
        raise ValidationError(
            {
                "ballots_cast": _("%(cast)d ballot papers but only %(present)d present.")
                % {"cast": ballots_cast, "present": session.present}
            }
        )
    missing = [c.worker.name for c in candidates if votes.get(c.pk) is None]
    if missing:
        raise ValidationError(
            _("Give the votes of every candidate (missing: %(names)s).") % {"names": "、".join(missing)}
        )
    over = [c.worker.name for c in candidates if votes[c.pk] > ballots_cast]
    if over:
        raise ValidationError(
            _("More votes than ballot papers (%(cast)d) for %(names)s.")
            % {"cast": ballots_cast, "names": "、".join(over)}
        )
    if sum(votes[c.pk] for c in candidates) > ballots_cast * seats:
        raise ValidationError(
            _("More votes in all than %(cast)d ballot papers of %(seats)d marks each.")
            % {"cast": ballots_cast, "seats": seats}
        )
    elected = set(rules.seats_filled([(c.pk, votes[c.pk]) for c in candidates], seats, session.members_total))
    for candidate in candidates:
        candidate.votes = votes[candidate.pk]
        candidate.elected = candidate.pk in elected
    Candidate.objects.bulk_update(candidates, ["votes", "elected"])
    item.ballots_cast = ballots_cast
    item.passed = len(elected) == seats
    item.save(update_fields=["ballots_cast", "passed", "updated_at"])
    audit_record(
        Action.UPDATE,
        obj=item,
        changes={
            "election": [None, ", ".join(f"{c.worker.name} {c.votes}" for c in candidates)],
            "elected": [None, "、".join(c.worker.name for c in candidates if c.elected)],
            "passed": [False, item.passed],
        },
    )
    return item


@service(perm="democracy.change_session")
def resolution_publish(*, actor: Actor, item: AgendaItem, published_on: date) -> AgendaItem:
    """Record that a passed item's resolution was posted on ``published_on`` (it stays up 15 days)."""
    check_scope(actor, item.union)
    if not item.passed:
        raise ValidationError(_("Only a passed item becomes a resolution."))
    if published_on < item.session.held_on:
        raise ValidationError({"published_on": _("A resolution is posted after the sitting.")})
    before = snapshot(item, ["resolution_published_on"])
    item.resolution_published_on = published_on
    item.save(update_fields=["resolution_published_on", "updated_at"])
    audit_record(Action.UPDATE, obj=item, changes=diff(before, snapshot(item, ["resolution_published_on"])))
    return item


@service(perm=None)
def session_hold(*, actor: Actor, session: Session, held_on: date) -> Session:
    """The sitting was held on ``held_on`` (workflow effect): the congress's last sitting moves."""
    if session.members_total == 0 or session.present == 0:
        raise ValidationError(_("Take the attendance first."))
    session.held_on = held_on
    session.save(update_fields=["held_on", "updated_at"])
    congress = session.congress
    if congress.last_sitting_on is None or held_on > congress.last_sitting_on:
        congress.last_sitting_on = held_on
        congress.save(update_fields=["last_sitting_on", "updated_at"])
    return session


@service(perm=None)
def session_record_report(*, actor: Actor, session: Session, reported_on: date) -> Session:
    """The union reported the sitting to the higher union on ``reported_on`` (workflow effect)."""
    if reported_on < session.held_on:
        raise ValidationError({"reported_on": _("The report follows the sitting.")})
    session.reported_on = reported_on
    session.save(update_fields=["reported_on", "updated_at"])
    return session


# --- Motions ----------------------------------------------------------------------------------


@service(perm="democracy.add_motion")
def motion_create(
    *,
    actor: Actor,
    congress: Congress,
    title: str,
    proposal: str,
    tabled_by: Delegate,
    tabled_on: date,
    seconders: Iterable[Delegate] = (),
    session: Session | None = None,
) -> Motion:
    """Table a motion in ``congress`` by a delegate, with seconders among its delegates."""
    check_scope(actor, congress.union)
    if tabled_by.congress_id != congress.pk:
        raise ValidationError({"tabled_by": _("Only a delegate of this term may table a motion.")})
    seconding = [d for d in seconders if d.pk != tabled_by.pk]
    if any(d.congress_id != congress.pk for d in seconding):
        raise ValidationError({"seconders": _("Seconders must be delegates of this term.")})
    motion = Motion(
        union=congress.union,
        congress=congress,
        session=session,
        number=_next(congress.motions.all()),
        title=title.strip(),
        proposal=proposal.strip(),
        tabled_by=tabled_by,
        tabled_on=tabled_on,
    )
    motion.full_clean()
    motion.save()
    motion.seconders.set(seconding)
    audit_record(
        Action.CREATE, obj=motion, changes=diff({}, snapshot(motion, ["congress", "number", "title", "tabled_by"]))
    )
    workflow_start(actor=actor, obj=motion)
    return motion


@service(perm=None)
def motion_accept(
    *,
    actor: Actor,
    motion: Motion,
    department: str,
    answer_due: date,
    assigned_on: date | None = None,
    reason: str = "",
) -> Motion:
    """The motions committee accepts the motion and assigns it to ``department`` (workflow effect)."""
    assigned_on = assigned_on or timezone.localdate()
    if answer_due <= assigned_on:
        raise ValidationError({"answer_due": _("The answer is due after the day it is assigned.")})
    motion.department, motion.assigned_on, motion.answer_due = department.strip(), assigned_on, answer_due
    motion.committee_reason = reason.strip()
    motion.save(update_fields=["department", "assigned_on", "answer_due", "committee_reason", "updated_at"])
    return motion


@service(perm=None)
def motion_decline(*, actor: Actor, motion: Motion, note: str) -> Motion:
    """The motions committee does not accept the motion, for the reason in ``note`` (workflow effect)."""
    motion.committee_reason = note.strip()
    motion.save(update_fields=["committee_reason", "updated_at"])
    return motion


@service(perm=None)
def motion_answer(*, actor: Actor, motion: Motion, answer: str, answered_on: date) -> Motion:
    """The department's answer (workflow effect)."""
    motion.answer, motion.answered_on = answer.strip(), answered_on
    motion.save(update_fields=["answer", "answered_on", "updated_at"])
    return motion


@service(perm=None)
def motion_feedback(*, actor: Actor, motion: Motion, satisfaction: str) -> Motion:
    """The tabling delegates' satisfaction with the answer (workflow effect)."""
    motion.satisfaction = satisfaction
    motion.full_clean()
    motion.save(update_fields=["satisfaction", "updated_at"])
    return motion


@service(perm=None)
def motion_report(*, actor: Actor, motion: Motion, reported_at: Session) -> Motion:
    """The motion's handling was reported to the sitting ``reported_at`` (workflow effect)."""
    if reported_at.congress_id != motion.congress_id:
        raise ValidationError({"reported_at": _("Choose a sitting of the same congress.")})
    motion.reported_at = reported_at
    motion.save(update_fields=["reported_at", "updated_at"])
    return motion


# --- Disclosure --------------------------------------------------------------------------------


# The evidence of a disclosure: a photo of the notice posted, or a PDF (besides the core's own checks).
EVIDENCE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".pdf"})


def _check_evidence(upload: UploadedFile) -> None:
    """A photo (JPEG, PNG) or a PDF, within the core's attachment rules (``validate_attachment``)."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_SUFFIXES:
        raise ValidationError({"evidence_file": _("Attach a photo (JPEG or PNG) or a PDF of the notice posted.")})
    try:
        validate_attachment(upload)
    except ValidationError as error:
        raise ValidationError({"evidence_file": error.message_dict.get("attachment", error.messages)}) from None


def _store_evidence(actor: Actor, disclosure: Disclosure, upload: UploadedFile) -> DisclosureEvidence:
    evidence = DisclosureEvidence(
        union=disclosure.union, disclosure=disclosure, name=PurePath(upload.name or "evidence").name[:200]
    )
    evidence.uploaded_by = actor
    evidence.file.save(upload.name or "evidence", upload, save=False)
    try:
        evidence.save()
        audit_record(Action.CREATE, obj=evidence, note=evidence.name)
    except BaseException:
        evidence.file.delete(save=False)
        raise
    return evidence


@service(perm="democracy.add_disclosure")
def disclosure_evidence_add(*, actor: Actor, disclosure: Disclosure, upload: UploadedFile) -> DisclosureEvidence:
    """Keep a photo or PDF of the notice posted as the disclosure's evidence (core attachment storage)."""
    check_scope(actor, disclosure.union)
    _check_evidence(upload)
    return _store_evidence(actor, disclosure, upload)


@service(perm="democracy.add_disclosure")
def disclosure_record(
    *,
    actor: Actor,
    employer: Employer,
    year: int,
    item: str,
    disclosed_on: date,
    channel: str,
    evidence: str = "",
    evidence_file: UploadedFile | None = None,
) -> Disclosure:
    """Record that ``employer`` disclosed ``item`` for ``year`` (a second record of the item replaces it).

    ``evidence_file``: a photo or PDF of the notice posted, kept with the disclosure; checked
    before anything is written.
    """
    check_scope(actor, employer.union)
    if evidence_file is not None:
        _check_evidence(evidence_file)
    disclosure, created = Disclosure.objects.update_or_create(
        employer=employer,
        year=year,
        item=item,
        defaults={
            "union": employer.union,
            "disclosed_on": disclosed_on,
            "channel": channel,
            "evidence": evidence.strip(),
        },
    )
    disclosure.full_clean()
    audit_record(
        Action.CREATE if created else Action.UPDATE,
        obj=disclosure,
        changes=diff({}, snapshot(disclosure, ["employer", "year", "item", "disclosed_on", "channel", "evidence"])),
    )
    if evidence_file is not None:
        _store_evidence(actor, disclosure, evidence_file)
    return disclosure


@service(perm="democracy.add_disclosure")
def question_create(*, actor: Actor, employer: Employer, asked_on: date, subject: str) -> Question:
    """A worker's question on disclosure; the employer's answer is due in 30 days."""
    check_scope(actor, employer.union)
    question = Question(union=employer.union, employer=employer, asked_on=asked_on, subject=subject.strip())
    question.full_clean()
    question.save()
    audit_record(Action.CREATE, obj=question, changes=diff({}, snapshot(question, ["employer", "asked_on", "subject"])))
    workflow_start(actor=actor, obj=question)
    return question


@service(perm=None)
def question_answer(*, actor: Actor, question: Question, answer: str, answered_on: date) -> Question:
    """The employer's answer (workflow effect)."""
    if answered_on < question.asked_on:
        raise ValidationError({"answered_on": _("The answer follows the question.")})
    question.answer, question.answered_on = answer.strip(), answered_on
    question.save(update_fields=["answer", "answered_on", "updated_at"])
    return question


# --- Collective contracts ------------------------------------------------------------------------


@service(perm="democracy.add_collectivecontract")
def contract_create(
    *,
    actor: Actor,
    kind: str,
    requested_on: date,
    employer: Employer | None = None,
    union: Union | None = None,
    level: str = Level.EMPLOYER,
    title: str = "",
    requested_by: str = CollectiveContract.RequestedBy.UNION,
    covered_employers: Iterable[Employer] = (),
) -> CollectiveContract:
    """Open a collective contract with the bargaining request made on ``requested_on`` (reply due in 20 days).

    A regional or industry contract is run by ``union`` (a federation or joint union) and covers
    ``covered_employers`` within its subtree; the workers covered are their headcounts' sum.
    """
    if level == Level.EMPLOYER and employer is None:
        raise ValidationError({"employer": _("Choose the employer.")})
    owner = _employer_union(employer if level == Level.EMPLOYER else None, union)
    check_scope(actor, owner)
    covered = list(covered_employers)
    if level != Level.EMPLOYER:
        _check_regional(level, owner, covered)
    contract = CollectiveContract(
        union=owner,
        employer=employer if level == Level.EMPLOYER else None,
        level=level,
        kind=kind,
        title=title.strip() or _default_contract_title(kind, employer, owner, requested_on),
        requested_by=requested_by,
        requested_on=requested_on,
        covered_workers=employer.headcount if employer is not None else sum(e.headcount for e in covered),
    )
    contract.full_clean()
    contract.save()
    changes = diff({}, snapshot(contract, ["employer", "level", "kind", "title", "requested_on"]))
    if covered:
        contract.covered_employers.set(covered)
        changes["covered_employers"] = [None, _covered_text(covered)]
    audit_record(Action.CREATE, obj=contract, changes=changes)
    workflow_start(actor=actor, obj=contract)
    return contract


def _default_contract_title(kind: str, employer: Employer | None, union: Union, requested_on: date) -> str:
    who = employer.name if employer is not None else union.name
    return f"{who}{requested_on.year}年{CollectiveContract.Kind(kind).label}"


def contract_minimum_wage_problem(contract: CollectiveContract, on: date) -> str | None:
    """Why the contract's minimum wage is below the local minimum wage on ``on`` (``rules.minimum_wage_problem``)."""
    return rules.minimum_wage_problem(contract.minimum_wage, local_minimum_wage(on).monthly)


@service(perm="democracy.change_collectivecontract")
def contract_update_terms(*, actor: Actor, contract: CollectiveContract, **terms: Any) -> CollectiveContract:
    """Record the agreed terms; a minimum wage below the local minimum wage is refused with the numbers."""
    check_scope(actor, contract.union)
    if contract.state not in (ContractState.REQUESTED, ContractState.NEGOTIATING):
        raise ValidationError(_("The terms of a signed contract do not change; bargain a new one."))
    before = snapshot(contract, CONTRACT_TERMS)
    for name in CONTRACT_TERMS:
        if name in terms:
            setattr(contract, name, terms[name])
    problem = contract_minimum_wage_problem(contract, timezone.localdate())
    if problem:
        raise ValidationError({"minimum_wage": problem})
    contract.full_clean()
    contract.save(update_fields=[*CONTRACT_TERMS, "updated_at"])
    audit_record(Action.UPDATE, obj=contract, changes=diff(before, snapshot(contract, CONTRACT_TERMS)))
    return contract


@service(perm="democracy.change_collectivecontract")
def representative_add(
    *, actor: Actor, contract: CollectiveContract, side: str, name: str, position: str = "", is_chief: bool = False
) -> Representative:
    """Add a bargaining representative to one side (3–10 a side, equal numbers, checked at signing)."""
    check_scope(actor, contract.union)
    if contract.state not in (ContractState.REQUESTED, ContractState.NEGOTIATING):
        raise ValidationError(_("The representatives of a signed contract do not change."))
    if contract.representatives.filter(side=side).count() >= rules.REPRESENTATIVES[1]:
        raise ValidationError(_("A side has at most %(n)d representatives.") % {"n": rules.REPRESENTATIVES[1]})
    if is_chief:
        contract.representatives.filter(side=side, is_chief=True).update(is_chief=False)
    rep = Representative(
        union=contract.union,
        contract=contract,
        side=side,
        name=name.strip(),
        position=position.strip(),
        is_chief=is_chief,
    )
    rep.full_clean()
    rep.save()
    audit_record(
        Action.UPDATE, obj=contract, changes={"representative": [None, f"{rep.get_side_display()} {rep.name}"]}
    )
    return rep


@service(perm="democracy.change_collectivecontract")
def representative_remove(*, actor: Actor, representative: Representative) -> None:
    """Remove a representative while bargaining goes on."""
    contract = representative.contract
    check_scope(actor, contract.union)
    if contract.state not in (ContractState.REQUESTED, ContractState.NEGOTIATING):
        raise ValidationError(_("The representatives of a signed contract do not change."))
    audit_record(Action.UPDATE, obj=contract, changes={"representative": [representative.name, None]})
    representative.delete()


@service(perm="democracy.change_collectivecontract")
def round_add(*, actor: Actor, contract: CollectiveContract, held_on: date, minutes: str) -> NegotiationRound:
    """Record a round of negotiation with its minutes."""
    check_scope(actor, contract.union)
    if contract.state != ContractState.NEGOTIATING:
        raise ValidationError(_("Rounds are recorded while the sides negotiate."))
    row = NegotiationRound(
        union=contract.union,
        contract=contract,
        number=_next(contract.rounds.all()),
        held_on=held_on,
        minutes=minutes.strip(),
    )
    row.full_clean()
    row.save()
    audit_record(Action.UPDATE, obj=contract, changes={"round": [None, f"{row.number}: {held_on:%Y-%m-%d}"]})
    return row


@service(perm=None)
def contract_record_reply(*, actor: Actor, contract: CollectiveContract, replied_on: date) -> CollectiveContract:
    """The other side's written reply to the bargaining request (workflow effect)."""
    if replied_on < contract.requested_on:
        raise ValidationError({"replied_on": _("The reply follows the request.")})
    contract.replied_on = replied_on
    contract.save(update_fields=["replied_on", "updated_at"])
    return contract


def contract_signing_problems(
    contract: CollectiveContract, *, signed_on: date, term_start: date, term_end: date
) -> dict[str, str]:
    """Everything that stops a contract from being signed, by field (empty: it may be signed).

    The representatives (集体合同规定 art. 8), the congress's approval of the draft by more than
    half of all delegates (art. 36; ``ballot_record``), the term of 1–3 years (art. 38) and the
    minimum wage against the local minimum wage on the day of signing (劳动合同法 art. 55).
    """
    problems: dict[str, str] = {}
    sides = dict.fromkeys(Representative.Side.values, 0)
    for side in contract.representatives.values_list("side", flat=True):
        sides[side] += 1
    reps = rules.representatives_problem(sides[Representative.Side.WORKERS], sides[Representative.Side.EMPLOYER])
    if reps:
        problems["__all__"] = reps
    if not contract.votes.filter(passed=True).exists():
        problems["__all__"] = " ".join(
            p
            for p in (
                problems.get("__all__"),
                _("The draft has not been passed by the workers' congress (more than half of all delegates)."),
            )
            if p
        )
    if not rules.contract_term_ok(term_start, term_end):
        low, high = rules.term_bounds(term_start, rules.CONTRACT_TERM_YEARS)
        problems["term_end"] = _("A collective contract runs 1 to 3 years (the last day %(low)s to %(high)s).") % {
            "low": f"{low:%Y-%m-%d}",
            "high": f"{high:%Y-%m-%d}",
        }
    wage = contract_minimum_wage_problem(contract, signed_on)
    if wage:
        problems["minimum_wage"] = wage
    if signed_on < contract.requested_on:
        problems["signed_on"] = _("The signing follows the bargaining request.")
    return problems


@service(perm=None)
def contract_sign(
    *, actor: Actor, contract: CollectiveContract, signed_on: date, term_start: date, term_end: date
) -> CollectiveContract:
    """Both chiefs signed on ``signed_on`` (workflow effect); filing is due within 10 days (wage agreements 7)."""
    problems = contract_signing_problems(contract, signed_on=signed_on, term_start=term_start, term_end=term_end)
    if problems:
        raise ValidationError(problems)
    contract.signed_on, contract.term_start, contract.term_end = signed_on, term_start, term_end
    contract.local_minimum_wage = local_minimum_wage(signed_on).monthly
    contract.filing_due = rules.filing_due(signed_on, is_wage_agreement=contract.is_wage_agreement).date
    contract.save(
        update_fields=["signed_on", "term_start", "term_end", "local_minimum_wage", "filing_due", "updated_at"]
    )
    return contract


@service(perm=None)
def contract_file(
    *, actor: Actor, contract: CollectiveContract, filed_on: date, received_on: date | None = None
) -> CollectiveContract:
    """Filed with the labour department on ``filed_on`` (workflow effect); late if after the filing deadline.

    The 15-day objection window runs from the department's receipt (``received_on``, the filing day if not given).
    """
    if contract.signed_on is None or filed_on < contract.signed_on:
        raise ValidationError({"filed_on": _("A contract is filed after it is signed.")})
    received_on = received_on or filed_on
    if received_on < filed_on:
        raise ValidationError({"received_on": _("The department receives the contract on or after the filing day.")})
    contract.filed_on, contract.received_on = filed_on, received_on
    contract.filed_late = contract.filing_due is not None and filed_on > contract.filing_due
    contract.objection_window_end = rules.objection_window_end(received_on).date
    contract.save(update_fields=["filed_on", "received_on", "filed_late", "objection_window_end", "updated_at"])
    return contract


@service(perm=None)
def contract_enter_into_force(*, actor: Actor, contract: CollectiveContract) -> CollectiveContract:
    """No objection within the window (workflow effect): the contract is in force from the window's end."""
    return contract
