from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "gonghui.core.workflow"
    label = "workflow"
    verbose_name = _("Workflow and deadlines")

    def ready(self) -> None:
        from gonghui.core.jobs.schedule import register_periodic
        from gonghui.core.web import reminders
        from gonghui.core.workflow.reminders import DeadlineReminders
        from gonghui.core.workflow.services import deadlines_check

        reminders.register("deadlines", DeadlineReminders())
        # Hourly: a deadline falls due at a day's end, so an hour's delay costs nothing.
        register_periodic("workflow.deadlines", timedelta(hours=1), deadlines_check)
