"""Member welfare's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

Every payout — entered on its page, through the API, from an approved batch or an imported file —
passes ``check_payouts`` (the one rule, ``rules.payout_refusals``) first. A refused payout writes
nothing; the attempt is recorded in the audit log (outcome denied) by ``payout_refusal_record``,
which the pages and the API call through ``entry.payout_enter``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.money import round_fen
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import workflow_start
from gonghui.members import selectors as member_selectors
from gonghui.members.models import Worker
from gonghui.welfare import rules
from gonghui.welfare.models import CapTable, Item, WelfareBatch, WelfareBatchLine, WelfarePayout, WelfareSetting
from gonghui.welfare.rules import Ledger, Proposed
from gonghui.welfare.workflows import BatchState

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome
AUDITED = ["union", "worker", "item", "festival", "form", "amount", "paid_on", "note"]


class PayoutRefused(ValidationError):
    """A payout the rule refused; ``reasons`` name the numbers."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(reasons)
        self.reasons = reasons


@dataclass(frozen=True)
class Checked:
    proposed: Proposed
    reasons: list[str]

    @property
    def ok(self) -> bool:
        return not self.reasons


def proposed_of(worker: Worker, *, item: str, festival: str, form: str, amount: Decimal, paid_on: date) -> Proposed:
    return Proposed(
        worker_id=worker.pk,
        worker_name=worker.name,
        item=item,
        festival=festival if item == Item.FESTIVAL else "",
        form=form,
        amount=round_fen(amount),
        paid_on=paid_on,
    )


def check_payouts(union: Union, proposals: list[Proposed], *, exclude_batch: int | None = None) -> list[Checked]:
    """Each payout of ``proposals`` through the rule, in order: a passing one counts in the next one's total."""
    caps = rules.caps_of(rules.table_in_force())
    ledger = Ledger(exclude_batch=exclude_batch)
    ledger.ensure((p.worker_id, p.paid_on.year) for p in proposals)
    members = rules.members_on_day(union, ((p.worker_id, p.paid_on) for p in proposals))
    checked = []
    for proposed in proposals:
        reasons = rules.payout_refusals(
            proposed,
            caps=caps,
            member_on_day=(proposed.worker_id, proposed.paid_on) in members,
            union_name=union.name,
            total_before=ledger.totals,
        )
        if not reasons:
            ledger.add(proposed)
        checked.append(Checked(proposed, reasons))
    return checked


@service(perm="welfare.change_welfaresetting")
def welfare_setting_change(*, actor: Actor, table: CapTable) -> WelfareSetting:
    """Choose the province's cap table the county applies (the county administrator)."""
    setting = WelfareSetting.objects.first() or WelfareSetting()
    before = str(setting.table) if setting.table_id else ""
    setting.table = table
    setting.changed_by = actor
    setting.save()
    audit_record(
        Action.UPDATE,
        object_repr=str(_("Welfare caps in force")),
        changes={"table": [before, str(table)]},
    )
    return setting


@service(perm="welfare.add_welfarepayout")
def payout_create(
    *,
    actor: Actor,
    union: Union,
    worker: Worker,
    item: str,
    form: str,
    amount: Decimal,
    paid_on: date,
    festival: str = "",
    note: str = "",
) -> WelfarePayout:
    """Record what ``union`` gave ``worker``; ``PayoutRefused`` (nothing written) when the rule refuses it."""
    check_scope(actor, union)
    if item == Item.FESTIVAL and not festival:
        raise ValidationError({"festival": _("Name the festival of a festival gift.")})
    proposed = proposed_of(worker, item=item, festival=festival, form=form, amount=amount, paid_on=paid_on)
    (checked,) = check_payouts(union, [proposed])
    if not checked.ok:
        raise PayoutRefused(checked.reasons)
    payout = WelfarePayout(
        union=union,
        worker=worker,
        item=item,
        festival=proposed.festival,
        form=form,
        amount=proposed.amount,
        paid_on=paid_on,
        note=note.strip(),
        recorded_by=actor,
    )
    payout.full_clean()
    payout.save()
    audit_record(Action.CREATE, obj=payout, changes=diff({}, snapshot(payout, AUDITED)))
    return payout


@service(perm="welfare.add_welfarepayout")
def payout_refusal_record(
    *, actor: Actor, union: Union, worker: Worker, item: str, amount: Decimal, reasons: list[str]
) -> AuditEvent:
    """Write a refused payout attempt to the audit log (outcome denied), and nothing else."""
    check_scope(actor, union)
    return audit_record(
        Action.CREATE,
        outcome=Outcome.DENIED,
        union=union,
        object_repr=f"{WelfarePayout._meta.verbose_name}: {worker.name} {Item(item).label} ¥{amount}"[:300],
        changes={"worker": worker.pk, "item": item, "amount": str(amount)},
        note="；".join(reasons)[:500],
    )


# --- Festival batches ------------------------------------------------------------------------------


def _batch_check(batch: WelfareBatch) -> int:
    """Check every line again with the rule; store each line's reasons; the number refused."""
    lines = list(batch.lines.select_related("worker").order_by("id"))
    proposals = [
        proposed_of(
            line.worker,
            item=batch.item,
            festival=batch.festival,
            form=batch.form,
            amount=line.amount,
            paid_on=batch.paid_on,
        )
        for line in lines
    ]
    refused = 0
    for line, checked in zip(lines, check_payouts(batch.union, proposals, exclude_batch=batch.pk), strict=True):
        refusal = "；".join(checked.reasons)[:500]
        refused += bool(refusal)
        if line.refusal != refusal:
            line.refusal = refusal
            line.save(update_fields=["refusal", "updated_at"])
    return refused


def _draft(batch: WelfareBatch) -> None:
    if batch.state != BatchState.DRAFT:
        raise ValidationError(_("Only a batch being made can be changed."))


@service(perm="welfare.add_welfarebatch")
def batch_create(
    *,
    actor: Actor,
    union: Union,
    title: str,
    festival: str,
    form: str,
    paid_on: date,
    amount: Decimal,
    item: str = Item.FESTIVAL,
) -> WelfareBatch:
    """A batch for ``union``'s members on ``paid_on``: one line of ``amount`` each, every line checked."""
    check_scope(actor, union)
    if item == Item.FESTIVAL and not festival:
        raise ValidationError({"festival": _("Name the festival of a festival gift.")})
    batch = WelfareBatch(
        union=union,
        title=title.strip(),
        item=item,
        festival=festival if item == Item.FESTIVAL else "",
        form=form,
        paid_on=paid_on,
        made_by=actor,
    )
    batch.full_clean()
    batch.save()
    with system_scope("a batch's member list: the current members of its union"):
        # The batch's union lies in the actor's subtree (checked above).
        workers = member_selectors.current_member_ids(union, paid_on)
    if not workers:
        raise ValidationError(_("%(union)s has no members on %(day)s.") % {"union": union, "day": paid_on})
    amount = round_fen(amount)
    WelfareBatchLine.objects.bulk_create(
        [WelfareBatchLine(union=union, batch=batch, worker_id=worker, amount=amount) for worker in workers]
    )
    refused = _batch_check(batch)
    workflow_start(actor=actor, obj=batch)
    audit_record(
        Action.CREATE,
        obj=batch,
        changes={"lines": [None, len(workers)], "refused": [None, refused], "amount": [None, str(amount)]},
    )
    return batch


@service(perm="welfare.change_welfarebatch")
def batch_line_update(*, actor: Actor, line: WelfareBatchLine, amount: Decimal) -> WelfareBatchLine:
    """Change one line's amount (the batch being made); every line is checked again."""
    check_scope(actor, line.union)
    _draft(line.batch)
    before = str(line.amount)
    line.amount = round_fen(amount)
    line.save(update_fields=["amount", "updated_at"])
    _batch_check(line.batch)
    audit_record(Action.UPDATE, obj=line.batch, changes={f"line {line.worker.name}": [before, str(line.amount)]})
    line.refresh_from_db()
    return line


@service(perm="welfare.change_welfarebatch")
def batch_line_remove(*, actor: Actor, line: WelfareBatchLine) -> WelfareBatch:
    """Take one member out of the batch being made."""
    check_scope(actor, line.union)
    batch = line.batch
    _draft(batch)
    audit_record(Action.UPDATE, obj=batch, changes={"removed": [line.worker.name, None]})
    line.delete()
    _batch_check(batch)
    return batch


@service(perm=None)  # the submit transition checked the role
def batch_check_for_submit(*, actor: Actor, batch: WelfareBatch) -> None:
    """Submit only a batch every line of which passes the rule."""
    refused = _batch_check(batch)
    if not batch.lines.exists():
        raise ValidationError(_("The batch has no lines."))
    if refused:
        raise ValidationError(
            ngettext(
                "%(count)d line is refused by the caps: change or remove it first.",
                "%(count)d lines are refused by the caps: change or remove them first.",
                refused,
            )
            % {"count": refused}
        )


@service(perm=None)  # the approve transition checked the role and that the approver is not the maker
def batch_approve(*, actor: Actor, batch: WelfareBatch) -> int:
    """Check every line once more (other payouts may have come since) and write the payouts."""
    batch_check_for_submit(actor=actor, batch=batch)
    lines = list(batch.lines.all())
    payouts = [
        WelfarePayout(
            union_id=batch.union_id,
            worker_id=line.worker_id,
            item=batch.item,
            festival=batch.festival,
            form=batch.form,
            amount=line.amount,
            paid_on=batch.paid_on,
            year=batch.paid_on.year,
            batch=batch,
            recorded_by=actor,
            note=batch.title,
        )
        for line in lines
    ]
    WelfarePayout.objects.bulk_create(payouts)
    batch.approved_by = actor
    batch.save(update_fields=["approved_by", "updated_at"])
    audit_record(
        Action.UPDATE,
        obj=batch,
        changes={"payouts": [None, len(payouts)], "total": [None, str(sum((p.amount for p in payouts), Decimal(0)))]},
    )
    return len(payouts)
