from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreeConfig(AppConfig):
    name = "gonghui.core.tree"
    label = "tree"
    verbose_name = _("Union tree")

    def ready(self) -> None:
        from django.core import checks

        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.tree.owned import union_owned_check

        checks.register(union_owned_check, checks.Tags.models)
        from gonghui.core.web.navigation import NavItem, register

        grant(Role.COUNTY_ADMIN, "tree.view_union", "tree.add_union", "tree.change_union", "tree.move_union")
        grant(Role.UNION_STAFF, "tree.view_union", "tree.add_union", "tree.change_union")
        grant(Role.GRASSROOTS_OFFICER, "tree.view_union", "tree.change_union")
        grant(Role.ASSISTANCE_CENTRE, "tree.view_union")
        grant(Role.LEADER, "tree.view_union")
        # Security administrators place accounts in the tree, so they read its names.
        grant(Role.SECURITY_ADMIN, "tree.view_union")
        register(
            NavItem(
                section=_("Organisation"),
                label=_("Union tree"),
                url_name="tree:union_list",
                icon="diagram-3",
                perm="tree.view_union",
                order=10,
            )
        )
