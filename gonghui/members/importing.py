"""The bulk write of the member sheet: workers, memberships and events for a batch of checked rows.

Called by ``MemberSheet.write_batch`` inside the import's one transaction, with the rows'
``Plan``s (``sheets.py``). Never a query per row: new rows go through the core bulk writer
(``core.demo.bulk``: SQLite multi-row ``INSERT``, PostgreSQL ``COPY``; Django's ``bulk_create``
spent most of the write preparing values), which takes primary keys before the INSERT so that
card numbers, memberships and events point at them without reading anything back, and does
what ``save()`` and ``pre_save`` would: encryption and blind indexes, ``last_seen_on``, the
search columns (``members/bulk.py``). ``bulk_update`` for the (few) changed records, their
derived columns by the same functions. The worker's keeping union and status come from the
plan. Member counts are refreshed once, in ``finish``, for the unions touched; the audit row
is the engine's one ``IMPORT`` row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import router

from gonghui.core.demo.bulk import BulkWriter, Row, derive, helper_wanted
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.models import Membership, MembershipEvent, Worker

if TYPE_CHECKING:
    from gonghui.core.sheets.engine import ImportRun
    from gonghui.members.sheets import Plan

UPDATE_BATCH = 250  # rows per UPDATE statement of ``bulk_update``
Status = Membership.Status
Kind = MembershipEvent.Kind
# Worker columns an update writes (phone columns separately: a masked phone keeps them).
UPDATE_FIELDS = [
    "name",
    "pinyin",
    "pinyin_initials",
    "name_grams",
    "ethnic_group_id",
    "employment_status_id",
    "education_id",
    "skill_level_id",
    "household_type_id",
    "political_status_id",
    "household_place",
    "native_place",
    "employer_id",
    "category",
    "union_id",
    "member_status",
    "card_number",
    "updated_at",
]
PHONE_FIELDS = ["phone", "phone_hash", "phone_last4"]


def _joins(plan: Plan) -> bool:
    return plan.change is not None and plan.change.op in ("join", "transfer")


def import_writer(run: ImportRun) -> BulkWriter:
    """The run's one bulk writer (one set of ids for the whole import), made on first use.

    A large import gets a helper process (``core.demo.bulk``): the values of batch n are prepared
    there while batch n - 1 is written here. ``finish_writes`` writes the last batch; the engine
    closes the writer when the run ends, however it ends.
    """
    writer = run.state.get("writer")
    if writer is None:
        writer = run.state["writer"] = BulkWriter(
            using=router.db_for_write(Worker), now=run.now, helper=helper_wanted(run.expected_rows)
        )
        run.closing.callback(writer.close)
    return writer


def finish_writes(run: ImportRun) -> None:
    """Write what the run's writer still holds (before anything reads what the import wrote)."""
    writer = run.state.get("writer")
    if writer is not None:
        writer.finish()


def write_plans(run: ImportRun, plans: list[Plan]) -> tuple[int, int]:
    """Write one batch (with a helper: hand it over and write the batch before); returns (created, updated)."""
    if not plans:
        return 0, 0
    state = run.state
    now = run.now
    touched: set[int] = state["touched"]
    recorded_by = run.actor.pk if getattr(run.actor, "pk", None) else None
    note = str(state["note"])[:300]
    writer = import_writer(run)
    with system_scope("an import writes the workers and memberships of the rows it checked"):
        workers: list[Any] = []  # in the order of ``plans``
        creates: list[Any] = []
        with_phone: list[Worker] = []
        keep_phone: list[Worker] = []
        for plan in plans:
            values = plan.values
            existing = plan.existing
            worker: Any
            if existing is None:
                # A plain row for the bulk writer (ids below, the search columns when written).
                worker = Row(union_id=plan.union_id, member_status=plan.member_status, card_number=None, **values)
                worker.phone = plan.phone
                creates.append(worker)
            else:
                worker = Worker(pk=existing.pk, union_id=plan.union_id, member_status=plan.member_status, **values)
                worker.card_number = values.get("card_number") or existing.card_number
                worker.updated_at = now
                if not plan.keep_phone:
                    worker.phone = plan.phone
                derive(Worker, worker)  # the search columns, as a new worker's
                if plan.keep_phone:
                    keep_phone.append(worker)
                else:
                    worker.refresh_blind_indexes()
                    with_phone.append(worker)
                if worker.card_number is None and _joins(plan):
                    worker.card_number = services.default_card_number(existing.pk, plan.change.on)  # type: ignore[union-attr]
            workers.append(worker)
        if creates:
            # Ids first, so that the card numbers go into the INSERT (updating them afterwards
            # rewrote every row and its indexes: +70 % of the write).
            for worker, pk in zip(creates, writer.ids.take(Worker, len(creates)), strict=True):
                worker.id = pk
            for plan, worker in zip(plans, workers, strict=True):
                if plan.existing is None and _joins(plan):
                    worker.card_number = services.default_card_number(worker.id, plan.change.on)  # type: ignore[union-attr]
            writer.add_all(Worker, creates)
        if with_phone:
            # unscoped: the import writes the workers of the subtree it checked
            Worker.unscoped.bulk_update(with_phone, UPDATE_FIELDS + PHONE_FIELDS, batch_size=UPDATE_BATCH)
        if keep_phone:
            # unscoped: the import writes the workers of the subtree it checked
            Worker.unscoped.bulk_update(keep_phone, UPDATE_FIELDS, batch_size=UPDATE_BATCH)
        _write_memberships(writer, plans, workers, note=note, recorded_by=recorded_by, touched=touched)
        writer.flush()
    return len(creates), len(plans) - len(creates)


def _write_memberships(
    writer: BulkWriter, plans: list[Plan], workers: list[Any], *, note: str, recorded_by: int | None, touched: set[int]
) -> None:
    ended: list[Membership] = []  # status changes and the old side of transfers
    new: list[tuple[Plan, Any, Any]] = []
    events: list[Any] = []
    transfers = [p.change.membership.pk for p in plans if p.change is not None and p.change.op == "transfer"]  # type: ignore[union-attr]
    carried = (
        {
            pk: (dues, activity)
            # unscoped: a transfer carries dues and activity from a membership elsewhere
            for pk, dues, activity in Membership.unscoped.filter(pk__in=transfers).values_list(
                "pk", "last_dues_on", "last_activity_on"
            )
        }
        if transfers
        else {}
    )
    for plan, worker in zip(plans, workers, strict=True):
        change = plan.change
        if change is None:
            continue
        touched.add(change.union_id)
        old = change.membership
        if change.op == "status":
            assert old is not None
            current = change.target in Membership.CURRENT
            ended.append(
                Membership(
                    pk=old.pk,
                    status=change.target,
                    ended_on=None if current else change.on,
                    end_reason=change.reason,
                    updated_at=writer.now,
                )
            )
            events.append(
                Row(
                    membership_id=old.pk,
                    worker_id=worker.id,
                    union_id=old.union_id,
                    counterpart_union_id=None,
                    kind=change.kind,
                    on=change.on,
                    reason=change.reason,
                    note=note,
                    recorded_by_id=recorded_by,
                )
            )
            continue
        dues = activity = None
        if change.op == "transfer":
            assert old is not None
            touched.add(old.union_id)
            ended.append(
                Membership(
                    pk=old.pk,
                    status=Status.TRANSFERRED_OUT,
                    ended_on=change.on,
                    end_reason=change.reason,
                    updated_at=writer.now,
                )
            )
            events.append(
                Row(
                    membership_id=old.pk,
                    worker_id=worker.id,
                    union_id=old.union_id,
                    kind=Kind.TRANSFER_OUT,
                    on=change.on,
                    reason=change.reason,
                    note=note,
                    counterpart_union_id=change.union_id,
                    recorded_by_id=recorded_by,
                )
            )
            dues, activity = carried.get(old.pk, (None, None))
        membership = Row(
            worker_id=worker.id,
            union_id=change.union_id,
            employer_id=plan.values["employer_id"],
            status=Status.ACTIVE,
            joined_on=change.on,
            transferred_from_id=old.pk if change.op == "transfer" and old is not None else None,
            last_dues_on=dues,
            last_activity_on=activity,
        )
        new.append((plan, worker, membership))
    if ended:
        # Before the new ones: one current membership per worker (the partial unique index).
        # unscoped: the import ends the memberships its transfers replace, wherever they are
        Membership.unscoped.bulk_update(ended, ["status", "ended_on", "end_reason", "updated_at"], batch_size=250)
    if new:
        for _plan, _worker, membership in new:
            writer.add(Membership, membership)
        for plan, worker, membership in new:
            change = plan.change
            assert change is not None
            counterpart = change.membership.union_id if change.op == "transfer" and change.membership else None
            events.append(
                Row(
                    membership_id=membership.id,
                    worker_id=worker.id,
                    union_id=membership.union_id,
                    kind=Kind.TRANSFER_IN if change.op == "transfer" else change.kind,
                    on=change.on,
                    reason=change.reason,
                    note=note,
                    counterpart_union_id=counterpart,
                    recorded_by_id=recorded_by,
                )
            )
    writer.add_all(MembershipEvent, events, with_id=False)
