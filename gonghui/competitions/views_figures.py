"""The competitions and innovation figures page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.competitions.figures import competition_figures
from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.web.http import AuthedRequest


@login_required
@permission_required("competitions.view_figures", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    return render(
        request,
        "competitions/figures.html",
        {"year": year, "years": years_offered(year), "figures": competition_figures(request.user, year=year)},
    )
