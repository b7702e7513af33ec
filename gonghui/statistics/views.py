"""The statistics form's pages: thin, each reads through a selector or writes through a service.

* a grassroots or joint union's page is its form of a statistics year (``?year=``): live fields
  read-only with the list behind each, typed fields editable, each table's check state beside it;
* a federation's page lists its grassroots and joint unions with their forms' state, and links to
  the summary (the sums over those forms);
* both are offered as an Excel workbook in the form's layout and as a JSON file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.core.tree.models import Union
from gonghui.core.tree.selectors import get_union_for_user
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import download, service_form
from gonghui.statistics import lists, output, selectors, services
from gonghui.statistics.filled import FilledForm, FormState
from gonghui.statistics.forms import TypedForm
from gonghui.statistics.models import form_url

VIEW = "statistics.view_statisticsreport"
CHANGE = "statistics.change_statisticsreport"


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def overview(request: AuthedRequest) -> HttpResponse:
    """The user's own union: its form, or the federation's unions."""
    year = selectors.clean_year(request.GET.get("year"))
    return redirect(form_url(request.user.union_id, year))


@login_required
@permission_required(VIEW, raise_exception=True)
def union_page(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = get_union_for_user(request.user, union_id)
    year = selectors.clean_year(request.GET.get("year"))
    if not selectors.is_form_union(union):
        if request.method != "GET":
            raise Http404("a federation fills in no form of its own")
        return _federation(request, union, year)
    filled = selectors.form_for_user(request.user, union, year=year)
    editable = request.user.has_perm(CHANGE) and filled.state != FormState.SUBMITTED
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = TypedForm(request.POST if request.method == "POST" else None, filled=filled)
    if filled.report is not None:
        # The submit step's guard reads it (core/workflow's buttons): counted once for the page.
        filled.report.checks_pass = filled.passes
    return service_form(
        request,
        form,
        lambda form: services.report_save(
            actor=request.user, union=union, year=year, values=form.values(), **form.cover_values()
        ),
        template="statistics/form.html",
        context=_form_context(filled, form, editable),
        success=form_url(union.pk, year),
        message=_("Saved. The checks are read again below."),
    )


def _form_context(filled: FilledForm, form: TypedForm, editable: bool) -> dict[str, object]:
    rows = []
    for table in filled.tables:
        rows.append(
            (
                table,
                [
                    (entry, form[entry.field.code] if editable and entry.field.code in form.fields else None)
                    for entry in table.entries
                ],
            )
        )
    cover = [(entry, form[entry.code] if editable and entry.code in form.fields else None) for entry in filled.cover]
    return {
        "filled": filled,
        "union": filled.union,
        "year": filled.year,
        "years": selectors.years_offered(),
        "tables": rows,
        "cover": cover,
        "editable": editable,
        "report": filled.report,
    }


def _federation(request: AuthedRequest, union: Union, year: int) -> HttpResponse:
    user = request.user
    return lists.UNION_FORMS.render(
        request,
        "statistics/federation.html",
        {"union": union, "year": year},
        page_context=lambda: {
            "counts": selectors.form_counts_for_user(user, union, year=year),
            "years": selectors.years_offered(),
        },
        fixed={"within": union},
    )


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def summary(request: AuthedRequest, union_id: int) -> HttpResponse:
    union = get_union_for_user(request.user, union_id)
    year = selectors.clean_year(request.GET.get("year"))
    filled = selectors.summary_for_user(request.user, union, year=year)
    tables = [(table, [(entry, None) for entry in table.entries]) for table in filled.tables]
    return render(
        request,
        "statistics/summary.html",
        {"filled": filled, "union": union, "year": year, "years": selectors.years_offered(), "tables": tables},
    )


def _filled(request: AuthedRequest, union_id: int) -> FilledForm:
    union = get_union_for_user(request.user, union_id)
    year = selectors.clean_year(request.GET.get("year"))
    if selectors.is_form_union(union):
        return selectors.form_for_user(request.user, union, year=year)
    return selectors.summary_for_user(request.user, union, year=year)


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def export_xlsx(request: AuthedRequest, union_id: int) -> HttpResponse:
    """The form (a federation: the summary) as a workbook in the form's layout."""
    filled = _filled(request, union_id)
    services.statistics_exported(actor=request.user, union=filled.union, year=filled.year, what="xlsx")
    return download(
        output.workbook(filled),
        output.filename(filled, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        fallback=f"statistics-{filled.union.pk}-{filled.year}.xlsx",
    )


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def export_json(request: AuthedRequest, union_id: int) -> HttpResponse:
    """The form (a federation: the summary) as a machine-readable JSON file."""
    filled = _filled(request, union_id)
    services.statistics_exported(actor=request.user, union=filled.union, year=filled.year, what="json")
    return download(
        output.json_bytes(filled),
        output.filename(filled, "json"),
        content_type="application/json",
        fallback=f"statistics-{filled.union.pk}-{filled.year}.json",
    )


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def report(request: AuthedRequest, statistics_report_id: int) -> HttpResponse:
    """A form by its id (the workflow's timeline and the API name it so): its union's page for its year."""
    found = selectors.get_report_for_user(request.user, statistics_report_id)
    return redirect(found.get_absolute_url())
