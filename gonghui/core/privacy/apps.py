from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "gonghui.core.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from django.core import checks

        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.privacy.checks import check_key_ring

        checks.register(check_key_ring, checks.Tags.security)
        # Who may see personal data in full (always with a reason, always recorded).
        grant(Role.COUNTY_ADMIN, "privacy.unmask_id_number", "privacy.unmask_phone")
        grant(Role.UNION_STAFF, "privacy.unmask_phone")
        grant(Role.GRASSROOTS_OFFICER, "privacy.unmask_phone")
        grant(
            Role.ASSISTANCE_CENTRE,
            "privacy.unmask_id_number",
            "privacy.unmask_phone",
            "privacy.unmask_bank_account",
        )
