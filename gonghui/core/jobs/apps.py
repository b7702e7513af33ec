from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "gonghui.core.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.jobs import services
        from gonghui.core.jobs.schedule import register_periodic
        from gonghui.core.web.navigation import NavItem, register

        # Every role that works with data may start jobs, so may follow its own.
        for role in (
            Role.COUNTY_ADMIN,
            Role.UNION_STAFF,
            Role.GRASSROOTS_OFFICER,
            Role.ASSISTANCE_CENTRE,
            Role.LEADER,
        ):
            grant(role, "jobs.view_job")
        register(
            NavItem(
                section=_("Work"),
                label=_("My jobs"),
                url_name="jobs:job_list",
                icon="hourglass-split",
                perm="jobs.view_job",
                order=900,
            )
        )
        register_periodic("jobs.reap_stale", timedelta(seconds=30), services.jobs_reap_stale)
        register_periodic("jobs.prune_files", timedelta(hours=6), services.jobs_prune_files)
        # The job list's export (the ``jobs`` sheet) registers itself on import.
        from gonghui.core.jobs import lists  # noqa: F401
