from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.core.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from gonghui.core.accounts import auth_events
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.web.navigation import NavItem, register

        auth_events.connect()
        grant(
            Role.SECURITY_ADMIN,
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.unlock_user",
            # Seeing an account's phone or ID number in full (with a reason, recorded).
            "accounts.unmask_personal_data",
        )
        register(
            NavItem(
                section=_("System"),
                label=_("Accounts"),
                url_name="accounts:user_list",
                icon="people",
                perm="accounts.view_user",
                order=900,
            )
        )
