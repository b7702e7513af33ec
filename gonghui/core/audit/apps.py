from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gonghui.core.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.audit.services import access_refusals_summarise
        from gonghui.core.jobs.schedule import register_periodic
        from gonghui.core.web.navigation import NavItem, register

        grant(Role.AUDIT_ADMIN, "audit.view_auditevent")
        register(
            NavItem(
                section=_("System"),
                label=_("Audit log"),
                url_name="audit:event_list",
                icon="journal-text",
                perm="audit.view_auditevent",
                order=910,
            )
        )
        register_periodic("audit.refusal_summaries", timedelta(minutes=5), access_refusals_summarise)
        # The log's export registers itself with the sheets pipeline on import.
        import gonghui.core.audit.lists  # noqa: F401
