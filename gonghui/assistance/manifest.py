"""Hardship assistance: hardship files, public notices, programmes, disbursements, annual review."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

FILE_READ = (
    "assistance.view_hardshipfile",
    "assistance.view_householdmember",
    "assistance.view_fileattachment",
    "assistance.view_pairing",
)
FILE_WRITE = (
    "assistance.add_hardshipfile",
    "assistance.change_hardshipfile",
    "assistance.add_householdmember",
    "assistance.change_householdmember",
    "assistance.delete_householdmember",
    "assistance.add_fileattachment",
    "assistance.add_pairing",
    "assistance.change_pairing",
    "assistance.add_pairingvisit",
)
PROGRAM_READ = ("assistance.view_program", "assistance.view_disbursement", "assistance.view_grant")
BATCH_WRITE = ("assistance.add_disbursement", "assistance.change_disbursement")
PROGRAM_WRITE = ("assistance.add_program", "assistance.change_program", "assistance.change_povertyline")
REVIEW = ("assistance.view_reviewround", "assistance.add_reviewround", "assistance.change_filereview")
FIGURES = ("assistance.view_figures",)
# What the leader's dashboard opens behind the measures (read only; personal data masked by the core).
MEASURE_LISTS = ("assistance.view_hardshipfile", "assistance.view_grant")

MODULE = Module(
    name="assistance",
    label=_("Hardship assistance"),
    url_prefix="assistance/",
    requires=("organisations", "members"),
    section=_("Assistance"),
    navigation=(
        Nav(_("Hardship files"), "assistance:file_list", "folder2-open", "assistance.view_hardshipfile", 50),
        Nav(_("Public notices"), "assistance:notice_list", "megaphone", "assistance.view_hardshipfile", 51),
        Nav(_("Programmes"), "assistance:program_list", "gift", "assistance.view_program", 52),
        Nav(_("Disbursements"), "assistance:disbursement_list", "cash-stack", "assistance.view_disbursement", 53),
        Nav(_("Grants"), "assistance:grant_list", "cash-coin", "assistance.view_grant", 53),
        Nav(_("Annual review"), "assistance:review_list", "arrow-repeat", "assistance.view_reviewround", 54),
        Nav(_("Assistance figures"), "assistance:figures", "graph-up", "assistance.view_figures", 55),
    ),
    # Grassroots unions open and keep their households' files and propose grants; townships
    # and the county see their subtree; the assistance centre (at the county) runs programmes,
    # verifies, approves and reviews every file of the county.
    grants={
        Role.GRASSROOTS_OFFICER: (*FILE_READ, *FILE_WRITE, *PROGRAM_READ, *BATCH_WRITE),
        Role.UNION_STAFF: (
            *FILE_READ,
            *FILE_WRITE,
            *PROGRAM_READ,
            *BATCH_WRITE,
            "assistance.view_reviewround",
            *FIGURES,
        ),
        Role.COUNTY_ADMIN: (*FILE_READ, *FILE_WRITE, *PROGRAM_READ, *BATCH_WRITE, *PROGRAM_WRITE, *REVIEW, *FIGURES),
        Role.ASSISTANCE_CENTRE: (
            *FILE_READ,
            *FILE_WRITE,
            *PROGRAM_READ,
            *BATCH_WRITE,
            *PROGRAM_WRITE,
            *REVIEW,
            *FIGURES,
        ),
        Role.LEADER: (*FIGURES, *MEASURE_LISTS),
    },
    # The lists' exports register themselves with the sheets pipeline on import.
    sheets=("gonghui.assistance.lists",),
    figures=("gonghui.assistance.figures.AssistanceFigures",),
    measures=("gonghui.assistance.measures.MEASURES",),
    demo=("gonghui.assistance.demo",),
    api=("gonghui.assistance.api",),
    panels={"web.worker_home": ("gonghui.assistance.panels.MyApplications",)},
)
