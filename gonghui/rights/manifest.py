"""Labour relations (维权): early warnings, mediation committees, dispute mediation (docs/rights.md)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = ("rights.view_alert", "rights.view_dispute", "rights.view_mediationcommittee")
WRITE = (
    "rights.add_alert",
    "rights.change_alert",
    "rights.add_dispute",
    "rights.change_dispute",
    "rights.add_mediationcommittee",
    "rights.change_mediationcommittee",
)
FIGURES = ("rights.view_figures",)
# The leader reads the figures and the lists its measures open (read only; personal data stays masked).
LEADER_READ = (*FIGURES, "rights.view_alert", "rights.view_dispute")

MODULE = Module(
    name="rights",
    label=_("Labour relations"),
    url_prefix="rights/",
    requires=("organisations", "members"),
    navigation=(
        Nav(_("Early warnings"), "rights:alert_list", "exclamation-triangle", "rights.view_alert", 60),
        Nav(_("Labour disputes"), "rights:dispute_list", "chat-left-quote", "rights.view_dispute", 61),
        Nav(_("Mediation committees"), "rights:committee_list", "people", "rights.view_mediationcommittee", 62),
        Nav(_("Labour relations figures"), "rights:figures", "graph-up", "rights.view_figures", 63),
    ),
    # Grassroots unions record signals and mediate at their employers; townships and the county
    # see their subtree, confirm what the periodic job raises and receive what is reported up.
    grants={
        Role.COUNTY_ADMIN: (*READ, *WRITE, *FIGURES),
        Role.UNION_STAFF: (*READ, *WRITE, *FIGURES),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        Role.LEADER: LEADER_READ,
    },
    reminders={"rights.limitation": "gonghui.rights.reminders.LimitationReminders"},
    panels={"organisations.employer": ("gonghui.rights.panels.EmployerLabourRelations",)},
    sheets=("gonghui.rights.lists", "gonghui.rights.sheets"),
    api=("gonghui.rights.api",),
    figures=("gonghui.rights.figures.RightsFigures",),
    measures=("gonghui.rights.measures.MEASURES",),
    demo=("gonghui.rights.demo",),
    concerns=("gonghui.rights.selectors.employer_concerns",),
)
