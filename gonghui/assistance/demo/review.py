"""Last year's annual review at the county: every file filed when it opened, spot checks per township."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

from gonghui.assistance.demo.households import Builder
from gonghui.assistance.demo.plans import Household, _id
from gonghui.assistance.demo.tables import _working_on_or_after, _working_on_or_before
from gonghui.assistance.models import FileReview, ReviewRound
from gonghui.assistance.services import SPOT_CHECK_SHARE
from gonghui.core.tree import paths
from gonghui.core.workflow.history import at


def _review(b: Builder) -> tuple[ReviewRound | None, list[FileReview]]:
    """Last year's review: every file filed when it opened; ≥ 30 % spot-checked per township."""
    rng = b.rng
    opened = b.review_opened
    if opened > b.today:
        return None, []
    year_end = date(b.review_year, 12, 31)
    review = ReviewRound(
        id=b.ids.next(ReviewRound),
        union_id=b.county.pk,
        year=b.review_year,
        spot_check_share=SPOT_CHECK_SHARE,
        opened_by_id=_id(b.accounts.centre),
        opened_at=at(opened, 9),
    )
    strata: dict[str, list[Household]] = defaultdict(list)
    for household in b.households:
        if household.filed_during(opened):
            strata[paths.township_path(household.worker.union_path)].append(household)
    rows: list[FileReview] = []
    for members in strata.values():
        picked = set(rng.sample(range(len(members)), math.ceil(len(members) * SPOT_CHECK_SHARE)))
        for index, household in enumerate(members):
            file = household.file
            exits = file.exited_on is not None and opened < file.exited_on <= year_end
            reviewed = file.exited_on if exits else _working_on_or_after(opened + timedelta(days=rng.randint(5, 100)))
            assert reviewed is not None
            reviewed = min(reviewed, b.today)
            spot = index in picked
            visited = _working_on_or_before(reviewed - timedelta(days=rng.randint(0, 10))) if spot else None
            if visited is not None and visited < opened:
                visited = opened
            reviewer = b.accounts.centre if spot or exits else b.accounts.local(file.union_id, household.township)
            rows.append(
                FileReview(
                    id=b.ids.next(FileReview),
                    round_id=review.pk,
                    file_id=file.pk,
                    union_id=file.union_id,
                    spot_check=spot,
                    outcome=FileReview.Outcome.EXIT if exits else FileReview.Outcome.CONTINUE,
                    category=file.category,
                    visited_on=visited,
                    note=(household.steps[-1].note if exits else ("入户核查，情况属实" if spot else "")),
                    reviewed_by_id=_id(reviewer),
                    reviewed_at=at(reviewed, 16, rng.randint(0, 59)),
                )
            )
            file.last_reviewed = b.review_year
    rows.sort(key=lambda r: r.file_id)
    return review, rows
