"""Test helpers: a certificate of township A (the victim), for the outsider tests."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gonghui.core.certificates.models import Certificate
from gonghui.core.certificates.numbers import new_number
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope


def victim_source(world: World) -> Any:
    """Township A's grassroots union, holding a certificate issued to it (made once)."""
    union = world.union_c
    with system_scope("the outsider test makes township A's certificate"):
        kind = ContentType.objects.get_for_model(type(union))
        if not Certificate.unscoped.filter(source_type=kind, source_id=union.pk).exists():  # unscoped: test set-up
            Certificate.objects.create(
                union=union,
                number=new_number(2026),
                title="先进职工之家",
                holder_name=f"{union.name}{MARKER}",
                issued_on=timezone.localdate(),
                source_type=kind,
                source_id=union.pk,
            )
    return union
