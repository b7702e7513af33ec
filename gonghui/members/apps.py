from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("Member registry")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.web.navigation import NavItem, register

        read = ("members.view_worker", "members.view_membership", "members.view_membershipevent")
        write = (
            "members.add_worker",
            "members.change_worker",
            "members.add_membership",
            "members.change_membership",
        )
        # Officers keep their union's members; township/sector staff and the county their subtree.
        grant(Role.COUNTY_ADMIN, *read, *write)
        grant(Role.UNION_STAFF, *read, *write)
        grant(Role.GRASSROOTS_OFFICER, *read, *write)
        # The assistance centre finds the worker behind a hardship file; leaders read figures only.
        grant(Role.ASSISTANCE_CENTRE, *read)
        register(
            NavItem(
                section=_("Members"),
                label=_("Workers and members"),
                url_name="members:worker_list",
                icon="people",
                perm="members.view_worker",
                order=40,
            )
        )
        register(
            NavItem(
                section=_("Members"),
                label=_("Transfers"),
                url_name="members:transfer_list",
                icon="arrow-left-right",
                perm="members.view_membership",
                order=41,
            )
        )
        register(
            NavItem(
                section=_("Members"),
                label=_("Members to follow up"),
                url_name="members:follow_up_list",
                icon="person-exclamation",
                perm="members.change_membership",
                order=42,
            )
        )
        # The member sheet (会员信息采集表) registers itself with the sheets pipeline on import.
        import gonghui.members.sheets  # noqa: F401
