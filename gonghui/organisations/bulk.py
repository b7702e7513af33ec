"""What ``save()`` derives on the organisations' rows, for the bulk writer (``core.demo.bulk``)."""

from __future__ import annotations

from typing import Any

from gonghui.core.demo.bulk import derives
from gonghui.organisations.models import Employer, UnionProfile, size_band_for


@derives(Employer)
def employer_size_band(row: Any) -> None:
    """As ``Employer.save``: the size band from the headcount."""
    row.size_band = size_band_for(row.headcount or 0)


@derives(UnionProfile)
def profile_re_election_due(row: Any) -> None:
    """As ``UnionProfile.save``: 工会法 art. 16, the term from the election."""
    row.re_election_due = UnionProfile.compute_re_election_due(row)
