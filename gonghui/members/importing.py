"""The bulk write of the member sheet: workers, memberships and events for a batch of checked rows.

Called by ``MemberSheet.write_batch`` inside the import's one transaction, with the rows'
``Plan``s (``sheets.py``). Never a query per row: one multi-row ``INSERT`` per 250 rows and table (raw:
Django's ``bulk_create`` spent most of the write preparing values), with primary keys taken
before the INSERT (``_allocate_ids``) so that card numbers, memberships and events point at
them without reading anything back; ``bulk_update`` for the (few) changed records. What
``save()`` and ``pre_save`` would do is done here: encryption and blind indexes, ``last_seen_on``,
the search columns, the worker's keeping union and status. Member
counts are refreshed once, in ``finish``, for the unions touched; the audit row is the engine's
one ``IMPORT`` row.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.db import connections, router

from gonghui.core.privacy import crypto
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.models import Membership, MembershipEvent, Worker, last_seen

if TYPE_CHECKING:
    from gonghui.core.sheets.engine import ImportRun
    from gonghui.members.sheets import Plan

INSERT_BATCH = 250  # rows per INSERT (FACTS.md: 100–250 is fastest)
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


def write_plans(run: ImportRun, plans: list[Plan]) -> tuple[int, int]:
    """Write one batch; returns (workers created, workers updated)."""
    if not plans:
        return 0, 0
    state = run.state
    now = run.now
    touched: set[int] = state["touched"]
    recorded_by = run.actor.pk if getattr(run.actor, "pk", None) else None
    note = str(state["note"])[:300]
    with system_scope("an import writes the workers and memberships of the rows it checked"):
        workers: list[Any] = []  # in the order of ``plans``
        creates: list[Any] = []
        with_phone: list[Worker] = []
        keep_phone: list[Worker] = []
        for plan in plans:
            values = plan.values
            existing = plan.existing
            search = services.worker_search_fields(values["name"], plan.phone)
            worker: Any
            if existing is None:
                worker = SimpleNamespace(  # a plain row: the insert is raw (``_insert_workers``)
                    pk=None,
                    union_id=plan.union_id,
                    member_status=plan.member_status,
                    phone=plan.phone,
                    card_number=None,
                    **values,
                    **search,
                )
                creates.append(worker)
            else:
                worker = Worker(pk=existing.pk, union_id=plan.union_id, member_status=plan.member_status, **values)
                worker.card_number = values.get("card_number") or existing.card_number
                worker.updated_at = now
                for key in ("pinyin", "pinyin_initials", "name_grams"):
                    setattr(worker, key, search[key])
                if plan.keep_phone:
                    keep_phone.append(worker)
                else:
                    worker.phone = plan.phone
                    worker.phone_hash = crypto.blind_index("phone", plan.phone)
                    worker.phone_last4 = search["phone_last4"]
                    with_phone.append(worker)
                if worker.card_number is None and _joins(plan):
                    worker.card_number = services.default_card_number(existing.pk, plan.change.on)  # type: ignore[union-attr]
            workers.append(worker)
        if creates:
            _insert_workers(creates, plans, workers, state["hashes"], now=now)
        if with_phone:
            Worker.unscoped.bulk_update(with_phone, UPDATE_FIELDS + PHONE_FIELDS, batch_size=INSERT_BATCH)
        if keep_phone:
            Worker.unscoped.bulk_update(keep_phone, UPDATE_FIELDS, batch_size=INSERT_BATCH)
        _write_memberships(plans, workers, now=now, note=note, recorded_by=recorded_by, touched=touched)
    return len(creates), len(plans) - len(creates)


def _write_memberships(
    plans: list[Plan], workers: list[Any], *, now: Any, note: str, recorded_by: int | None, touched: set[int]
) -> None:
    ended: list[Membership] = []  # status changes and the old side of transfers
    new: list[tuple[Plan, Any, Any]] = []
    events: list[Any] = []
    transfers = [p.change.membership.pk for p in plans if p.change is not None and p.change.op == "transfer"]  # type: ignore[union-attr]
    carried = (
        {
            pk: (dues, activity)
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
                    updated_at=now,
                )
            )
            events.append(
                SimpleNamespace(
                    membership_id=old.pk,
                    worker_id=worker.pk,
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
                    updated_at=now,
                )
            )
            events.append(
                SimpleNamespace(
                    membership_id=old.pk,
                    worker_id=worker.pk,
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
        membership = SimpleNamespace(
            pk=None,
            worker_id=worker.pk,
            union_id=change.union_id,
            employer_id=plan.values["employer_id"],
            status=Status.ACTIVE,
            joined_on=change.on,
            transferred_from_id=old.pk if change.op == "transfer" and old is not None else None,
            last_dues_on=dues,
            last_activity_on=activity,
            last_seen_on=last_seen(change.on, dues, activity),
        )
        new.append((plan, worker, membership))
    if ended:
        # Before the new ones: one current membership per worker (the partial unique index).
        Membership.unscoped.bulk_update(ended, ["status", "ended_on", "end_reason", "updated_at"], batch_size=250)
    if new:
        _insert_memberships([m for _p, _w, m in new], now=now)
        for plan, worker, membership in new:
            change = plan.change
            assert change is not None
            counterpart = change.membership.union_id if change.op == "transfer" and change.membership else None
            events.append(
                SimpleNamespace(
                    membership_id=membership.pk,
                    worker_id=worker.pk,
                    union_id=membership.union_id,
                    kind=Kind.TRANSFER_IN if change.op == "transfer" else change.kind,
                    on=change.on,
                    reason=change.reason,
                    note=note,
                    counterpart_union_id=counterpart,
                    recorded_by_id=recorded_by,
                )
            )
    if events:
        _insert_events(events, now=now)


# --- raw inserts: Django's bulk_create prepares every value of every object through its field
# (~60 % of a 100,000-row import's time); these build the rows directly, in the same units
# (``connection.ops`` adapts dates and times; the personal fields encrypt as ``pre_save`` would).


def _connection() -> Any:
    return connections[router.db_for_write(Worker)]


def _allocate_ids(model: type[Any], count: int) -> list[int]:
    """``count`` new primary keys of ``model``, taken before the INSERT so that rows can point at them.

    PostgreSQL: from the table's sequence. SQLite: above both the highest id and the
    AUTOINCREMENT sequence (an id is never reused); safe because an import's transaction is
    ``BEGIN IMMEDIATE`` (``transaction_mode`` in settings): no other connection writes until it
    commits, and the INSERT moves the sequence past the ids used.
    """
    connection = _connection()
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [pk for (pk,) in cursor.fetchall()]
        if not connection.in_atomic_block or connection.settings_dict["OPTIONS"].get("transaction_mode") != "IMMEDIATE":
            raise RuntimeError("ids are allocated inside an import's BEGIN IMMEDIATE transaction only")
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote('id')}) FROM {quote(table)}")  # noqa: S608 (the model's table)
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
    return list(range(start, start + count))


def _executemany(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows``, ``INSERT_BATCH`` rows per multi-row ``VALUES`` statement.

    Not ``cursor.executemany``: on PostgreSQL that is one round trip per row (130 s for 280,000
    rows here); a multi-row statement is one per 250 rows on both databases.
    """
    if not rows:
        return
    connection = _connection()
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    full = None
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            chunk = rows[start : start + INSERT_BATCH]
            if len(chunk) == INSERT_BATCH:
                # Table and column names are this module's constants, quoted; every value is a parameter.
                full = full or f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([one] * INSERT_BATCH)}"  # noqa: S608
                sql = full
            else:
                sql = f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


def _adapters() -> tuple[Any, Any]:
    """(date → database value, now → database value) of the write connection, looked up once a batch."""
    ops = _connection().ops
    return ops.adapt_datefield_value, ops.adapt_datetimefield_value


WORKER_COLUMNS = [
    "id",
    "union_id",
    "name",
    "pinyin",
    "pinyin_initials",
    "name_grams",
    "id_number",
    "id_number_hash",
    "sex",
    "birth_date",
    "ethnic_group_id",
    "education_id",
    "skill_level_id",
    "household_type_id",
    "household_place",
    "native_place",
    "phone",
    "phone_hash",
    "phone_last4",
    "employer_id",
    "employment_status_id",
    "category",
    "political_status_id",
    "card_number",
    "member_status",
    "created_at",
    "updated_at",
]


def _insert_workers(
    creates: list[Any], plans: list[Plan], workers: list[Any], hashes: dict[str, str], *, now: Any
) -> None:
    """Insert new workers with ids taken first (``_allocate_ids``), so card numbers go into the
    INSERT (updating them afterwards rewrote every row and its indexes: +70 % of the write)."""
    ring = crypto.keyring()
    id_aad = Worker._meta.get_field("id_number").associated_data  # type: ignore[attr-defined]
    phone_aad = Worker._meta.get_field("phone").associated_data  # type: ignore[attr-defined]
    day, moment = _adapters()
    stamp = moment(now)
    for worker, pk in zip(creates, _allocate_ids(Worker, len(creates)), strict=True):
        worker.pk = pk
    for plan, worker in zip(plans, workers, strict=True):
        if plan.existing is None and worker.card_number is None and _joins(plan):
            worker.card_number = services.default_card_number(worker.pk, plan.change.on)  # type: ignore[union-attr]
    rows = []
    for worker in creates:
        # The values are canonical already (the sheet normalised them): encrypt and hash as the
        # personal fields' ``get_prep_value`` and ``pre_save`` would.
        number = worker.id_number
        phone = worker.phone
        worker.id_number_hash = hashes.get(number) or crypto.blind_index("id_number", number, ring=ring)
        worker.phone_hash = crypto.blind_index("phone", phone, ring=ring) if phone else None
        rows.append(
            (
                worker.pk,
                worker.union_id,
                worker.name,
                worker.pinyin,
                worker.pinyin_initials,
                worker.name_grams,
                crypto.encrypt(crypto.normalise("id_number", number), id_aad, ring=ring),
                worker.id_number_hash,
                worker.sex,
                day(worker.birth_date),
                worker.ethnic_group_id,
                worker.education_id,
                worker.skill_level_id,
                worker.household_type_id,
                worker.household_place,
                worker.native_place,
                crypto.encrypt(crypto.normalise("phone", phone), phone_aad, ring=ring) if phone else None,
                worker.phone_hash,
                worker.phone_last4,
                worker.employer_id,
                worker.employment_status_id,
                worker.category,
                worker.political_status_id,
                worker.card_number,
                worker.member_status,
                stamp,
                stamp,
            )
        )
    _executemany(Worker._meta.db_table, WORKER_COLUMNS, rows)


MEMBERSHIP_COLUMNS = [
    "id",
    "worker_id",
    "union_id",
    "employer_id",
    "status",
    "joined_on",
    "ended_on",
    "end_reason",
    "transferred_from_id",
    "last_dues_on",
    "last_activity_on",
    "last_seen_on",
    "created_at",
    "updated_at",
]


def _insert_memberships(memberships: list[Any], *, now: Any) -> None:
    """Insert new (active) memberships with ids taken first."""
    day, moment = _adapters()
    stamp = moment(now)

    def on(value: Any) -> Any:
        return None if value is None else day(value)

    for membership, pk in zip(memberships, _allocate_ids(Membership, len(memberships)), strict=True):
        membership.pk = pk
    rows = [
        (
            m.pk,
            m.worker_id,
            m.union_id,
            m.employer_id,
            m.status,
            on(m.joined_on),
            None,
            "",
            m.transferred_from_id,
            on(m.last_dues_on),
            on(m.last_activity_on),
            on(m.last_seen_on),
            stamp,
            stamp,
        )
        for m in memberships
    ]
    _executemany(Membership._meta.db_table, MEMBERSHIP_COLUMNS, rows)


EVENT_COLUMNS = [
    "membership_id",
    "worker_id",
    "union_id",
    "kind",
    "on",
    "reason",
    "counterpart_union_id",
    "note",
    "recorded_by_id",
    "created_at",
]


def _insert_events(events: list[Any], *, now: Any) -> None:
    day, moment = _adapters()
    stamp = moment(now)
    rows = [
        (
            e.membership_id,
            e.worker_id,
            e.union_id,
            e.kind,
            day(e.on),
            e.reason,
            e.counterpart_union_id,
            e.note,
            e.recorded_by_id,
            stamp,
        )
        for e in events
    ]
    _executemany(MembershipEvent._meta.db_table, EVENT_COLUMNS, rows)
