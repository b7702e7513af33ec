"""Pages of the founding pipeline (组建): the board and list, one case, opening a case.

The steps themselves are taken on the workflow's generic step page (``workflow:transition``),
which shows each step's form (``forms/founding.py``) and calls its effect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.web.http import AuthedRequest
from gonghui.organisations import lists, selectors
from gonghui.organisations.models import FoundingCase
from gonghui.organisations.selectors import founding as selectors_founding
from gonghui.organisations.services import founding as services_founding


@login_required
@permission_required("organisations.view_foundingcase", raise_exception=True)
def founding_list(request: AuthedRequest) -> HttpResponse:
    """The pipeline board (counts by state and union, each a link) and the filtered list of cases."""
    today = timezone.localdate()
    return lists.FOUNDING_CASES.render(
        request,
        "organisations/founding_list.html",
        {"today": today},
        page_context=lambda: {"board": selectors_founding.founding_board_for_user(request.user, today=today)},
        fixed={"today": today},
    )


@login_required
@permission_required("organisations.view_foundingcase", raise_exception=True)
def founding_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors_founding.get_founding_case_for_user(request.user, case_id)
    today = timezone.localdate()
    context = {
        "case": case,
        "today": today,
        "target_passed": case.is_open and case.target_date is not None and case.target_date < today,
    }
    return render(request, "organisations/founding_detail.html", context)


@login_required
@permission_required("organisations.add_foundingcase", raise_exception=True)
@require_POST
def founding_open(request: AuthedRequest, employer_id: int) -> HttpResponse:
    """Open a case for an employer without a union (or go to its open case)."""
    employer = selectors.get_employer_for_user(request.user, employer_id)
    try:
        case: FoundingCase = services_founding.founding_case_open(
            actor=request.user, employer=employer, source=FoundingCase.Source.REGISTER
        )
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", None) or [str(exc) or _("You may not do this.")]:
            messages.error(request, message)
        return redirect(employer.get_absolute_url())
    messages.success(request, _("%(name)s is in the founding pipeline.") % {"name": employer.name})
    return redirect(case.get_absolute_url())
