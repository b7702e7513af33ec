"""The coverage page: founding and membership rates against the target, with the lists behind them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.web.http import AuthedRequest
from gonghui.organisations.coverage import coverage_for_user


@login_required
@permission_required("organisations.view_employer", raise_exception=True)
def coverage(request: AuthedRequest) -> HttpResponse:
    return render(request, "organisations/coverage.html", {"coverage": coverage_for_user(request.user)})
