from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    label = "assistance"
    verbose_name = _("Hardship assistance")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.web.navigation import NavItem, register

        file_read = (
            "assistance.view_hardshipfile",
            "assistance.view_householdmember",
            "assistance.view_fileattachment",
            "assistance.view_pairing",
        )
        file_write = (
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
        program_read = ("assistance.view_program", "assistance.view_disbursement", "assistance.view_grant")
        batch_write = ("assistance.add_disbursement", "assistance.change_disbursement")
        program_write = ("assistance.add_program", "assistance.change_program", "assistance.change_povertyline")
        review = ("assistance.view_reviewround", "assistance.add_reviewround", "assistance.change_filereview")
        # Grassroots unions open and keep their households' files and propose grants; townships
        # and the county see their subtree; the assistance centre (at the county) runs programmes,
        # verifies, approves and reviews every file of the county.
        grant(Role.GRASSROOTS_OFFICER, *file_read, *file_write, *program_read, *batch_write)
        grant(Role.UNION_STAFF, *file_read, *file_write, *program_read, *batch_write, "assistance.view_reviewround")
        grant(Role.COUNTY_ADMIN, *file_read, *file_write, *program_read, *batch_write, *program_write, *review)
        grant(Role.ASSISTANCE_CENTRE, *file_read, *file_write, *program_read, *batch_write, *program_write, *review)
        grant(Role.ASSISTANCE_CENTRE, "assistance.view_figures")
        grant(Role.COUNTY_ADMIN, "assistance.view_figures")
        grant(Role.LEADER, "assistance.view_figures")
        grant(Role.UNION_STAFF, "assistance.view_figures")
        section = _("Assistance")
        for order, label, url_name, icon, perm in (
            (50, _("Hardship files"), "assistance:file_list", "folder2-open", "assistance.view_hardshipfile"),
            (51, _("Public notices"), "assistance:notice_list", "megaphone", "assistance.view_hardshipfile"),
            (52, _("Programmes"), "assistance:program_list", "gift", "assistance.view_program"),
            (53, _("Disbursements"), "assistance:disbursement_list", "cash-stack", "assistance.view_disbursement"),
            (54, _("Annual review"), "assistance:review_list", "arrow-repeat", "assistance.view_reviewround"),
            (55, _("Assistance figures"), "assistance:figures", "graph-up", "assistance.view_figures"),
        ):
            register(NavItem(section=section, label=label, url_name=url_name, icon=icon, perm=perm, order=order))
