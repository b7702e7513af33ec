from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "gonghui.core.access"
    label = "access"
    verbose_name = _("Account requests")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.web.navigation import NavItem, register

        for role in (Role.COUNTY_ADMIN, Role.UNION_STAFF, Role.GRASSROOTS_OFFICER):
            grant(role, "access.view_accountrequest", "access.add_accountrequest")
        # Approving accounts is system administration, not data: the security administrator's job.
        grant(Role.SECURITY_ADMIN, "access.view_accountrequest", "access.decide_accountrequest")
        register(
            NavItem(
                section=_("Access"),
                label=_("Account requests"),
                url_name="access:request_list",
                icon="person-plus",
                perm="access.view_accountrequest",
                order=910,
            )
        )
        # The request list's export (the ``account_requests`` sheet) registers itself on import.
        from gonghui.core.access import lists  # noqa: F401
