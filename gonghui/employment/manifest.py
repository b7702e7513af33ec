"""Employment services (就业服务): what the core needs to know of the module (core/modules; docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = (
    "employment.view_jobseeker",
    "employment.view_vacancy",
    "employment.view_referral",
    "employment.view_placement",
    "employment.view_jobfair",
)
WRITE = (
    "employment.add_jobseeker",
    "employment.change_jobseeker",
    "employment.add_vacancy",
    "employment.change_vacancy",
    "employment.add_referral",
    "employment.change_referral",
    "employment.add_jobfair",
    "employment.change_jobfair",
)
FIGURES = ("employment.view_figures",)

MODULE = Module(
    name="employment",
    label=_("Employment services"),
    url_prefix="employment/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations", "members"),
    section=_("Services to workers"),
    navigation=(
        Nav(_("Job seekers"), "employment:seeker_list", "person-workspace", "employment.view_jobseeker", 90),
        Nav(_("Vacancies"), "employment:vacancy_list", "briefcase", "employment.view_vacancy", 91),
        Nav(_("Referrals"), "employment:referral_list", "send", "employment.view_referral", 92),
        Nav(_("Job fairs"), "employment:fair_list", "people", "employment.view_jobfair", 93),
        Nav(_("Employment figures"), "employment:figures", "graph-up", "employment.view_figures", 94),
    ),
    # Service points (grassroots unions, township federations) register seekers and vacancies,
    # refer and record outcomes; townships and the county see their subtree; the leader reads (no change).
    grants={
        Role.COUNTY_ADMIN: (*READ, *WRITE, *FIGURES),
        Role.UNION_STAFF: (*READ, *WRITE, *FIGURES),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        # the lists behind the dashboard's measures and their rows' pages; personal data stays masked
        Role.LEADER: (*READ, *FIGURES),
    },
    sheets=("gonghui.employment.lists", "gonghui.employment.sheets"),
    figures=("gonghui.employment.figures.EmploymentFigures",),
    measures=("gonghui.employment.measures.MEASURES",),
    demo=("gonghui.employment.demo",),
    # Its API under /api/v1/employment/: the same lists, selectors, forms and services (core/api).
    api=("gonghui.employment.api",),
    panels={"web.worker_home": ("gonghui.employment.panels.MyJobApplications",)},
)
