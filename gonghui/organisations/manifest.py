"""Organisation building: employers, union records, the founding pipeline, surveys, coverage."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

EMPLOYER_READ = ("organisations.view_employer",)
EMPLOYER_WRITE = ("organisations.add_employer", "organisations.change_employer")
PROFILE_READ = ("organisations.view_unionprofile", "organisations.view_committeemember")
PROFILE_WRITE = (
    "organisations.change_unionprofile",
    "organisations.add_committeemember",
    "organisations.delete_committeemember",
)
FOUNDING_READ = ("organisations.view_foundingcase",)
FOUNDING_WRITE = ("organisations.add_foundingcase", "organisations.change_foundingcase")
SURVEY_READ = (
    "organisations.view_survey",
    "organisations.view_surveyassignment",
    "organisations.view_surveyvisit",
)
SURVEY_OPEN = ("organisations.add_survey", "organisations.change_survey", "organisations.add_surveyassignment")
VISIT_WRITE = ("organisations.add_surveyvisit",)

MODULE = Module(
    name="organisations",
    label=_("Organisation building"),
    url_prefix="organisations/",
    section=_("Organisation"),
    navigation=(
        Nav(_("Employers"), "organisations:employer_list", "building", "organisations.view_employer", 20),
        Nav(_("Survey campaigns"), "organisations:survey_list", "clipboard-check", "organisations.view_survey", 21),
        Nav(_("Founding pipeline"), "organisations:founding_list", "flag", "organisations.view_foundingcase", 22),
        Nav(
            _("Re-elections due"),
            "organisations:re_election_list",
            "calendar-check",
            "organisations.view_unionprofile",
            25,
        ),
        Nav(_("Coverage"), "organisations:coverage", "bar-chart", "organisations.view_employer", 30),
    ),
    grants={
        Role.COUNTY_ADMIN: (
            *EMPLOYER_READ,
            *EMPLOYER_WRITE,
            *PROFILE_READ,
            *PROFILE_WRITE,
            *FOUNDING_READ,
            *FOUNDING_WRITE,
            *SURVEY_READ,
            *SURVEY_OPEN,
            *VISIT_WRITE,
        ),
        # Township staff work the pipeline and record visits; the county opens the campaigns.
        Role.UNION_STAFF: (
            *EMPLOYER_READ,
            *EMPLOYER_WRITE,
            *PROFILE_READ,
            *PROFILE_WRITE,
            *FOUNDING_READ,
            *FOUNDING_WRITE,
            *SURVEY_READ,
            *VISIT_WRITE,
        ),
        # A grassroots officer keeps their own employer's figures and their union's committee.
        Role.GRASSROOTS_OFFICER: (*EMPLOYER_READ, "organisations.change_employer", *PROFILE_READ, *PROFILE_WRITE),
        Role.LEADER: (*EMPLOYER_READ, *PROFILE_READ, *FOUNDING_READ, *SURVEY_READ),
        Role.ASSISTANCE_CENTRE: EMPLOYER_READ,
    },
    reminders={"organisations.re_election": "gonghui.organisations.reminders.ReElectionReminders"},
    sheets=("gonghui.organisations.sheets", "gonghui.organisations.lists"),
    figures=("gonghui.organisations.coverage.CoverageFigures",),
    measures=("gonghui.organisations.measures.MEASURES",),
    demo=("gonghui.organisations.demo.employers", "gonghui.organisations.demo.founding"),
    api=("gonghui.organisations.api",),
)
