from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gonghui.core.reference import selectors
from gonghui.core.reference.kinds import KINDS
from gonghui.core.reference.lists import DIVISIONS, ENTRIES
from gonghui.core.web.http import AuthedRequest


@require_GET
@login_required
@permission_required("reference.view_reference", raise_exception=True)
def index(request: AuthedRequest) -> HttpResponse:
    context = {"kinds": selectors.kind_counts(), "last_load": selectors.last_load()}
    return render(request, "reference/index.html", context)


@require_GET
@login_required
@permission_required("reference.view_reference", raise_exception=True)
def kind_entries(request: AuthedRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    listing = DIVISIONS if kind == "division" else ENTRIES
    forced = None if kind in selectors.PARENT_COLUMN else {"parent": ""}  # only divisions and industries nest
    form = listing.form(request.GET, request.user)
    parent = "" if forced else form.values["parent"]
    context = {
        "kind": KINDS[kind],
        "parent_name": selectors.name_of(kind, parent) if parent else None,
        "tree": kind == "division" and not form.values["q"] and not parent,
    }
    return listing.render(request, "reference/kind.html", context, fixed={"kind": kind}, forced=forced)
