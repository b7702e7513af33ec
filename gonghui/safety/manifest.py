"""Workplace safety (群众安全生产监督, 查隐患、促整改、保安全): what the core needs to know of the module."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = (
    "safety.view_hazard",
    "safety.view_hazardphoto",
    "safety.view_inspector",
    "safety.view_safetyactivity",
    "safety.view_majorhazardreport",
)
WRITE = (
    "safety.add_hazard",
    "safety.change_hazard",
    "safety.add_hazardphoto",
    "safety.add_inspector",
    "safety.change_inspector",
    "safety.add_safetyactivity",
)
FIGURES = ("safety.view_figures",)
# The leader reads the figures and the hazard list its measures open (read only).
LEADER_READ = (*FIGURES, "safety.view_hazard")

MODULE = Module(
    name="safety",
    label=_("Workplace safety"),
    url_prefix="safety/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations", "members"),
    section=_("Labour relations and safety"),
    navigation=(
        Nav(_("Safety hazards"), "safety:hazard_list", "exclamation-triangle", "safety.view_hazard", 70),
        Nav(_("Safety inspectors"), "safety:inspector_list", "person-badge", "safety.view_inspector", 71),
        Nav(_("Safety activities"), "safety:activity_list", "trophy", "safety.view_safetyactivity", 72),
        Nav(_("Safety figures"), "safety:figures", "graph-up", "safety.view_figures", 73),
    ),
    # Grassroots unions record the hazards at their employers and push them to rectification;
    # townships and the county see their subtree, are reminded of what escalates to them and of
    # every major hazard reported to them; the leader reads the figures and the hazard list.
    grants={
        Role.COUNTY_ADMIN: (*READ, *WRITE, *FIGURES),
        Role.UNION_STAFF: (*READ, *WRITE, *FIGURES),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        Role.LEADER: LEADER_READ,
    },
    reminders={"safety.major": "gonghui.safety.reminders.MajorHazardReminders"},
    sheets=("gonghui.safety.lists", "gonghui.safety.sheets"),
    figures=("gonghui.safety.figures.SafetyFigures",),
    measures=("gonghui.safety.measures.MEASURES",),
    demo=("gonghui.safety.demo",),
    api=("gonghui.safety.api",),
    panels={"organisations.employer": ("gonghui.safety.panels.EmployerHazards",)},
    concerns=("gonghui.safety.selectors.employer_concerns",),
)
