"""Competitions and innovation (劳动竞赛, 经济技术创新): what the core needs to know of the module."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = (
    "competitions.view_competition",
    "competitions.view_participant",
    "competitions.view_stage",
    "competitions.view_score",
    "competitions.view_prizebatch",
    "competitions.view_prize",
    "competitions.view_innovation",
    "competitions.view_innovationstudio",
)
ORGANISE = (
    "competitions.add_competition",
    "competitions.change_competition",
    "competitions.add_participant",
    "competitions.add_score",
    "competitions.add_prizebatch",
)
INNOVATE = (
    "competitions.add_innovation",
    "competitions.change_innovation",
    "competitions.add_innovationstudio",
    "competitions.change_innovationstudio",
)
FIGURES = ("competitions.view_figures",)

MODULE = Module(
    name="competitions",
    label=_("Competitions and innovation"),
    url_prefix="competitions/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations", "members"),
    section=_("Competitions and commendation"),
    navigation=(
        Nav(_("Labour competitions"), "competitions:list", "trophy", "competitions.view_competition", 90),
        Nav(_("Innovations"), "competitions:innovation_list", "lightbulb", "competitions.view_innovation", 91),
        Nav(_("Innovation studios"), "competitions:studio_list", "tools", "competitions.view_innovationstudio", 92),
        Nav(_("Competition figures"), "competitions:figures", "graph-up", "competitions.view_figures", 93),
    ),
    # Federations (county, township, sector) organise competitions and pay their prizes; every union
    # records its employers' innovations and studios; the leader reads (no change).
    grants={
        Role.COUNTY_ADMIN: (*READ, *ORGANISE, *INNOVATE, *FIGURES),
        Role.UNION_STAFF: (*READ, *ORGANISE, *INNOVATE, *FIGURES),
        Role.GRASSROOTS_OFFICER: ("competitions.view_innovation", "competitions.view_innovationstudio", *INNOVATE),
        # the lists behind the dashboard's measures and their rows' pages; personal data stays masked
        Role.LEADER: (*READ, *FIGURES),
    },
    sheets=("gonghui.competitions.lists", "gonghui.competitions.sheets"),
    figures=("gonghui.competitions.figures.CompetitionFigures",),
    measures=("gonghui.competitions.measures.MEASURES",),
    demo=("gonghui.competitions.demo",),
    # Its API under /api/v1/competitions/: the same lists, selectors, forms and services (core/api).
    api=("gonghui.competitions.api",),
)
