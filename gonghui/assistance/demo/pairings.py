"""一帮一 pairings for about one filed household in eight, with their visits."""

from __future__ import annotations

from datetime import date, timedelta

from gonghui.assistance.demo.households import Builder
from gonghui.assistance.demo.plans import _id
from gonghui.assistance.demo.tables import CADRE_POSITIONS, VISIT_HELP, VISIT_NOTES
from gonghui.assistance.models import Pairing, PairingVisit
from gonghui.assistance.workflows import FileState
from gonghui.core.workflow.history import at

# --- Pairings and the annual review --------------------------------------------------------------


def _pairings(b: Builder) -> tuple[list[Pairing], list[PairingVisit]]:
    rng, today = b.rng, b.today
    filed = [h for h in b.households if h.file.state == FileState.FILED]
    count = min(len(filed), max(3, round(len(b.households) / 8)))
    pairings: list[Pairing] = []
    visits: list[PairingVisit] = []
    earliest = date(b.this_year - 3, 3, 1)
    recorder = b.accounts.centre
    for household in sorted(rng.sample(filed, k=count), key=lambda h: h.file.pk):
        file = household.file
        assert file.filed_on is not None
        starts = max(file.filed_on + timedelta(days=rng.randint(10, 60)), earliest + timedelta(days=rng.randint(0, 90)))
        starts = min(starts, today - timedelta(days=30))
        position = f"{household.township.name}副主席" if rng.random() < 0.3 else rng.choice(CADRE_POSITIONS)
        pairing = Pairing(
            id=b.ids.next(Pairing),
            file_id=file.pk,
            union_id=file.union_id,
            cadre_name=b.people.name(),
            cadre_position=position,
            starts_on=starts,
            created_at=at(starts, 10),
        )
        pairings.append(pairing)
        b.paired[file.pk] = starts
        span = (today - starts).days
        days = sorted({starts + timedelta(days=rng.randint(3, span)) for _ in range(rng.randint(2, 5))})
        for day in days:
            visits.append(
                PairingVisit(
                    id=b.ids.next(PairingVisit),
                    pairing_id=pairing.pk,
                    union_id=file.union_id,
                    visited_on=day,
                    kind=rng.choices(list(PairingVisit.Kind.values), [60, 25, 15])[0],
                    help_given=rng.choice(VISIT_HELP),
                    note=rng.choice(VISIT_NOTES),
                    recorded_by_id=_id(recorder),
                )
            )
    return pairings, visits
