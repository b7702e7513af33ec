from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gonghui.core.reference import selectors
from gonghui.core.reference.kinds import KINDS
from gonghui.core.reference.models import Division
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import paginate

# The divisions read as a tree (codes sort parents before children), so show more per page.
DIVISION_PAGE_SIZE = 200
DIVISION_DEPTH = {level: depth for depth, level in enumerate(Division.Level.values)}


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
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "parent")}
    if kind not in selectors.PARENT_COLUMN:
        filters["parent"] = ""
    queryset = selectors.entries(kind, q=filters["q"], parent=filters["parent"] or None)
    is_division = kind == "division"
    if is_division:
        queryset = queryset.order_by("code")
    page = paginate(request, queryset, per_page=DIVISION_PAGE_SIZE if is_division else 50)
    rows = [{"entry": entry, "depth": DIVISION_DEPTH.get(getattr(entry, "level", ""), 0)} for entry in page.object_list]
    context = {
        "kind": KINDS[kind],
        "page": page,
        "rows": rows,
        "filters": filters,
        "parent_name": selectors.name_of(kind, filters["parent"]) if filters["parent"] else None,
        "tree": is_division and not filters["q"] and not filters["parent"],
    }
    template = "reference/kind.html#rows" if request.htmx else "reference/kind.html"
    return render(request, template, context)
