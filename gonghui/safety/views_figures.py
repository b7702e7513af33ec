"""The safety figures page: hazards found, fixed on time, overdue, major; by township, industry, month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.web.http import AuthedRequest
from gonghui.safety.figures import safety_figures


@login_required
@permission_required("safety.view_figures", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    return render(
        request,
        "safety/figures.html",
        {"year": year, "years": years_offered(year), "figures": safety_figures(request.user, year=year)},
    )
