"""Every write of the assistance module: files, households, programmes, batches, pairings, reviews.

Each service is a ``@service`` (``core/services.py``): the actor's permission, one transaction,
the actor's scope; it checks the scope of what it writes, validates, writes, and records the
audit row under the object's union (``actor=None`` is the operator's command line or the demo).
The workflow steps (``workflows.py``) name the ``file_*`` and ``disbursement_*`` effects by dotted
path; the core runs them inside the step's own transaction, so a refused effect leaves the state
where it was. Workers are read through the member registry's selectors.

One file per capability: ``classify`` (a household's figures and category), ``files`` (files,
households, consents, attachments), ``file_steps`` (the file workflow's effects), ``retention``,
``programmes`` (programmes and the minimum living standard), ``grants`` (the money rules),
``disbursements`` (batches and their steps), ``pairings`` (一帮一) and ``review`` (动态管理).
Callers import them from here: ``from gonghui.assistance.services import file_open``.
"""

from gonghui.assistance.services.classify import (
    CLASSIFICATION_FIELDS,
    file_check_qualifies,
    file_classify,
    file_figures,
    household_size,
    standard_for,
)
from gonghui.assistance.services.disbursements import (
    SECRETS_OF_GRANT,
    budget_used,
    disbursement_approve,
    disbursement_create,
    disbursement_pay,
    disbursement_problems,
    disbursement_record_checker,
    disbursement_validate_for_step,
    disbursement_viewed_export,
    grant_add,
    grant_remove,
    grants_add_eligible,
)
from gonghui.assistance.services.file_steps import (
    file_approve,
    file_exit,
    file_publish_notice,
    file_record_visit,
    file_reopen,
    notice_end,
)
from gonghui.assistance.services.files import (
    AUDITED_FILE_FIELDS,
    FILE_FIELDS,
    MEMBER_FIELDS,
    file_attachment_add,
    file_attachment_viewed,
    file_open,
    file_update,
    file_viewed,
    guardian_consent_record,
    household_member_add,
    household_member_remove,
    household_member_update,
)
from gonghui.assistance.services.grants import (
    CONSENT_AGE,
    EDUCATION_GRANT_STATES,
    GRANT_STATES,
    Problem,
    earlier_grants,
    education_amount,
    grant_problems,
)
from gonghui.assistance.services.pairings import (
    pairing_create,
    pairing_end,
    pairing_visit_add,
)
from gonghui.assistance.services.programmes import (
    PROGRAM_FIELDS,
    poverty_line_set,
    program_create,
    program_update,
)
from gonghui.assistance.services.retention import (
    files_purge,
)
from gonghui.assistance.services.review import (
    SPOT_CHECK_SHARE,
    file_review_record,
    review_round_open,
)

__all__ = [
    "AUDITED_FILE_FIELDS",
    "CLASSIFICATION_FIELDS",
    "CONSENT_AGE",
    "EDUCATION_GRANT_STATES",
    "FILE_FIELDS",
    "GRANT_STATES",
    "MEMBER_FIELDS",
    "PROGRAM_FIELDS",
    "SECRETS_OF_GRANT",
    "SPOT_CHECK_SHARE",
    "Problem",
    "budget_used",
    "disbursement_approve",
    "disbursement_create",
    "disbursement_pay",
    "disbursement_problems",
    "disbursement_record_checker",
    "disbursement_validate_for_step",
    "disbursement_viewed_export",
    "earlier_grants",
    "education_amount",
    "file_approve",
    "file_attachment_add",
    "file_attachment_viewed",
    "file_check_qualifies",
    "file_classify",
    "file_exit",
    "file_figures",
    "file_open",
    "file_publish_notice",
    "file_record_visit",
    "file_reopen",
    "file_review_record",
    "file_update",
    "file_viewed",
    "files_purge",
    "grant_add",
    "grant_problems",
    "grant_remove",
    "grants_add_eligible",
    "guardian_consent_record",
    "household_member_add",
    "household_member_remove",
    "household_member_update",
    "household_size",
    "notice_end",
    "pairing_create",
    "pairing_end",
    "pairing_visit_add",
    "poverty_line_set",
    "program_create",
    "program_update",
    "review_round_open",
    "standard_for",
]
