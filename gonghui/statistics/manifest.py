"""Statistics form: what the core needs to know of the module (core/modules; docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = ("statistics.view_statisticsreport",)
WRITE = ("statistics.change_statisticsreport",)

MODULE = Module(
    name="statistics",
    label=_("Statistics form"),
    url_prefix="statistics/",
    # Its live values come from every module's measures, read through the core's registry
    # (core/figures/measures.py); the cover's division code from the organisations' employers.
    requires=("organisations", "members"),
    navigation=(
        Nav(_("Statistics form"), "statistics:overview", "clipboard-data", "statistics.view_statisticsreport", 90),
    ),
    grants={
        # A union's own officers and the federations above fill in and submit its form; the leader reads.
        Role.COUNTY_ADMIN: (*READ, *WRITE),
        Role.UNION_STAFF: (*READ, *WRITE),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        Role.LEADER: READ,
    },
    demo=("gonghui.statistics.demo",),
    # Its API under /api/v1/statistics/: the unions' forms of a year, a form and its steps (core/api).
    api=("gonghui.statistics.api",),
)
