"""Assistance's audit rows belong to the union of the object they record, whoever acts.

A township's staff opening a file for a grassroots union's household, or the county's batch
granting to it, write rows that union's audit administrator sees, not rows filed under the
actor's own union.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gonghui.assistance import services
from gonghui.assistance.models import Grant
from gonghui.assistance.tests import factories as f
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def line(db: Any) -> None:
    f.standard()


def rows(model: str, pk: int, action: str) -> list[AuditEvent]:
    return list(AuditEvent.unscoped.filter(object_type=f"assistance.{model}", object_id=str(pk), action=action))


def test_a_file_opened_and_changed_by_township_staff_is_recorded_under_the_files_union(world: World) -> None:
    file = f.open_file(world, actor=world.bob)  # Bob's township keeps Carol's union
    services.file_update(actor=world.bob, file=file, medical_costs=Decimal("100"))
    services.file_viewed(actor=world.bob, file=file)
    for action in ("create", "update", "view_personal"):
        (row,) = rows("hardshipfile", file.pk, action)
        assert (row.actor_id, row.union_id) == (world.bob.pk, world.union_c.pk)


def test_a_county_batchs_grant_is_recorded_under_the_households_union(world: World) -> None:
    file = f.filed_file(world)
    programme = f.program(world)
    batch = f.batch(world, programme, [file], maker=world.ann, union=world.county)
    (grant,) = Grant.unscoped.filter(disbursement=batch)
    (created,) = rows("grant", grant.pk, "create")
    assert created.union_id == world.union_c.pk  # the grant's union, not the batch's (the county)
    (batch_row,) = rows("disbursement", batch.pk, "create")
    assert batch_row.union_id == world.county.pk
    services.grant_remove(actor=world.ann, grant=grant)
    (removed,) = rows("grant", grant.pk, "delete")
    assert removed.union_id == world.union_c.pk
