"""Work report: what the core needs to know of the module (core/modules; docs/architecture.md).

The report reads every module through the measures they register (``core/figures/measures.py``),
never through their code: it imports no module. ``organisations`` is required for the tests,
which make founded unions to count.
"""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

# Asking for a report of one's own part of the tree is reading its figures: the same permission.
READ = ("reports.view_workreport",)
TEMPLATE = ("reports.view_reporttemplate", "reports.change_reporttemplate")

MODULE = Module(
    name="reports",
    label=_("Work report"),
    url_prefix="reports/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations",),
    section=_("Figures and reports"),
    navigation=(
        Nav(_("Work reports"), "reports:list", "file-earmark-text", "reports.view_workreport", 96),
        Nav(_("Work report template"), "reports:template", "file-earmark-word", "reports.change_reporttemplate", 97),
    ),
    grants={
        Role.COUNTY_ADMIN: (*READ, *TEMPLATE),
        Role.UNION_STAFF: READ,
        Role.LEADER: READ,
    },
)
