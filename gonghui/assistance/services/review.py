"""The annual review (动态管理): a round over a union's files, spot checks, each file's outcome."""

from __future__ import annotations

import math
import random
import secrets
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.models import FileReview, HardshipFile, ReviewRound
from gonghui.assistance.services.classify import CLASSIFICATION_FIELDS, _apply_classification
from gonghui.assistance.services.common import _today
from gonghui.assistance.workflows import FileState
from gonghui.core.audit.services import Action, audit_record
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.workflow.services import transition_perform

SPOT_CHECK_SHARE = Decimal("0.30")
# --- Annual review (动态管理) ------------------------------------------------------------------------


@service(perm="assistance.add_reviewround")
def review_round_open(
    *, actor: Actor, union: Union, year: int, share: Decimal = SPOT_CHECK_SHARE, seed: int | None = None
) -> ReviewRound:
    """Put every filed household under ``union`` up for review; spot-check ``share`` (≥ 30 %) of each township's."""
    if share < SPOT_CHECK_SHARE or share > 1:
        raise ValidationError({"spot_check_share": _("Spot-check at least %(share)d%% of the files.") % {"share": 30}})
    check_scope(actor, union)
    if ReviewRound.objects.filter(union=union, year=year).exists():
        raise ValidationError({"year": _("The review of this year is already open.")})
    review = ReviewRound.objects.create(union=union, year=year, spot_check_share=share, opened_by=actor)
    files = list(
        HardshipFile.objects.filter(subtree_q("union__path", union.path), state=FileState.FILED)
        .values_list("id", "union_id", "union__path")
        .order_by("id")
    )
    strata: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for file_id, union_id, path in files:
        strata[paths.township_path(path)].append((file_id, union_id))  # by township
    chooser = random.Random(seed if seed is not None else secrets.randbits(64))
    rows: list[FileReview] = []
    for members in strata.values():
        picked = set(chooser.sample(range(len(members)), math.ceil(len(members) * share)))
        rows.extend(
            FileReview(round=review, file_id=file_id, union_id=union_id, spot_check=index in picked)
            for index, (file_id, union_id) in enumerate(members)
        )
    FileReview.objects.bulk_create(rows, batch_size=500)
    audit_record(
        Action.CREATE,
        obj=review,
        note=f"{len(rows)} files, {sum(r.spot_check for r in rows)} spot checks",
    )
    return review


@service(perm="assistance.change_filereview")
def file_review_record(
    *,
    actor: Actor,
    review: FileReview,
    outcome: str,
    note: str = "",
    visited_on: date | None = None,
    exit_reason: str = "",
) -> FileReview:
    """Record one file's review: still in hardship (classified again) or left it (the file exits)."""
    review = FileReview.objects.select_for_update().select_related("round", "file", "file__worker").get(pk=review.pk)
    check_scope(actor, review.union)
    if review.outcome:
        raise ValidationError(_("This file has been reviewed already."))
    if review.spot_check and visited_on is None:
        raise ValidationError({"visited_on": _("A spot check is a home visit: give its date.")})
    if visited_on is not None and visited_on > _today():
        raise ValidationError({"visited_on": _("The date lies in the future.")})
    file = review.file
    if outcome == FileReview.Outcome.CONTINUE:
        if file.state != FileState.FILED:
            raise ValidationError(_("The file is no longer filed."))
        result = _apply_classification(file)
        if not result.qualifies:
            raise ValidationError(_("By its figures the household no longer qualifies: record that it left hardship."))
        file.last_reviewed = review.round.year
        file.save(update_fields=[*CLASSIFICATION_FIELDS, "last_reviewed", "updated_at"])
    elif outcome == FileReview.Outcome.EXIT:
        transition_perform(
            actor=actor,
            obj=file,
            name="exit",
            note=note,
            data={"reason": exit_reason, "exited_on": visited_on or _today()},
        )
        # unscoped: the file of a review in scope
        HardshipFile.unscoped.filter(pk=file.pk).update(last_reviewed=review.round.year)
    else:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    review.outcome = outcome
    review.category = file.category
    review.note = note.strip()
    review.visited_on = visited_on
    review.reviewed_by = actor
    review.reviewed_at = timezone.now()
    review.save()
    audit_record(Action.UPDATE, obj=review, changes={"outcome": ["", outcome]})
    return review
