from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.tree import selectors, services
from gonghui.core.tree.forms import UnionForm, UnionMoveForm
from gonghui.core.tree.lists import UNIONS
from gonghui.core.tree.models import Union
from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest


@login_required
@permission_required("tree.view_union", raise_exception=True)
def union_list(request: AuthedRequest) -> HttpResponse:
    return UNIONS.render(request, "tree/union_list.html")


@login_required
@permission_required("tree.view_union", raise_exception=True)
def union_detail(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = selectors.get_union_for_user(request.user, union_id)
    counts = selectors.kind_counts(request.user, union)
    context = {
        "union": union,
        "ancestors": selectors.ancestors_for_user(request.user, union),
        "children": selectors.children_for_user(request.user, union),
        "kind_counts": [(Union.Kind(k).label, counts[k]) for k in Union.Kind.values if k in counts],
    }
    return render(request, "tree/union_detail.html", context)


@login_required
@permission_required("tree.add_union", raise_exception=True)
def union_create(request: AuthedRequest, union_id: int) -> HttpResponse:
    parent = selectors.get_union_for_user(request.user, union_id)
    form = UnionForm(request.POST or None, initial={"kind": Union.Kind.GRASSROOTS})
    if request.method == "POST" and form.is_valid():
        try:
            union = services.union_create(actor=request.user, parent=parent, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": union.name})
            return redirect("tree:union_detail", union_id=union.pk)
    return render(request, "tree/union_form.html", {"form": form, "parent": parent})


@login_required
@permission_required("tree.change_union", raise_exception=True)
def union_edit(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = selectors.get_union_for_user(request.user, union_id)
    form = UnionForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.union_update(actor=request.user, union=union, **changed)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("tree:union_detail", union_id=union.pk)
    return render(request, "tree/union_form.html", {"form": form, "union": union})


@login_required
@permission_required("tree.move_union", raise_exception=True)
def union_move(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = selectors.get_union_for_user(request.user, union_id)
    form = UnionMoveForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        try:
            services.union_move(actor=request.user, union=union, new_parent=form.cleaned_data["new_parent"])
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s moved.") % {"name": union.name})
            return redirect("tree:union_detail", union_id=union.pk)
    return render(request, "tree/union_move.html", {"form": form, "union": union})
