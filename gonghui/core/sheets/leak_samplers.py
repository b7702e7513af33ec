"""Leak-walker samplers for the pipeline: an import of Carol's, in township A's subtree."""

from __future__ import annotations

import uuid

from gonghui.core.sheets.models import SheetImport
from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World

# Fixed, so the sampler is idempotent across calls and test databases.
CAROL_IMPORT_ID = uuid.UUID("7f3a1c00-0000-4000-8000-0000005ee7f3")

# A sheet kind names no object: a 2xx for it is the intruder's own data (their own scope).
leakwalker.NON_OBJECT_PARAMETERS.add("sheet_kind")


@leakwalker.enumerated("sheet_kind")
def _every_sheet_kind() -> list[str]:
    """Every registered kind is walked (import, template, export): every list's export proven scoped."""
    from gonghui.core.sheets.specs import REGISTRY

    return sorted(REGISTRY)


@leakwalker.sampler("import_id")
def _import(world: World) -> uuid.UUID:
    sheet_import, _created = SheetImport.unscoped.get_or_create(
        pk=CAROL_IMPORT_ID,
        defaults={
            "kind": "unions",
            "union": world.union_c,
            "owner": world.carol,
            "filename": f"{MARKER}.xlsx",
            "stored_name": f"{CAROL_IMPORT_ID.hex}.xlsx",
            "error_name": f"{CAROL_IMPORT_ID.hex}-errors.xlsx",
            "status": SheetImport.Status.CHECKED,
            "report": {"kind": "unions", "filename": f"{MARKER}.xlsx", "total": 1, "valid": 1},
        },
    )
    return sheet_import.pk


@leakwalker.sampler("sheet_kind")
def _sheet_kind(world: World) -> str:
    return "unions"
