from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "gonghui.core.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.jobs.schedule import register_periodic
        from gonghui.core.ops import scheduled
        from gonghui.core.web.navigation import NavItem, register

        # The security administrator watches the system's health (no data permission).
        grant(Role.SECURITY_ADMIN, "ops.view_status")
        register(
            NavItem(
                section=_("System"),
                label=_("System status"),
                url_name="ops:status",
                icon="activity",
                perm="ops.view_status",
                order=950,
            )
        )
        # Checked hourly; it backs up only when GONGHUI_BACKUP_DIR is set and the last one is a day old.
        register_periodic("ops.nightly_backup", timedelta(hours=1), scheduled.nightly_backup)
