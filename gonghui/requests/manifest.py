"""Worker requests (职工诉求): what the core needs to know of the module (core/modules; docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = ("requests.view_request",)
WRITE = ("requests.add_request", "requests.change_request")
FIGURES = ("requests.view_figures",)

MODULE = Module(
    name="requests",
    label=_("Worker requests"),
    url_prefix="requests/",
    # The modules this one stands on and may import (their models, selectors and services): the
    # employer and the worker's record, and the two it converts a request into.
    requires=("organisations", "members", "rights", "assistance"),
    section=_("Services to workers"),
    navigation=(
        Nav(_("Worker requests"), "requests:list", "chat-square-text", "requests.view_request", 80),
        Nav(_("Request figures"), "requests:figures", "graph-up", "requests.view_figures", 81),
    ),
    # Every union answers the requests routed to it; townships and the county see their subtree
    # and what escalates to them; the leader reads the figures and the list behind them. Workers
    # reach their own requests through their pages (no permission: their record names them).
    grants={
        Role.COUNTY_ADMIN: (*READ, *WRITE, *FIGURES),
        Role.UNION_STAFF: (*READ, *WRITE, *FIGURES),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        # The leader opens the list behind the dashboard's measures: read only, contacts masked.
        Role.LEADER: (*READ, *FIGURES),
    },
    reminders={"requests.assigned": "gonghui.requests.reminders.AssignedRequests"},
    sheets=("gonghui.requests.lists",),
    figures=("gonghui.requests.figures.RequestFigures",),
    measures=("gonghui.requests.measures.MEASURES",),
    demo=("gonghui.requests.demo",),
    # Its API under /api/v1/requests/: the same lists, selectors, forms and services (core/api).
    api=("gonghui.requests.api",),
    panels={
        "web.worker_home": ("gonghui.requests.panels.MyRequests",),
        "organisations.employer": ("gonghui.requests.panels.EmployerRequests",),
    },
)
