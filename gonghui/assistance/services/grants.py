"""The money rules, once: whether a household may receive a grant, and how much.

``grant_problems`` decides whether a household may receive a grant (file state, exclusions,
the under-14 consent, one grant of a kind a year across unions) and every entry point (adding
a grant, submitting, checking, approving) asks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import classification
from gonghui.assistance.models import (
    Disbursement,
    EducationRate,
    Grant,
    GuardianConsent,
    HardshipFile,
    HouseholdMember,
    Program,
)
from gonghui.assistance.services.common import _today
from gonghui.assistance.workflows import OPEN_FILE_STATES, BatchState, FileState
from gonghui.core.money import yuan
from gonghui.core.privacy.masking import mask_name
from gonghui.core.tree.scoping import system_scope

CONSENT_AGE = 14  # PIPL art. 31: a child under 14 needs a guardian's consent
# A household may receive grants while its file is filed; 金秋助学 also before filing (at the
# "not yet filed" rate) while the file is on its way.
GRANT_STATES = (FileState.FILED,)
EDUCATION_GRANT_STATES = (FileState.FILED, *OPEN_FILE_STATES)


# --- Grants and their rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a grant may not go ahead. ``blocking`` problems stop the batch; the others are warnings."""

    grant_id: int | None
    file_id: int | None
    message: str
    blocking: bool = True


def _batch_day(batch: Disbursement) -> date:
    return timezone.localdate(batch.created_at) if batch.created_at else _today()


def education_amount(program: Program, *, file: HardshipFile, student: HouseholdMember | None) -> Decimal | None:
    if student is None or not student.schooling:
        return None
    # unscoped: the programme's rates; the programme may be run by a union above the user.
    rate = EducationRate.unscoped.filter(program=program, level=student.schooling).first()
    if rate is None:
        return None
    return rate.filed_amount if file.state == FileState.FILED else rate.unfiled_amount


def grant_problems(
    *,
    file: HardshipFile,
    program: Program,
    student: HouseholdMember | None = None,
    on: date | None = None,
    grant_id: int | None = None,
    batch: Disbursement | None = None,
    others: list[Grant] | None = None,
    consented: bool | None = None,
) -> list[Problem]:
    """Everything that stands against one household receiving one grant of ``program``.

    ``others`` (the household's other grants of the kind and year) and ``consented`` (whether
    the student's guardian consented) may be given by a caller that read them for many grants
    at once; otherwise they are read here.
    """
    on = on or _today()
    problems: list[Problem] = []

    def add(message: str, *, blocking: bool = True) -> None:
        problems.append(Problem(grant_id, file.pk, message, blocking))

    label = f"{file.number} {mask_name(file.worker.name)}"
    allowed = EDUCATION_GRANT_STATES if program.kind == Program.Kind.EDUCATION else GRANT_STATES
    if file.state not in allowed:
        add(
            _("%(file)s: a file that is “%(state)s” cannot receive anything.")
            % {"file": label, "state": file.get_state_display()}
        )
    if file.excluded:
        add(
            _("%(file)s: the household is excluded (%(reasons)s).")
            % {
                "file": label,
                "reasons": "; ".join(str(classification.Exclusion.labels.get(c, c)) for c in file.exclusion_list),
            }
        )
    if program.kind == Program.Kind.EDUCATION:
        if student is None:
            add(_("%(file)s: an education grant names the student.") % {"file": label})
        else:
            if student.file_id != file.pk:
                add(_("%(file)s: the student is not a member of this household.") % {"file": label})
            if not student.schooling:
                add(
                    _("%(file)s: %(student)s is not recorded as in school.")
                    % {"file": label, "student": mask_name(student.name)}
                )
            if consented is None:
                consented = GuardianConsent.objects.filter(member_id=student.pk).exists()
            if student.age_on(on) < CONSENT_AGE and not consented:
                add(
                    _("%(file)s: %(student)s is under 14: record the guardian's consent first.")
                    % {"file": label, "student": mask_name(student.name)}
                )
    # One grant of a kind a year per household, whichever union proposed it.
    if others is None:
        others = earlier_grants(file=file, kind=program.kind, year=program.year, exclude_batch=batch)
    for other in others:
        counted = other.counted
        add(
            _(
                "%(file)s already has a %(programme)s grant for %(year)d: batch %(batch)s (%(state)s) of %(union)s, "
                "%(amount)s."
            )
            % {
                "file": label,
                "programme": Program.Kind(program.kind).label,
                "year": program.year,
                "batch": other.disbursement.number,
                "state": other.disbursement.get_state_display(),
                "union": other.disbursement.union.name,
                "amount": yuan(other.amount),
            },
            blocking=counted,
        )
    return problems


def earlier_grants(*, file: HardshipFile, kind: str, year: int, exclude_batch: Disbursement | None) -> list[Grant]:
    """Grants of the same kind and year to the same household in other live batches, across unions."""
    with system_scope("one grant of a kind a year: checked across the county"):
        grants = (
            # unscoped: one grant of a kind a year, whichever union proposed the other
            Grant.unscoped.filter(file_id=file.pk, kind=kind, year=year)
            .exclude(disbursement__state=BatchState.CANCELLED)
            .select_related("disbursement", "disbursement__union")
            .order_by("-counted", "id")
        )
        if exclude_batch is not None:
            grants = grants.exclude(disbursement_id=exclude_batch.pk)
        return list(grants)
