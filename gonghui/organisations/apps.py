from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "gonghui.organisations"
    label = "organisations"
    verbose_name = _("Organisation building")

    def ready(self) -> None:
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.web import reminders
        from gonghui.core.web.navigation import NavItem, register
        from gonghui.organisations.reminders import ReElectionReminders

        employer_read = ("organisations.view_employer",)
        employer_write = ("organisations.add_employer", "organisations.change_employer")
        profile_read = ("organisations.view_unionprofile", "organisations.view_committeemember")
        profile_write = (
            "organisations.change_unionprofile",
            "organisations.add_committeemember",
            "organisations.delete_committeemember",
        )
        founding_read = ("organisations.view_foundingcase",)
        founding_write = ("organisations.add_foundingcase", "organisations.change_foundingcase")
        survey_read = (
            "organisations.view_survey",
            "organisations.view_surveyassignment",
            "organisations.view_surveyvisit",
        )
        survey_open = ("organisations.add_survey", "organisations.change_survey", "organisations.add_surveyassignment")
        visit_write = ("organisations.add_surveyvisit",)
        grant(Role.COUNTY_ADMIN, *employer_read, *employer_write, *profile_read, *profile_write)
        grant(Role.COUNTY_ADMIN, *founding_read, *founding_write, *survey_read, *survey_open, *visit_write)
        grant(Role.UNION_STAFF, *employer_read, *employer_write, *profile_read, *profile_write)
        # Township staff work the pipeline and record visits; the county opens the campaigns.
        grant(Role.UNION_STAFF, *founding_read, *founding_write, *survey_read, *visit_write)
        # A grassroots officer keeps their own employer's figures and their union's committee.
        grant(Role.GRASSROOTS_OFFICER, *employer_read, "organisations.change_employer", *profile_read, *profile_write)
        grant(Role.LEADER, *employer_read, *profile_read, *founding_read, *survey_read)
        grant(Role.ASSISTANCE_CENTRE, *employer_read)
        register(
            NavItem(
                section=_("Organisation"),
                label=_("Employers"),
                url_name="organisations:employer_list",
                icon="building",
                perm="organisations.view_employer",
                order=20,
            )
        )
        register(
            NavItem(
                section=_("Organisation"),
                label=_("Coverage"),
                url_name="organisations:coverage",
                icon="bar-chart",
                perm="organisations.view_employer",
                order=30,
            )
        )
        register(
            NavItem(
                section=_("Organisation"),
                label=_("Founding pipeline"),
                url_name="organisations:founding_list",
                icon="flag",
                perm="organisations.view_foundingcase",
                order=22,
            )
        )
        register(
            NavItem(
                section=_("Organisation"),
                label=_("Survey campaigns"),
                url_name="organisations:survey_list",
                icon="clipboard-check",
                perm="organisations.view_survey",
                order=21,
            )
        )
        register(
            NavItem(
                section=_("Organisation"),
                label=_("Re-elections due"),
                url_name="organisations:re_election_list",
                icon="calendar-check",
                perm="organisations.view_unionprofile",
                order=25,
            )
        )
        reminders.register("organisations.re_election", ReElectionReminders())
        # The import/export specs register themselves with the sheets pipeline on import.
        import gonghui.organisations.sheets  # noqa: F401
