"""The assistance figures page and the list of deep-hardship households not reached this year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gonghui.assistance import figures as assistance_figures
from gonghui.assistance.classification import Category
from gonghui.core.figures.townships import township_names, township_of
from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import paginate

PER_PAGE = 50


@login_required
@permission_required("assistance.view_figures", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    data = assistance_figures.figures_for_user(request.user, year=year)
    context = {
        "figures": data,
        "reach": data.reach,
        "money": data.money,
        "year": year,
        "years": years_offered(year),
        # Whoever may not open the file list sees the figures without the lists behind them.
        "can_list": data.links,
        "categories": Category.choices,
        "can_see_programs": request.user.has_perm("assistance.view_program"),
        "can_see_batches": request.user.has_perm("assistance.view_disbursement"),
    }
    return render(request, "assistance/figures.html", context)


@login_required
@permission_required(("assistance.view_figures", "assistance.view_hardshipfile"), raise_exception=True)
def unreached(request: AuthedRequest) -> HttpResponse:
    year = year_from_request(request)
    today = timezone.localdate()
    page = paginate(request, assistance_figures.unreached_files(request.user, year), PER_PAGE)
    files = list(page.object_list)
    townships = township_names({township_of(file.union.path) for file in files})
    rows = [
        {
            "file": file,
            "township": townships.get(township_of(file.union.path), (None, ""))[1],
            "months": assistance_figures.filed_months(file.filed_on, today),
        }
        for file in files
    ]
    context = {"page": page, "rows": rows, "year": year, "years": years_offered(year)}
    return render(request, "assistance/unreached.html", context)
