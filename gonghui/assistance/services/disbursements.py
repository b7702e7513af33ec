"""Disbursement batches: their grants, their problems and the batch workflow's effects."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.assistance.classification import Category
from gonghui.assistance.models import Disbursement, Grant, GuardianConsent, HardshipFile, HouseholdMember, Program
from gonghui.assistance.services.common import _today
from gonghui.assistance.services.grants import Problem, _batch_day, education_amount, grant_problems
from gonghui.assistance.workflows import BatchState, FileState
from gonghui.core.audit.services import Action, audit_record
from gonghui.core.money import yuan
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.workflow.services import workflow_start


@service(perm="assistance.add_disbursement")
def disbursement_create(*, actor: Actor, program: Program, union: Union, title: str = "") -> Disbursement:
    if actor is not None:
        from gonghui.assistance.selectors import get_program_for_user

        program = get_program_for_user(actor, program.pk)  # the county's programmes serve the unions below
    check_scope(actor, union)
    batch = Disbursement(
        program=program,
        union=union,
        title=(title or "").strip() or f"{program.name} {union.name}",
        number=f"tmp-{secrets.token_hex(6)}",
        made_by=actor,
    )
    batch.full_clean(exclude=["number", "state", "made_by"])
    batch.save()
    batch.number = f"FF{program.year}{batch.pk:05d}"
    Disbursement.unscoped.filter(pk=batch.pk).update(number=batch.number)  # unscoped: the batch just saved
    audit_record(Action.CREATE, obj=batch, changes={"program": [None, program.pk], "union": [None, union.pk]})
    workflow_start(actor=actor, obj=batch)
    return batch


def _editable_batch(actor: Actor, batch: Disbursement) -> Disbursement:
    batch = Disbursement.objects.select_for_update().select_related("program", "union").get(pk=batch.pk)
    check_scope(actor, batch.union)
    if batch.state != BatchState.DRAFT:
        raise ValidationError(_("Only a batch being made can change: return it to the maker first."), code="state")
    return batch


@service(perm="assistance.change_disbursement")
def grant_add(
    *,
    actor: Actor,
    batch: Disbursement,
    file: HardshipFile,
    amount: Decimal | None = None,
    student: HouseholdMember | None = None,
    goods: str = "",
) -> Grant:
    """Add one household to a batch being made; blocking problems refuse it at once."""
    batch = _editable_batch(actor, batch)
    file = HardshipFile.objects.select_related("worker", "union").get(pk=file.pk)
    if not file.union.path.startswith(batch.union.path):
        raise ValidationError(
            {"file": _("The household is not kept by a union under %(union)s.") % {"union": batch.union.name}}
        )
    if Grant.unscoped.filter(disbursement=batch, file=file).exists():  # unscoped: the batch's grants, all unions
        raise ValidationError({"file": _("The household is already in this batch.")})
    program = batch.program
    if student is not None:
        student = HouseholdMember.objects.get(pk=student.pk)
    blocking = [
        p.message
        for p in grant_problems(file=file, program=program, student=student, on=_batch_day(batch), batch=batch)
        if p.blocking
    ]
    if blocking:
        raise ValidationError({"file": blocking})
    if amount is None:
        amount = (
            education_amount(program, file=file, student=student)
            if program.kind == Program.Kind.EDUCATION
            else program.default_amount
        )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Give an amount of more than zero.")})
    grant = Grant.objects.create(
        disbursement=batch,
        union=file.union,
        file=file,
        kind=program.kind,
        year=program.year,
        amount=amount,
        student=student,
        goods=goods.strip(),
    )
    audit_record(
        Action.CREATE,
        obj=grant,
        changes={"file": [None, file.number], "amount": [None, str(amount)]},
    )
    return grant


@service(perm="assistance.change_disbursement")
def grants_add_eligible(*, actor: Actor, batch: Disbursement, categories: Iterable[str] = (Category.DEEP,)) -> int:
    """Add every filed household under the batch's union in ``categories`` that may receive this grant."""
    added = 0
    batch = _editable_batch(actor, batch)
    program = batch.program
    if program.kind == Program.Kind.EDUCATION:
        raise ValidationError(_("Education grants name a student: add them one by one."))
    if program.default_amount <= 0:
        raise ValidationError(_("Set the programme's default amount first."))
    # unscoped: the batch's grants, whichever union keeps their households
    in_batch = set(Grant.unscoped.filter(disbursement=batch).values_list("file_id", flat=True))
    with system_scope("one grant of a kind a year: checked across the county"):
        granted = set(
            # unscoped: one grant of a kind a year, whichever union proposed the other
            Grant.unscoped.filter(kind=program.kind, year=program.year)
            .exclude(disbursement__state=BatchState.CANCELLED)
            .values_list("file_id", flat=True)
        )
    candidates = (
        HardshipFile.objects.filter(subtree_q("union__path", batch.union.path))
        .filter(state=FileState.FILED, excluded=False, category__in=list(categories))
        .exclude(pk__in=in_batch | granted)
        .order_by("id")
    )
    rows = [
        Grant(
            disbursement=batch,
            union_id=union_id,
            file_id=file_id,
            kind=program.kind,
            year=program.year,
            amount=program.default_amount,
        )
        for file_id, union_id in candidates.values_list("id", "union_id")
    ]
    Grant.objects.bulk_create(rows, batch_size=500)
    added = len(rows)
    if added:
        audit_record(Action.UPDATE, obj=batch, note=f"{added} households added ({','.join(categories)})")
    return added


@service(perm="assistance.change_disbursement")
def grant_remove(*, actor: Actor, grant: Grant) -> None:
    grant = Grant.objects.select_related("disbursement").get(pk=grant.pk)
    _editable_batch(actor, grant.disbursement)  # locked; refused unless the batch is being made
    audit_record(
        Action.DELETE,
        obj=grant,
        changes={"file": [grant.file_id, None], "amount": [str(grant.amount), None]},
    )
    grant.delete()


# The encrypted columns a batch's pages and checks never show.
SECRETS_OF_GRANT = (
    "file__bank_account",
    "file__worker__id_number",
    "file__worker__phone",
    "student__id_number",
)


def disbursement_problems(batch: Disbursement) -> list[Problem]:
    """Every problem of every grant in the batch, checked against every other grant of the county.

    Three queries whatever the batch's size: its grants with their households, the other grants
    of the same kind and year to those households, and the guardians' consents of its students.
    """
    problems: list[Problem] = []
    program = batch.program
    on = _batch_day(batch)
    with system_scope("batch checks read the files behind the grants"):
        grants = list(
            # unscoped: every grant of the batch, whichever union keeps the household
            Grant.unscoped.filter(disbursement=batch)
            .select_related("file", "file__worker", "student")
            .defer(*SECRETS_OF_GRANT)  # not needed for the checks: no decryption per row
            .order_by("id")
        )
        file_ids = {grant.file_id for grant in grants if grant.file_id is not None}
        others: dict[int, list[Grant]] = defaultdict(list)
        for other in (
            # unscoped: one grant of a kind a year, whichever union proposed the other
            Grant.unscoped.filter(file_id__in=file_ids, kind=program.kind, year=program.year)
            .exclude(disbursement=batch)
            .exclude(disbursement__state=BatchState.CANCELLED)
            .select_related("disbursement", "disbursement__union")
            .order_by("-counted", "id")
        ):
            others[other.file_id].append(other)  # type: ignore[index]
        students = {grant.student_id for grant in grants if grant.student_id is not None}
        consented = set(GuardianConsent.objects.filter(member_id__in=students).values_list("member_id", flat=True))
        files_seen: set[int | None] = set()
        for grant in grants:
            if grant.file is None:
                problems.append(Problem(grant.pk, None, _("A grant without a household (purged file)."), True))
                continue
            if grant.file_id in files_seen:
                problems.append(Problem(grant.pk, grant.file_id, _("The household appears twice in the batch."), True))
            files_seen.add(grant.file_id)
            problems.extend(
                grant_problems(
                    file=grant.file,
                    program=program,
                    student=grant.student,
                    on=on,
                    grant_id=grant.pk,
                    batch=batch,
                    others=others.get(grant.file_id, []),  # type: ignore[arg-type]
                    consented=grant.student_id in consented,
                )
            )
            if grant.amount <= 0:
                problems.append(Problem(grant.pk, grant.file_id, _("An amount must be more than zero."), True))
    return problems


def _refuse_blocking(batch: Disbursement) -> None:
    problems = disbursement_problems(batch)
    blocking = [p.message for p in problems if p.blocking]
    if blocking:
        raise ValidationError(blocking, code="grant_problems")


def budget_used(program: Program, *, exclude_batch: Disbursement | None = None) -> Decimal:
    with system_scope("a programme's budget counts every union's approved grants"):
        # unscoped: the budget is spent by every union's approved grants
        grants = Grant.unscoped.filter(disbursement__program=program, counted=True)
        if exclude_batch is not None:
            grants = grants.exclude(disbursement=exclude_batch)
        return grants.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def disbursement_validate_for_step(*, batch: Disbursement) -> None:
    if not Grant.unscoped.filter(disbursement=batch).exists():  # unscoped: the batch's own grants
        raise ValidationError(_("The batch has no grants."), code="empty")
    _refuse_blocking(batch)


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def disbursement_record_checker(*, actor: Actor, batch: Disbursement) -> None:
    disbursement_validate_for_step(batch=batch)
    batch.checked_by = actor
    batch.save(update_fields=["checked_by", "updated_at"])


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def disbursement_approve(*, actor: Actor, batch: Disbursement) -> None:
    """Count the batch's grants: refused if any household already has (or is getting) the same grant."""
    disbursement_validate_for_step(batch=batch)
    # Pending grants of other batches (not approved yet) do not count; approved ones do, and the
    # partial unique index settles two approvals racing each other.
    program = batch.program
    # unscoped: the batch's own grants, whichever union keeps the households
    total = Grant.unscoped.filter(disbursement=batch).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    used = budget_used(program, exclude_batch=batch)
    if program.budget and used + total > program.budget:
        raise ValidationError(
            _(
                "The batch (%(total)s) would take the programme over its budget: "
                "%(used)s of %(budget)s already approved."
            )
            % {
                "total": yuan(total),
                "used": yuan(used),
                "budget": yuan(program.budget),
            },
            code="budget",
        )
    try:
        with transaction.atomic():
            Grant.unscoped.filter(disbursement=batch).update(counted=True)  # unscoped: the batch's own grants
    except IntegrityError:
        _refuse_blocking(batch)
        raise ValidationError(
            _("Another batch was approved meanwhile with the same households."), code="race"
        ) from None
    batch.approved_by = actor
    batch.save(update_fields=["approved_by", "updated_at"])


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def disbursement_pay(*, actor: Actor, batch: Disbursement, data: dict[str, Any]) -> None:
    paid_on = data.get("paid_on") or _today()
    if paid_on > _today():
        raise ValidationError({"paid_on": _("The date lies in the future.")})
    batch.paid_on = paid_on
    batch.save(update_fields=["paid_on", "updated_at"])


@service(perm=None)  # a record of what the actor saw: the page checked the permission to see it
def disbursement_viewed_export(*, actor: Actor, batch: Disbursement, what: str) -> None:
    """Record that a batch's personal data left the system (signature sheet, bank file)."""
    audit_record(Action.EXPORT, obj=batch, note=what)
