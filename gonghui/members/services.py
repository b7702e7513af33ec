"""Writes of the member registry: workers, memberships and their lifecycle.

Every service is a ``@service`` (``core/services.py``): it checks the actor's permission and runs
in one transaction as the actor, then validates, writes, checks the scope and records the audit
row(s). ``actor=None`` is the operator's command line (or an import running under a system
scope): no permission or scope check. Employers are read through the organisations selectors and
union profiles written through the organisations services, never directly.

Lifecycle (one current membership per worker, enforced by a partial unique index)::

    (none) --join / transfer in from outside--> ACTIVE --keep--> KEPT --resume--> ACTIVE
    ACTIVE|KEPT --transfer--> TRANSFERRED_OUT  (+ a new ACTIVE membership at the receiving union)
    ACTIVE|KEPT --remove--> REMOVED            ACTIVE|KEPT --leave--> LEFT

For a bulk import: ``worker_derived_fields`` and ``worker_search_fields`` take plain values and
return the computed columns, so rows can be built for ``bulk_create`` / ``bulk_update``;
``member_counts_refresh(union_ids)`` afterwards keeps the union profiles true.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.identifiers import normalise_mobile, parse_id_number
from gonghui.core.reference import selectors as reference
from gonghui.core.reference.models import Entry
from gonghui.core.services import Actor, check_scope, require, service
from gonghui.core.tree import paths as tree_paths
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import current_scope, system_scope
from gonghui.members.models import Membership, MembershipEvent, Worker, last_seen
from gonghui.members.pinyin import name_grams, name_pinyin
from gonghui.organisations import selectors as organisations
from gonghui.organisations import services as organisation_services
from gonghui.organisations.models import Employer

Status = Membership.Status
Reason = Membership.Reason
Kind = MembershipEvent.Kind

# Fields a caller may set on a worker (the rest is derived).
WORKER_FIELDS = (
    "name",
    "id_number",
    "ethnic_group",
    "education",
    "skill_level",
    "household_type",
    "household_place",
    "native_place",
    "phone",
    "employer",
    "employment_status",
    "category",
    "political_status",
    "card_number",
)
# Reference fields and their kinds: the form gives an entry, an import a code or a name.
REFERENCE_FIELDS = {
    "ethnic_group": "ethnic_group",
    "education": "education_level",
    "skill_level": "skill_level",
    "household_type": "household_type",
    "employment_status": "employment_status",
    "political_status": "political_status",
}
AUDITED_WORKER_FIELDS = [*WORKER_FIELDS, "union", "sex", "birth_date", "member_status"]
# Unions a worker can be a member of.
MEMBER_UNION_KINDS = (Union.Kind.GRASSROOTS, Union.Kind.JOINT)
# Which reasons fit which way of ending or keeping a membership.
KEEP_REASONS = (Reason.LAID_OFF, Reason.UNEMPLOYED, Reason.BANKRUPTCY, Reason.LABOUR_RELATION)
LEAVE_REASONS = (Reason.PERSONAL, Reason.LABOUR_RELATION, Reason.UNEMPLOYED, Reason.BANKRUPTCY)
REMOVAL_REASONS = (Reason.EXPELLED,)
TRANSFER_REASONS = (Reason.LABOUR_RELATION,)
# 中国工会章程 art. 1: workers whose wages are their main income may join; the Labour Law's minimum age.
MINIMUM_AGE = 16


# --- Derived columns: plain values in, plain values out (usable in bulk) -------------------------


def worker_derived_fields(id_number: str, *, today: date | None = None) -> dict[str, Any]:
    """``{"id_number", "sex", "birth_date"}`` from an ID number; ``ValidationError`` if it is invalid."""
    try:
        parsed = parse_id_number(id_number, today=today)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.error_list}) from None
    return {"id_number": parsed.value, "sex": parsed.sex, "birth_date": parsed.birth_date}


def worker_search_fields(name: str, phone: str | None) -> dict[str, str]:
    """The stored search columns of a worker: pinyin, initials, name terms, the phone's last four digits."""
    full, initials = name_pinyin(name)
    digits = normalise_mobile(phone) if phone else ""
    return {
        "pinyin": full,
        "pinyin_initials": initials,
        "name_grams": name_grams(name),
        "phone_last4": digits[-4:] if len(digits) >= 4 else "",
    }


def default_card_number(worker_id: int, on: date) -> str:
    """The card number issued when none is given: the joining year and the worker's id (unique by design)."""
    return f"{on.year}{worker_id:010d}"


# --- Member counts --------------------------------------------------------------------------------


def member_counts_refresh(union_ids: Iterable[int] | None = None) -> int:
    """Recount the members (active or kept) of ``union_ids`` (every union if None) into their profiles.

    A grassroots or joint union counts its own members; a federation (county, township, sector)
    the members of every union in its subtree, so each of the given unions' federations above
    is recounted too. Aggregate queries and one bulk update, whatever the number of members;
    unions without a profile are left alone (a profile needs a union type, which organisation
    building sets; ``organisations.services.member_counts_set`` writes them). Returns the number
    of profiles updated.
    """
    with system_scope("member counts are derived data"):
        ids: set[int] | None = None
        # unscoped: a federation counts the members of its whole subtree, whoever moved one
        memberships = Membership.unscoped.filter(status__in=Membership.CURRENT)
        federation_kinds = (Union.Kind.COUNTY, Union.Kind.TOWNSHIP, Union.Kind.SECTOR)
        if union_ids is None:
            counts = dict(
                memberships.order_by().values("union_id").annotate(n=Count("id")).values_list("union_id", "n")
            )
            # unscoped: the tree's paths, to add each count to the federations above it
            paths = dict(Union.unscoped.values_list("pk", "path"))
            # unscoped: the tree's federations, to add each count to them
            federations = dict(Union.unscoped.filter(kind__in=federation_kinds).values_list("path", "pk"))
            for union_id, count in list(counts.items()):
                path = paths.get(union_id, "")
                for ancestor in tree_paths.ancestor_paths(path):
                    above = federations.get(ancestor)
                    if above is not None and above != union_id:
                        counts[above] = counts.get(above, 0) + count
        else:
            ids = set(union_ids)
            if not ids:
                return 0
            # unscoped: the given unions and the federations above them, to recount
            given = list(Union.unscoped.filter(pk__in=ids).values_list("pk", "path", "kind"))
            ancestor_paths = {ancestor for _pk, path, _kind in given for ancestor in tree_paths.ancestor_paths(path)}
            federations = Union.unscoped.filter(kind__in=federation_kinds)  # unscoped: the federations above
            above = list(federations.filter(path__in=ancestor_paths).values_list("pk", "path", "kind"))
            own = [pk for pk, _path, kind in given if kind not in federation_kinds]
            counts = dict(
                memberships.filter(union_id__in=own)
                .order_by()
                .values("union_id")
                .annotate(n=Count("id"))
                .values_list("union_id", "n")
            )
            # A federation's members are its subtree's: one indexed range count per federation.
            subtree_roots = [*above, *(entry for entry in given if entry[2] in federation_kinds)]
            for pk, path, _kind in subtree_roots:
                counts[pk] = memberships.filter(union__path__startswith=path).count()
            ids = {pk for pk, _path, _kind in given} | {pk for pk, _path, _kind in above}
        return organisation_services.member_counts_set(counts=counts, union_ids=ids)


# --- Workers -----------------------------------------------------------------------------------


def _reference_code(field: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Entry):
        return str(value.pk)
    code = reference.lookup(REFERENCE_FIELDS[field], value)
    if code is None:
        raise ValidationError({field: _("“%(value)s” is not in the code list.") % {"value": value}})
    return code


def _apply_fields(worker: Worker, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(WORKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown worker fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name in REFERENCE_FIELDS:
            setattr(worker, f"{name}_id", _reference_code(name, value))
        elif name == "card_number":
            worker.card_number = (value or "").strip() or None
        elif name == "phone":
            worker.phone = normalise_mobile(value) if value else None
        elif name == "employer":
            # A new employer must be one the actor can see (the scoped manager decides).
            if value is not None and not organisations.employer_in_scope(value.pk):
                raise ValidationError({"employer": _("Choose an employer in your part of the union tree.")})
            worker.employer = value
        elif name == "name":
            worker.name = " ".join((value or "").split())
        else:
            setattr(worker, name, value)


def _clean_worker(worker: Worker) -> None:
    if not worker.name:
        raise ValidationError({"name": _("Enter the worker's name.")})
    worker.__dict__.update(worker_derived_fields(worker.id_number or ""))
    worker.__dict__.update(worker_search_fields(worker.name, worker.phone))
    # The ID number and the card number are unique across the county, not only in scope.
    with system_scope("ID and card numbers are unique across every worker"):
        worker.full_clean(exclude=["union", "employer", "pinyin", "pinyin_initials", "name_grams", "phone_last4"])


@service(perm="members.add_worker")
def worker_create(*, actor: Actor, union: Union, **fields: Any) -> Worker:
    """Register a worker kept by ``union`` (usually the actor's own union or the employer's)."""
    check_scope(actor, union)
    worker = Worker(union=union)
    _apply_fields(worker, fields)
    _clean_worker(worker)
    worker.save()
    check_scope(actor, worker.union)
    audit_record(Action.CREATE, obj=worker, changes=diff({}, snapshot(worker, AUDITED_WORKER_FIELDS)))
    return worker


@service(perm="members.change_worker")
def worker_update(*, actor: Actor, worker: Worker, **fields: Any) -> Worker:
    """Change a worker's details (the ID number too: sex and birth date follow it)."""
    locked = Worker.objects.select_for_update(of=("self",)).filter(pk=worker.pk).first()
    if locked is None:
        raise Http404("no such worker kept in scope")
    worker = locked
    before = snapshot(worker, AUDITED_WORKER_FIELDS)
    _apply_fields(worker, fields)
    _clean_worker(worker)
    if worker.employer_id is not None and worker.member_status not in (
        Worker.MemberStatus.ACTIVE,
        Worker.MemberStatus.KEPT,
    ):
        worker.union_id = organisations.employer_union_id(worker.employer_id)
    worker.save()
    check_scope(actor, worker.union)
    changes = diff(before, snapshot(worker, AUDITED_WORKER_FIELDS))
    if changes:
        audit_record(Action.UPDATE, obj=worker, changes=changes)
    return worker


@service(perm=None)  # a record of what the actor saw: the page checked the permission to see it
def worker_viewed(*, actor: Actor, worker: Worker) -> None:
    """Record that ``actor`` opened a worker's record (PIPL: who viewed whose personal data).

    The row belongs to the worker's union, like every row about the worker: that union's audit
    administrator sees who looked at its members.
    """
    audit_record(Action.VIEW_PERSONAL, obj=worker)


# --- Memberships -------------------------------------------------------------------------------


def _member_union(union: Union, field: str = "union") -> None:
    if union.kind not in MEMBER_UNION_KINDS:
        raise ValidationError({field: _("Members belong to a grassroots or joint union.")})


def _check_date(on: date, *, after: date | None = None, field: str = "on", today: date | None = None) -> None:
    if on > (today or timezone.localdate()):
        raise ValidationError({field: _("The date cannot be in the future.")})
    if after is not None and on < after:
        raise ValidationError(
            {field: _("The date cannot be before %(day)s, the last change of this membership.") % {"day": after}}
        )


def _check_reason(reason: str, allowed: tuple[str, ...]) -> None:
    if reason not in allowed:
        raise ValidationError(
            {"reason": _("Choose one of: %(reasons)s.") % {"reasons": "、".join(str(Reason(r).label) for r in allowed)}}
        )


def _issue_card(worker: Worker, card_number: str | None, on: date) -> None:
    card_number = (card_number or "").strip() or None
    if card_number and worker.card_number and card_number != worker.card_number:
        raise ValidationError(
            {"card_number": _("This worker already holds card %(card)s.") % {"card": worker.card_number}}
        )
    if worker.card_number:
        return
    worker.card_number = card_number or default_card_number(worker.pk, on)
    with system_scope("card numbers are unique across every worker"):
        # unscoped: a card number is unique across the county
        if Worker.unscoped.filter(card_number=worker.card_number).exclude(pk=worker.pk).exists():
            raise ValidationError({"card_number": _("Another worker already holds this card number.")})


def _event(
    membership: Membership,
    kind: str,
    on: date,
    *,
    actor: Actor,
    reason: str = "",
    note: str = "",
    counterpart: Union | None = None,
) -> MembershipEvent:
    return MembershipEvent.objects.create(
        membership=membership,
        worker_id=membership.worker_id,
        union_id=membership.union_id,
        kind=kind,
        on=on,
        reason=reason,
        note=note.strip()[:300],
        counterpart_union=counterpart,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )


def _save_new_membership(membership: Membership) -> None:
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(_("This worker already has a current membership.")) from None


def _set_worker_status(worker: Worker, status: str, *, union: Union | None = None) -> None:
    worker.member_status = status
    fields = ["member_status", "updated_at"]
    if union is not None:
        worker.union = union
        fields.append("union")
    worker.save(update_fields=[*fields, "card_number"])


def _current(membership: Membership) -> Membership:
    """The membership, locked, which must still be current."""
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("union", "worker")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise Http404("no such membership in scope")
    if not locked.is_current:
        raise ValidationError(_("This membership has already ended."))
    return locked


def _last_change(membership: Membership) -> date:
    latest = membership.events.order_by("-on").values_list("on", flat=True).first()
    return max(d for d in (membership.joined_on, latest) if d is not None)


def _visible_worker(actor: Actor, worker_id: int) -> Worker:
    """The worker, locked, if the actor keeps them or holds (held) a membership of theirs; else 404."""
    if actor is not None:
        seen = Worker.objects.filter(pk=worker_id).exists() or Membership.objects.filter(worker_id=worker_id).exists()
        if not seen:
            raise Http404("no such worker in scope")
    # unscoped: the worker was found in scope above (as kept or as a member), or by the command line
    locked = Worker.unscoped.select_for_update().filter(pk=worker_id).first()
    if locked is None:
        raise Http404("no such worker")
    return locked


@service(perm="members.add_membership")
def membership_join(
    *,
    actor: Actor,
    worker: Worker,
    union: Union,
    on: date,
    card_number: str | None = None,
    employer: Employer | None = None,
    transfer_in: bool = False,
    note: str = "",
) -> Membership:
    """The worker joins ``union`` (入会), or arrives from a union outside the county (转入, ``transfer_in``)."""
    check_scope(actor, union)
    worker = _visible_worker(actor, worker.pk)
    return _join(
        actor=actor,
        worker=worker,
        union=union,
        on=on,
        card_number=card_number,
        employer=employer,
        transfer_in=transfer_in,
        note=note,
    )


def _join(
    *,
    actor: Actor,
    worker: Worker,
    union: Union,
    on: date,
    card_number: str | None,
    employer: Employer | None,
    transfer_in: bool,
    note: str,
) -> Membership:
    """The checks and writes of a join, for ``worker`` already found and locked, in the caller's transaction."""
    _member_union(union)
    _check_date(on)
    if worker.age_on(on) < MINIMUM_AGE:
        raise ValidationError({"on": _("A member must be at least 16 years old on joining.")})
    # unscoped: one current membership per worker, wherever it is
    if Membership.unscoped.filter(worker=worker, status__in=Membership.CURRENT).exists():
        raise ValidationError(_("This worker already has a current membership: transfer it instead."))
    if employer is not None and not organisations.employer_in_scope(employer.pk):
        raise ValidationError({"employer": _("Choose an employer in your part of the union tree.")})
    _issue_card(worker, card_number, on)
    membership = Membership(
        worker=worker, union=union, employer=employer or worker.employer, joined_on=on, status=Status.ACTIVE
    )
    _save_new_membership(membership)
    kind = Kind.TRANSFER_IN if transfer_in else Kind.JOIN
    _event(membership, kind, on, actor=actor, note=note)
    if employer is not None and worker.employer_id != employer.pk:
        worker.employer = employer
        worker.save(update_fields=["employer", "updated_at"])
    _set_worker_status(worker, Worker.MemberStatus.ACTIVE, union=union)
    check_scope(actor, union)
    audit_record(
        Action.CREATE,
        obj=membership,
        changes={"status": [None, membership.status], "joined_on": [None, str(on)]},
        note=str(Kind(kind).label),
    )
    member_counts_refresh([union.pk])
    return membership


@service(perm="members.add_membership")
def member_add(
    *,
    actor: Actor,
    union: Union,
    on: date,
    name: str,
    id_number: str,
    employer: Employer | None = None,
    card_number: str | None = None,
    transfer_in: bool = False,
    note: str = "",
    **fields: Any,
) -> Membership:
    """Add a member in one step: the person and their joining ``union`` (入会, or 转入 with ``transfer_in``).

    One worker per ID number in the county: a person recorded anywhere is found again and joins
    with that record, provided the name matches and they hold no current membership (a member
    of a union elsewhere is transferred by that union; one in the actor's part of the tree is
    named, to be transferred from their page). The details given replace the stored ones;
    empty values keep them. Anyone else is registered, kept by ``union``. With no employer
    given, the member works for the union's own employer (``own_employer_of``, the member
    sheet's rule too). The checks of ``worker_create`` and ``membership_join`` all apply (ID
    number, age 16 on joining, card number …); one transaction: nothing is kept if one fails.
    """
    check_scope(actor, union)
    _member_union(union)
    if employer is None:
        employer = organisations.own_employer_of(union)
    number = worker_derived_fields(id_number)["id_number"]
    with system_scope("one worker per ID number across the county"):
        # unscoped: one worker per ID number across the county
        existing = Worker.unscoped.select_for_update().filter(id_number__matches=number).first()
    if existing is None:
        created = worker_create(actor=actor, union=union, name=name, id_number=number, employer=employer, **fields)
        worker = Worker.unscoped.select_for_update().get(pk=created.pk)  # unscoped: the worker just created
    else:
        worker = _found_again(actor, existing, name=name, fields=fields)
    return _join(
        actor=actor,
        worker=worker,
        union=union,
        on=on,
        card_number=card_number,
        employer=employer,
        transfer_in=transfer_in,
        note=note,
    )


def _found_again(actor: Actor, worker: Worker, *, name: str, fields: dict[str, Any]) -> Worker:
    """A person already recorded who is about to join: check they may, and update their record with what was given."""
    if " ".join((name or "").split()) != worker.name:
        raise ValidationError(
            {"name": _("This ID number is recorded under another name: check the name and the ID number.")}
        )
    # unscoped: one current membership per worker, wherever it is
    current = Membership.unscoped.filter(worker=worker, status__in=Membership.CURRENT).select_related("union").first()
    if current is not None:
        scope = current_scope()
        if scope is not None and scope.covers_path(current.union.path):
            raise ValidationError(
                {
                    "id_number": _("%(name)s is already a member of %(union)s: transfer them from their page.")
                    % {"name": worker.name, "union": current.union.name}
                }
            )
        raise ValidationError(
            {"id_number": _("This person is already a member of another union: that union transfers them.")}
        )
    given = {field: value for field, value in fields.items() if value not in (None, "")}
    if given:
        require(actor, "members.change_worker")
        before = snapshot(worker, AUDITED_WORKER_FIELDS)
        _apply_fields(worker, given)
        _clean_worker(worker)
        worker.save()
        changes = diff(before, snapshot(worker, AUDITED_WORKER_FIELDS))
        if changes:
            audit_record(Action.UPDATE, obj=worker, changes=changes)
    return worker


@service(perm="members.change_membership")
def membership_keep(*, actor: Actor, membership: Membership, on: date, reason: str, note: str = "") -> Membership:
    """Keep the membership of a member without work (保留会籍): laid off, unemployed, bankruptcy."""
    return _change_status(
        actor=actor,
        membership=membership,
        on=on,
        reason=reason,
        note=note,
        kind=Kind.KEEP,
        target=Status.KEPT,
        allowed=KEEP_REASONS,
        sources=(Status.ACTIVE,),
    )


@service(perm="members.change_membership")
def membership_resume(*, actor: Actor, membership: Membership, on: date, note: str = "") -> Membership:
    """A kept membership becomes active again (back at work in the same union)."""
    return _change_status(
        actor=actor,
        membership=membership,
        on=on,
        reason="",
        note=note,
        kind=Kind.RESUME,
        target=Status.ACTIVE,
        allowed=("",),
        sources=(Status.KEPT,),
    )


@service(perm="members.change_membership")
def membership_remove(*, actor: Actor, membership: Membership, on: date, reason: str, note: str = "") -> Membership:
    """Remove a member (除名): expelled for a crime (开除会籍)."""
    if not note.strip():
        raise ValidationError({"note": _("Say what decision the removal rests on.")})
    return _change_status(
        actor=actor,
        membership=membership,
        on=on,
        reason=reason,
        note=note,
        kind=Kind.REMOVAL,
        target=Status.REMOVED,
        allowed=REMOVAL_REASONS,
        sources=Membership.CURRENT,
    )


@service(perm="members.change_membership")
def membership_leave(*, actor: Actor, membership: Membership, on: date, reason: str, note: str = "") -> Membership:
    """The member leaves (退会): at their own request, or the employment ended without a new union."""
    return _change_status(
        actor=actor,
        membership=membership,
        on=on,
        reason=reason,
        note=note,
        kind=Kind.LEAVE,
        target=Status.LEFT,
        allowed=LEAVE_REASONS,
        sources=Membership.CURRENT,
    )


def _change_status(
    *,
    actor: Actor,
    membership: Membership,
    on: date,
    reason: str,
    note: str,
    kind: str,
    target: str,
    allowed: tuple[str, ...],
    sources: tuple[str, ...],
) -> Membership:
    """The checks and writes of a change of status, in the calling service's transaction and scope."""
    membership = _current(membership)
    if membership.status not in sources:
        raise ValidationError(
            _("A membership that is “%(status)s” cannot be changed this way.")
            % {"status": membership.get_status_display()}
        )
    _check_reason(reason, allowed)
    _check_date(on, after=_last_change(membership))
    before = snapshot(membership, ["status", "ended_on", "end_reason"])
    membership.status = target
    if target in Membership.CURRENT:
        membership.ended_on = None
        membership.end_reason = ""
    else:
        membership.ended_on = on
        membership.end_reason = reason
    if kind == Kind.KEEP:
        membership.end_reason = reason
    membership.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    _event(membership, kind, on, actor=actor, reason=reason, note=note)
    # unscoped: the member of a membership in scope (kept by another union after a transfer, maybe)
    worker = Worker.unscoped.select_for_update().get(pk=membership.worker_id)
    worker_status: str = {  # type: ignore[call-overload]
        Status.ACTIVE: Worker.MemberStatus.ACTIVE,
        Status.KEPT: Worker.MemberStatus.KEPT,
    }.get(target, Worker.MemberStatus.FORMER)
    _set_worker_status(worker, worker_status)
    check_scope(actor, membership.union)
    audit_record(
        Action.UPDATE,
        obj=membership,
        changes=diff(before, snapshot(membership, ["status", "ended_on", "end_reason"])),
    )
    member_counts_refresh([membership.union_id])
    return membership


def receiving_union_lookup(text: str) -> Union | None:
    """The grassroots or joint union named exactly by ``text`` (its name or credit code), anywhere in the county.

    A transfer may go to a union outside the sending officer's scope; only an exact name or
    code finds it, so nobody can list unions they cannot see.
    """
    text = " ".join((text or "").split())
    if not text:
        return None
    with system_scope("finding the receiving union of a transfer by its exact name or code"):
        unions = Union.unscoped.filter(kind__in=MEMBER_UNION_KINDS)  # unscoped: an exact name or code only
        found = list(unions.filter(credit_code=text.upper())[:2]) or list(unions.filter(name=text)[:2])
    return found[0] if len(found) == 1 else None


@service(perm="members.change_membership")
def membership_transfer(
    *,
    actor: Actor,
    membership: Membership,
    to_union: Union,
    on: date,
    reason: str = Reason.LABOUR_RELATION,
    employer: Employer | None = None,
    note: str = "",
) -> Membership:
    """Transfer a member to another union in one step (转出 here, 转入 there); returns the new membership.

    The sending side acts: it must see the membership; the receiving union may lie outside its
    scope (found by ``receiving_union_lookup``). The old membership ends as transferred out,
    a new one starts at ``to_union`` on the same day, linked by ``transferred_from``; each union
    sees its own event, naming the other union. The worker is then kept by the receiving union.
    """
    old = _current(membership)
    _member_union(to_union, "to_union")
    if to_union.pk == old.union_id:
        raise ValidationError({"to_union": _("The member is already in this union.")})
    _check_reason(reason, TRANSFER_REASONS)
    _check_date(on, after=_last_change(old))
    if employer is not None and not organisations.employer_organised_by(employer.pk, to_union):
        raise ValidationError({"employer": _("The employer is not organised by the receiving union.")})
    old.status = Status.TRANSFERRED_OUT
    old.ended_on = on
    old.end_reason = reason
    old.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    _event(old, Kind.TRANSFER_OUT, on, actor=actor, reason=reason, note=note, counterpart=to_union)
    check_scope(actor, old.union)
    # unscoped: the member of a membership in scope, who moves to the receiving union
    worker = Worker.unscoped.select_for_update().get(pk=old.worker_id)
    with system_scope("the receiving side of a transfer the actor makes"):
        new = Membership(
            worker=worker,
            union=to_union,
            employer=employer,
            joined_on=on,
            status=Status.ACTIVE,
            transferred_from=old,
            last_dues_on=old.last_dues_on,
            last_activity_on=old.last_activity_on,
        )
        _save_new_membership(new)
        _event(new, Kind.TRANSFER_IN, on, actor=actor, reason=reason, note=note, counterpart=old.union)
        worker.employer = employer
        worker.save(update_fields=["employer", "updated_at"])
        _set_worker_status(worker, Worker.MemberStatus.ACTIVE, union=to_union)
        audit_record(
            Action.MOVE,
            obj=new,
            changes={"union": [str(old.union), str(to_union)], "status": [None, new.status]},
            note=str(Kind.TRANSFER_IN.label),
        )
    audit_record(
        Action.MOVE,
        obj=old,
        changes={"status": [Status.ACTIVE, old.status], "union": [str(old.union), str(to_union)]},
        note=str(Kind.TRANSFER_OUT.label),
    )
    member_counts_refresh([old.union_id, to_union.pk])
    return new


@service(perm="members.change_membership")
def memberships_mark_seen(
    *, actor: Actor, memberships: Iterable[Membership] | Any, on: date, what: str = "dues"
) -> int:
    """Record dues paid (``what="dues"``) or an activity attended (``"activity"``) on ``on``, in bulk.

    ``memberships`` may be a queryset or a list; only current memberships in the actor's scope
    are touched, whatever is passed. Returns how many were updated. One audit row for the batch.
    """
    if what not in ("dues", "activity"):
        raise ValueError(what)
    column = "last_dues_on" if what == "dues" else "last_activity_on"
    _check_date(on)
    ids = [m.pk for m in memberships]
    rows = list(
        Membership.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status__in=Membership.CURRENT)
        .only("id", "union_id", "joined_on", "last_dues_on", "last_activity_on")
    )
    for row in rows:
        current = getattr(row, column)
        if current is None or current < on:
            setattr(row, column, on)
        row.last_seen_on = last_seen(row.joined_on, row.last_dues_on, row.last_activity_on)
    # unscoped: the rows were read in scope above
    Membership.unscoped.bulk_update(rows, [column, "last_seen_on"], batch_size=500)
    if rows:
        audit_record(  # no one object: the row is filed under the actor's union
            Action.UPDATE,
            object_repr=_("%(n)s memberships") % {"n": len(rows)},
            changes={column: [None, str(on)]},
            note=", ".join(str(r.pk) for r in rows[:200]),
        )
    return len(rows)


# --- The checks of a membership change on plain values (bulk writers: the member sheet import) ---

# Which reasons each event accepts ("" = no reason), as the services above check them.
EVENT_REASONS: dict[str, tuple[str, ...]] = {
    Kind.JOIN: ("",),
    Kind.TRANSFER_IN: ("", *TRANSFER_REASONS),
    Kind.KEEP: KEEP_REASONS,
    Kind.RESUME: ("",),
    Kind.TRANSFER_OUT: TRANSFER_REASONS,
    Kind.REMOVAL: REMOVAL_REASONS,
    Kind.LEAVE: LEAVE_REASONS,
}
# The membership statuses each event may start from, and the one it leads to.
EVENT_SOURCES: dict[str, tuple[str, ...]] = {
    Kind.KEEP: (Status.ACTIVE,),
    Kind.RESUME: (Status.KEPT,),
    Kind.TRANSFER_OUT: Membership.CURRENT,
    Kind.REMOVAL: Membership.CURRENT,
    Kind.LEAVE: Membership.CURRENT,
}
EVENT_TARGETS: dict[str, str] = {
    Kind.JOIN: Status.ACTIVE,
    Kind.TRANSFER_IN: Status.ACTIVE,
    Kind.KEEP: Status.KEPT,
    Kind.RESUME: Status.ACTIVE,
    Kind.TRANSFER_OUT: Status.TRANSFERRED_OUT,
    Kind.REMOVAL: Status.REMOVED,
    Kind.LEAVE: Status.LEFT,
}


def membership_change_check(
    kind: str,
    on: date,
    reason: str = "",
    *,
    after: date | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> None:
    """The checks the services make on a change (reason fits the event, date not in the future nor
    before ``after``, age 16 on joining), on plain values; ``ValidationError`` keyed ``reason`` / ``on``.

    The join, keep, leave, removal and transfer services apply the same rules (``_check_reason``,
    ``_check_date``, ``MINIMUM_AGE``); a bulk writer calls this once per row, passing ``today``
    (Asia/Shanghai) once read.
    """
    allowed = EVENT_REASONS[kind]
    if reason not in allowed:
        given = tuple(r for r in allowed if r)
        if not given:
            raise ValidationError({"reason": _("This change takes no change reason.")})
        _check_reason(reason, given)
    _check_date(on, after=after, today=today)
    if kind in (Kind.JOIN, Kind.TRANSFER_IN) and birth_date is not None:
        age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
        if age < MINIMUM_AGE:
            raise ValidationError({"on": _("A member must be at least 16 years old on joining.")})
