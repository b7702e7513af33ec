"""The labour relations figures page: every number a link to its list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.web.http import AuthedRequest
from gonghui.rights.figures import rights_report


@login_required
@permission_required("rights.view_figures", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    report = rights_report(request.user, year=year)
    return render(request, "rights/figures.html", {"report": report, "years": years_offered(year)})
