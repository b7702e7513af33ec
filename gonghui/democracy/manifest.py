"""Democratic management and collective bargaining: what the core needs to know of the module (core/modules)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = (
    "democracy.view_congress",
    "democracy.view_delegate",
    "democracy.view_session",
    "democracy.view_motion",
    "democracy.view_disclosure",
    "democracy.view_collectivecontract",
    "democracy.view_minimumwage",
    "democracy.view_figures",
)
WRITE = (
    "democracy.add_congress",
    "democracy.change_congress",
    "democracy.add_delegate",
    "democracy.delete_delegate",
    "democracy.add_session",
    "democracy.change_session",
    "democracy.add_motion",
    "democracy.change_motion",
    "democracy.add_disclosure",
    "democracy.add_collectivecontract",
    "democracy.change_collectivecontract",
)
# The leader reads the figures and the lists its measures open (read only; personal data stays masked).
LEADER_READ = (
    "democracy.view_figures",
    "democracy.view_session",
    "democracy.view_collectivecontract",
    "democracy.view_delegate",
)
# The local minimum wage is the county's reference figure: its administrators keep it.
COUNTY = ("democracy.add_minimumwage", "democracy.change_minimumwage")

MODULE = Module(
    name="democracy",
    label=_("Democratic management"),
    url_prefix="democracy/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations", "members"),
    section=_("Democratic management"),
    navigation=(
        Nav(_("Workers' congresses"), "democracy:congress_list", "people", "democracy.view_congress", 70),
        Nav(_("Congress sittings"), "democracy:session_list", "calendar-event", "democracy.view_session", 71),
        Nav(_("Motions"), "democracy:motion_list", "lightbulb", "democracy.view_motion", 72),
        Nav(
            _("Collective contracts"),
            "democracy:contract_list",
            "file-earmark-text",
            "democracy.view_collectivecontract",
            73,
        ),
        Nav(_("Democracy employers"), "democracy:employer_list", "building", "democracy.view_congress", 74),
        Nav(_("Democracy figures"), "democracy:figures", "graph-up", "democracy.view_figures", 75),
        Nav(_("Local minimum wage"), "democracy:minimum_wages", "cash", "democracy.view_minimumwage", 76),
        Nav(_("Congress delegates"), "democracy:delegate_list", "person-vcard", "democracy.view_delegate", 77),
    ),
    grants={
        Role.COUNTY_ADMIN: (*READ, *WRITE, *COUNTY),
        Role.UNION_STAFF: (*READ, *WRITE),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        Role.LEADER: LEADER_READ,
    },
    reminders={
        "democracy.sittings": "gonghui.democracy.reminders.SittingReminders",
        "democracy.materials": "gonghui.democracy.reminders.MaterialsReminders",
        "democracy.renewals": "gonghui.democracy.reminders.RenewalReminders",
    },
    sheets=("gonghui.democracy.lists", "gonghui.democracy.sheets"),
    figures=("gonghui.democracy.figures.DemocracyFigures",),
    measures=("gonghui.democracy.measures.MEASURES",),
    demo=("gonghui.democracy.demo",),
    api=("gonghui.democracy.api",),
    panels={"organisations.employer": ("gonghui.democracy.panels.EmployerDemocracy",)},
    concerns=("gonghui.democracy.selectors.employer_concerns",),
)
