"""The training figures page: workers trained, completed and certified; by subject, township and year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.web.http import AuthedRequest
from gonghui.training.figures import training_figures


@login_required
@permission_required("training.view_figures", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    return render(
        request,
        "training/figures.html",
        {"year": year, "years": years_offered(year), "figures": training_figures(request.user, year=year)},
    )
