"""The assistance figures page and the list of deep-hardship households not reached this year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gonghui.assistance import figures as assistance_figures
from gonghui.assistance.classification import Category
from gonghui.core.web.converters import parse_year
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.pagination import paginate

PER_PAGE = 50
FIRST_YEAR = 2000
YEARS_OFFERED = 10


def _year(request: AuthedRequest) -> int:
    """``?year=``: a year from 2000 to next year, else this year (Asia/Shanghai)."""
    this_year = timezone.localdate().year
    year = parse_year(request.GET.get("year", ""))
    if year is not None and FIRST_YEAR <= year <= this_year + 1:
        return year
    return this_year


def _years_offered(selected: int) -> list[int]:
    this_year = timezone.localdate().year
    years = set(range(this_year + 1, this_year - YEARS_OFFERED, -1)) | {selected}
    return sorted(years, reverse=True)


@login_required
@permission_required("assistance.view_figures", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    data = assistance_figures.figures_for_user(request.user, year=year)
    # Leaders see the figures without the lists of households behind them.
    can_list = request.user.has_perm("assistance.view_hardshipfile")
    context = {
        "figures": data,
        "reach": data.reach,
        "money": data.money,
        "year": year,
        "years": _years_offered(year),
        "can_list": can_list,
        "categories": Category.choices,
        "can_see_programs": request.user.has_perm("assistance.view_program"),
        "can_see_batches": request.user.has_perm("assistance.view_disbursement"),
        "chart_data": data.chart_data(links=can_list),
    }
    return render(request, "assistance/figures.html", context)


@login_required
@permission_required(("assistance.view_figures", "assistance.view_hardshipfile"), raise_exception=True)
def unreached(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    today = timezone.localdate()
    page = paginate(request, assistance_figures.unreached_files(request.user, year), PER_PAGE)
    files = list(page.object_list)
    townships = assistance_figures.township_names(
        {file.union.path[: assistance_figures.TOWNSHIP_PATH_LENGTH] for file in files}
    )
    rows = [
        {
            "file": file,
            "township": townships.get(file.union.path[: assistance_figures.TOWNSHIP_PATH_LENGTH], (None, ""))[1],
            "months": assistance_figures.filed_months(file.filed_on, today),
        }
        for file in files
    ]
    context = {"page": page, "rows": rows, "year": year, "years": _years_offered(year)}
    return render(request, "assistance/unreached.html", context)
