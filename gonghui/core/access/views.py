from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.access import selectors, services
from gonghui.core.access.forms import AccountRequestForm
from gonghui.core.access.lists import ACCOUNT_REQUESTS
from gonghui.core.tree.scoping import acting_as
from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest


@login_required
@permission_required("access.view_accountrequest", raise_exception=True)
def request_list(request: AuthedRequest) -> HttpResponse:
    return ACCOUNT_REQUESTS.render(request, "access/request_list.html")


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
