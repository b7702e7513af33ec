from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "gonghui.core.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.web.navigation import NavItem, register

        # The code lists are public standards, but browsing them is a back-office task.
        grant(Role.COUNTY_ADMIN, "reference.view_reference")
        grant(Role.UNION_STAFF, "reference.view_reference")
        register(
            NavItem(
                section=_("System"),
                label=_("Reference data"),
                url_name="reference:index",
                icon="book",
                perm="reference.view_reference",
                order=850,
            )
        )
