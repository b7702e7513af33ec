"""Loading the reference files into their tables: one transaction, upsert by code, never delete.

``reference_plan()`` reads and checks every file and works out what a load would change;
``reference_load()`` applies that plan. A load that changes nothing writes nothing (no
rows touched, no load record, no audit row), so running it twice is harmless.

Only the operator runs it (``gonghui loadreference``, the demo step); no page does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.reference import selectors
from gonghui.core.reference.files import ReferenceFileError, Row, read_kind, source_path
from gonghui.core.reference.kinds import KINDS, Kind
from gonghui.core.reference.models import Entry, ReferenceLoad

BATCH_SIZE = 500


@dataclass
class KindPlan:
    """What a load does to one kind: codes to create, fields to update per code, codes to deactivate."""

    kind: Kind
    path: Path
    rows: int
    create: list[Entry] = field(default_factory=list)
    update: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    deactivate: list[str] = field(default_factory=list)
    reordered: int = 0
    _changed_objects: list[Entry] = field(default_factory=list, repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.create or self.update or self.deactivate or self.reordered)

    def counts(self) -> dict[str, int]:
        return {"created": len(self.create), "updated": len(self.update), "deactivated": len(self.deactivate)}


@dataclass
class LoadReport:
    """The plan of every kind, and the load record if it was applied and changed something."""

    kinds: list[KindPlan]
    load: ReferenceLoad | None = None

    @property
    def changed(self) -> bool:
        return any(plan.changed for plan in self.kinds)

    def summary(self) -> dict[str, dict[str, int]]:
        return {plan.kind.key: plan.counts() for plan in self.kinds}


def reference_plan(*, data_dir: Path | None = None) -> LoadReport:
    """Read and check every file, and compare it with the tables; write nothing.

    Raises ``ReferenceFileError`` listing the problems of every file at once.
    """
    parsed: list[tuple[Kind, Path, list[Row]]] = []
    problems: list[str] = []
    for kind in KINDS.values():
        path = source_path(kind, data_dir)
        try:
            parsed.append((kind, path, read_kind(kind, path)))
        except ReferenceFileError as exc:
            problems += exc.problems
    if problems:
        raise ReferenceFileError(problems)
    return LoadReport([_plan_kind(kind, path, rows) for kind, path, rows in parsed])


def _plan_kind(kind: Kind, path: Path, rows: list[Row]) -> KindPlan:
    plan = KindPlan(kind=kind, path=path, rows=len(rows))
    existing = {obj.pk: obj for obj in kind.model.objects.all()}
    for position, row in enumerate(rows, start=1):
        values = row.values(kind, position)
        obj = existing.get(row.code)
        if obj is None:
            plan.create.append(kind.model(code=row.code, **values))
            continue
        changes = {name: (getattr(obj, name), value) for name, value in values.items() if getattr(obj, name) != value}
        if changes:
            for name, (_old, new) in changes.items():
                setattr(obj, name, new)
            plan._changed_objects.append(obj)
            # A row inserted or removed moves every later row: written, but not reported as an update.
            changes.pop("position", None)
            if changes:
                plan.update[row.code] = changes
            else:
                plan.reordered += 1
    in_file = {row.code for row in rows}
    plan.deactivate = sorted(code for code, obj in existing.items() if obj.active and code not in in_file)
    return plan


@transaction.atomic
def reference_load(*, actor: Any = None, data_dir: Path | None = None) -> LoadReport:
    """Load every reference file: create new codes, update changed ones, deactivate missing ones.

    ``actor`` is the user the load is recorded for (``None``: the operator's command line).
    Clears this process's lookup caches; other processes see the change within
    ``selectors.VERSION_CHECK_SECONDS``.
    """
    report = reference_plan(data_dir=data_dir)
    if not report.changed:
        return report
    now = timezone.now()
    for plan in report.kinds:
        model = plan.kind.model
        if plan.create:
            model.objects.bulk_create(plan.create, batch_size=BATCH_SIZE)
        if plan._changed_objects:
            fields = sorted({"position"} | {name for changes in plan.update.values() for name in changes})
            for obj in plan._changed_objects:
                obj.updated_at = now  # type: ignore[attr-defined]
            model.objects.bulk_update(plan._changed_objects, [*fields, "updated_at"], batch_size=BATCH_SIZE)
        if plan.deactivate:
            model.objects.filter(pk__in=plan.deactivate).update(active=False, updated_at=now)
    report.load = ReferenceLoad.objects.create(actor=actor, summary=report.summary())
    changed = {key: counts for key, counts in report.summary().items() if any(counts.values())}
    audit_record(
        Action.IMPORT,
        obj=report.load,
        actor=actor,
        note="reference data: "
        + "; ".join(f"{key} +{c['created']} ~{c['updated']} -{c['deactivated']}" for key, c in sorted(changed.items())),
    )
    # Now for this process (reads later in this transaction see the new rows), and again
    # after commit, in case something cached the old rows in between.
    selectors.clear_cache()
    transaction.on_commit(selectors.clear_cache)
    return report
