"""Member welfare: what the core needs to know of the module (core/modules; docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = ("welfare.view_welfarepayout", "welfare.view_welfarebatch", "welfare.view_welfaresetting")
WRITE = (
    "welfare.add_welfarepayout",
    "welfare.add_welfarebatch",
    "welfare.change_welfarebatch",
)

MODULE = Module(
    name="welfare",
    label=_("Member welfare"),
    url_prefix="welfare/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations", "members"),
    navigation=(Nav(_("Member welfare"), "welfare:payout_list", "gift", "welfare.view_welfarepayout", 90),),
    grants={
        Role.COUNTY_ADMIN: (*READ, *WRITE, "welfare.change_welfaresetting"),
        Role.UNION_STAFF: (*READ, *WRITE),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        Role.LEADER: READ,
    },
    sheets=("gonghui.welfare.lists", "gonghui.welfare.sheets"),
    figures=("gonghui.welfare.figures.WelfareFigures",),
    measures=("gonghui.welfare.measures.MEASURES",),
    demo=("gonghui.welfare.demo",),
    # Its API under /api/v1/welfare/: the same lists, selectors, forms and services (core/api).
    api=("gonghui.welfare.api",),
)
