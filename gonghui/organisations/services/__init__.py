"""Writes of organisation building: employers, union profiles, committee seats, founding, surveys.

Every service is a ``@service`` (``core/services.py``): it checks the actor's permission and
runs in one transaction as the actor, then validates, writes, checks the scope and records one
audit row. ``actor=None`` is the operator's command line (or an import running under a system
scope): no permission or scope check. Other modules write these tables only through these
services (``member_counts_set`` for the member registry's counts).

One file per capability: ``employers``, ``unions`` (profiles and counts), ``committee``,
``founding`` (the founding pipeline and its workflow's effects) and ``surveys``. Callers
import from here: ``from gonghui.organisations.services import employer_update``.
"""

from gonghui.organisations.services.committee import (
    POSITION_ORDER,
    committee_member_add,
    committee_member_remove,
)
from gonghui.organisations.services.employers import (
    AUDITED_EMPLOYER_FIELDS,
    EMPLOYER_FIELDS,
    REFERENCE_FIELDS,
    employer_create,
    employer_update,
)
from gonghui.organisations.services.founding import (
    CASE_FIELDS,
    CHANGE_DENIED,
    CHANGE_PERMISSION,
    MIN_COMMITTEE_SEATS,
    CloseReason,
    Leadership,
    founding_case_close,
    founding_case_cover_by_joint,
    founding_case_found,
    founding_case_open,
    founding_case_start_preparing,
    founding_data_errors,
    leadership_errors,
    leadership_from,
    names_of,
)
from gonghui.organisations.services.surveys import (
    ASSIGNABLE_KINDS,
    SURVEY_FIELDS,
    VISIT_FIELDS,
    VisitOutcome,
    survey_assign,
    survey_close,
    survey_open,
    targets_for,
    visit_record,
)
from gonghui.organisations.services.unions import (
    DEFAULT_TYPES,
    PROFILE_FIELDS,
    TYPES_FOR_KIND,
    committee_form_for,
    member_counts_set,
    union_profile_update,
)

__all__ = [
    "ASSIGNABLE_KINDS",
    "AUDITED_EMPLOYER_FIELDS",
    "CASE_FIELDS",
    "CHANGE_DENIED",
    "CHANGE_PERMISSION",
    "DEFAULT_TYPES",
    "EMPLOYER_FIELDS",
    "MIN_COMMITTEE_SEATS",
    "POSITION_ORDER",
    "PROFILE_FIELDS",
    "REFERENCE_FIELDS",
    "SURVEY_FIELDS",
    "TYPES_FOR_KIND",
    "VISIT_FIELDS",
    "CloseReason",
    "Leadership",
    "VisitOutcome",
    "committee_form_for",
    "committee_member_add",
    "committee_member_remove",
    "employer_create",
    "employer_update",
    "founding_case_close",
    "founding_case_cover_by_joint",
    "founding_case_found",
    "founding_case_open",
    "founding_case_start_preparing",
    "founding_data_errors",
    "leadership_errors",
    "leadership_from",
    "member_counts_set",
    "names_of",
    "survey_assign",
    "survey_close",
    "survey_open",
    "targets_for",
    "union_profile_update",
    "visit_record",
]
