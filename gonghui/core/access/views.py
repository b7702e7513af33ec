from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.access import selectors, services
from gonghui.core.access.forms import AccountRequestForm
from gonghui.core.access.workflows import AccountRequestFlow
from gonghui.core.tree.scoping import acting_as
from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import paginate


@login_required
@permission_required("access.view_accountrequest", raise_exception=True)
def request_list(request: AuthedRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "state")}
    if filters["state"] not in AccountRequestFlow.state_map:
        filters["state"] = ""
    requests = selectors.account_requests_for_user(request.user, state=filters["state"], q=filters["q"])
    page = paginate(request, requests)
    context = {"page": page, "filters": filters, "states": AccountRequestFlow.choices()}
    template = "access/request_list.html#rows" if request.htmx else "access/request_list.html"
    return render(request, template, context)


@login_required
@permission_required("access.add_accountrequest", raise_exception=True)
def request_create(request: AuthedRequest) -> HttpResponse:
    with acting_as(request.user):
        form = AccountRequestForm(request.POST or None, initial={"union": request.user.union_id})
        if request.method == "POST" and form.is_valid():
            try:
                created = services.account_request_create(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your request has been submitted."))
                return redirect(created.get_absolute_url())
        return render(request, "access/request_form.html", {"form": form})


@login_required
@permission_required("access.view_accountrequest", raise_exception=True)
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    account_request = selectors.get_account_request_for_user(request.user, request_id)
    return render(
        request, "access/request_detail.html", {"account_request": account_request, "object": account_request}
    )
