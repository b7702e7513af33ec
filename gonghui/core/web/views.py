from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core.accounts.roles import Role
from gonghui.core.figures import measures
from gonghui.core.figures import views as figure_views
from gonghui.core.tree import selectors as tree_selectors
from gonghui.core.tree.models import Union
from gonghui.core.web import reminders
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import PER_PAGE

HOME_TEMPLATES = {
    Role.COUNTY_ADMIN: "web/home_union.html",
    Role.UNION_STAFF: "web/home_union.html",
    Role.GRASSROOTS_OFFICER: "web/home_union.html",
    Role.ASSISTANCE_CENTRE: "web/home_union.html",
    Role.LEADER: "web/home_union.html",
    Role.SECURITY_ADMIN: "web/home_security.html",
    Role.AUDIT_ADMIN: "web/home_audit.html",
    Role.WORKER: "web/home_worker.html",
}
# Roles whose home page is the dashboard of their part of the tree.
DASHBOARD_HOME = frozenset({Role.LEADER, Role.COUNTY_ADMIN})
# Rows on one page of the reminders (a module constant so that tests can make pages short).
REMINDERS_PER_PAGE = PER_PAGE


def index(request: HttpRequest) -> HttpResponse:
    return redirect("web:home" if request.user.is_authenticated else "accounts:login")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The first page after login: what this role works on, in this user's part of the tree."""
    user = request.user
    if user.role in DASHBOARD_HOME and measures.measures_for(user):
        # The leader's and the county administrator's first page: the dashboard (core/figures)
        dashboard = {**figure_views.dashboard_context(request), "home": True}
        dashboard["reminder_count"] = reminders.for_request(request).count
        counts = tree_selectors.kind_counts(user, user.union)
        dashboard["kind_counts"] = [(Union.Kind(k).label, counts[k]) for k in Union.Kind.values if k in counts]
        return render(request, "figures/dashboard.html", dashboard)
    context: dict[str, object] = {"role": Role(user.role)}
    if user.has_perm("tree.view_union"):
        counts = tree_selectors.kind_counts(user, user.union)
        context["kind_counts"] = [(Union.Kind(k).label, counts.get(k, 0)) for k in Union.Kind.values if k in counts]
        context["children"] = tree_selectors.children_for_user(user, user.union)[:20]
    context["reminder_count"] = reminders.for_request(request).count
    return render(request, HOME_TEMPLATES[Role(user.role)], context)


@login_required
def reminder_badge(request: AuthedRequest) -> HttpResponse:
    """The number on the bell, fetched by the page once it has shown (so no page waits for the count)."""
    return render(request, "web/_reminder_badge.html", {"count": reminders.for_request(request).count()})


@login_required
def reminders_page(request: AuthedRequest) -> HttpResponse:
    """Everything due or overdue for the user, grouped by kind, by due date; the bell counts the same list."""
    everything = reminders.for_request(request)
    listing = replace(reminders.REMINDERS, per_page=REMINDERS_PER_PAGE)
    context = {
        "groups": everything.groups,
        "total": everything.count(),
        "overdue": sum(group.overdue for group in everything.groups),
        "kind": listing.form(request.GET, request.user).values["kind"],
        "today": everything.today,
    }
    return listing.render(request, "web/reminders.html", context, fixed={"everything": everything})
