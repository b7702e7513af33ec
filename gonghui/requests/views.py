"""Worker requests' pages: thin, each reads through a selector or writes through a service.

Three audiences: a signed-out worker (the public form, its employer search, the tracking page:
``@public``, throttled per address, challenged), a signed-in worker (their own requests) and
union staff (the list, a request's page with its workflow, recording a call or a visit, figures).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.core.accounts.roles import Role
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import add_service_errors, service_form
from gonghui.core.web.public import public, throttle
from gonghui.requests import figures, lists, rules, selectors, services
from gonghui.requests.forms import (
    PublicRequestForm,
    RateForm,
    StaffRequestForm,
    TrackForm,
    WorkerRateForm,
    WorkerRequestForm,
)
from gonghui.requests.models import Request
from gonghui.requests.workflows import OPEN_STATES

NEW_CODE = "requests.new_code"
SUBMIT_LIMIT = (5, 60)
TRACK_LIMIT = (10, 60)
SEARCH_LIMIT = (30, 60)


# --- The signed-out worker ----------------------------------------------------------------------


@public
def submit(request: HttpRequest) -> HttpResponse:
    """The public form: a request without an account; the tracking code is shown once, next page."""
    form = PublicRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        refusal = throttle(request, "requests.submit", limit=SUBMIT_LIMIT[0], per=SUBMIT_LIMIT[1])
        if refusal:
            form.add_error(None, refusal)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                created = services.request_submit(
                    actor=None,
                    category=data["category"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    description=data["description"],
                    employer_id=data.get("employer"),
                    employer_name=data.get("employer_name") or "",
                    township=data.get("township"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session[NEW_CODE] = created.code
                return redirect("requests:submitted")
    employer_id = form.data.get("employer") if form.is_bound else None
    picked = _picked_employer(employer_id)
    return render(
        request,
        "requests/public_form.html",
        {"form": form, "picked": picked, "picked_list": [picked] if picked else []},
    )


def _picked_employer(value: Any) -> tuple[int, str] | None:
    """The employer chosen before a refused submission, shown again (its public name only)."""
    employer_id = parse_id(str(value or ""))
    if employer_id is None:
        return None
    return next(iter(selectors.public_employer_names([employer_id])), None)


@public
def submitted(request: HttpRequest) -> HttpResponse:
    """The tracking code, shown once: it leaves the session as it is shown."""
    code = request.session.pop(NEW_CODE, None)
    if not code:
        return redirect("requests:track")
    return render(request, "requests/public_submitted.html", {"code": rules.format_code(code)})


@public
@require_GET
def employer_search(request: HttpRequest) -> HttpResponse:
    """Employers whose name holds ``q``: ids and names only (htmx: the choices to pick from; else JSON)."""
    refusal = throttle(request, "requests.search", limit=SEARCH_LIMIT[0], per=SEARCH_LIMIT[1])
    q = request.GET.get("employer_name", request.GET.get("q", ""))[:50]
    found = [] if refusal else selectors.public_employer_search(q)
    if request.headers.get("HX-Request"):
        return render(
            request, "requests/_employer_choices.html", {"employers": found, "refusal": refusal, "q": q.strip()}
        )
    if refusal:
        return JsonResponse({"error": refusal, "results": []}, status=429)
    return JsonResponse({"results": [{"id": pk, "name": name} for pk, name in found]})


def _tracking_context(found: Request | None) -> dict[str, Any]:
    if found is None:
        return {}
    return {
        "found": found,
        "open": found.state in OPEN_STATES,
        "overdue": rules.is_overdue(found, timezone.localdate(), OPEN_STATES),
    }


@public
def track(request: HttpRequest) -> HttpResponse:
    """Follow a request by its code (posted, so it stays out of addresses and logs)."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    found = None
    rate_form = None
    if request.method == "POST":
        refusal = throttle(request, "requests.track", limit=TRACK_LIMIT[0], per=TRACK_LIMIT[1])
        if refusal:
            form.add_error(None, refusal)
        elif form.is_valid():
            found = selectors.request_by_code(form.cleaned_data["code"])
            if found is None:
                form.add_error("code", _("No request has this tracking code. Check it and try again."))
            else:
                rate_form = RateForm(initial={"code": found.code})
    return render(
        request,
        "requests/public_track.html",
        {"form": form if found is None else TrackForm(), "rate_form": rate_form, **_tracking_context(found)},
    )


@public
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """The worker's rating of the answer, on the tracking page (once)."""
    form = RateForm(request.POST)
    refusal = throttle(request, "requests.track", limit=TRACK_LIMIT[0], per=TRACK_LIMIT[1])
    found = None
    if refusal:
        form.add_error(None, refusal)
    elif form.is_valid():
        try:
            found = services.request_rate_by_code(
                actor=None,
                code=form.cleaned_data["code"],
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you: your rating is recorded."))
    if found is None and not refusal:
        found = selectors.request_by_code(str(request.POST.get("code", ""))[:20])
    return render(
        request,
        "requests/public_track.html",
        {
            "form": TrackForm(),
            "rate_form": form if found is not None and not found.satisfaction else None,
            **_tracking_context(found),
        },
    )


# --- The signed-in worker -----------------------------------------------------------------------


def _worker_only(request: AuthedRequest) -> None:
    if request.user.role != Role.WORKER:
        raise Http404("a worker's own pages")


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    _worker_only(request)
    return render(request, "requests/mine.html", {"rows": selectors.my_requests(request.user)})


@login_required
def mine_new(request: AuthedRequest) -> HttpResponse:
    _worker_only(request)
    form = WorkerRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_file_by_worker(
                actor=request.user,
                category=data["category"],
                description=data["description"],
                contact_phone=data.get("contact_phone") or "",
                employer_name=data.get("employer_name") or "",
                township=data.get("township"),
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your request is received. Its tracking code is %(code)s.") % {"code": created.display_code},
            )
            return redirect("requests:mine_detail", worker_request_id=created.pk)
    return render(request, "requests/mine_form.html", {"form": form})


@login_required
def mine_detail(request: AuthedRequest, worker_request_id: int) -> HttpResponse:
    _worker_only(request)
    found = selectors.get_my_request(request.user, worker_request_id)
    form = WorkerRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_rate_by_worker(
                actor=request.user,
                request=found,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your rating is recorded."))
            return redirect("requests:mine_detail", worker_request_id=worker_request_id)
    return render(request, "requests/mine_detail.html", {"rate_form": form, **_tracking_context(found)})


# --- Union staff --------------------------------------------------------------------------------


@login_required
@permission_required("requests.view_request", raise_exception=True)
def request_list(request: AuthedRequest) -> HttpResponse:
    return lists.REQUESTS.render(request, "requests/list.html", context={"today": timezone.localdate()})


@login_required
@permission_required("requests.view_request", raise_exception=True)
def request_detail(request: AuthedRequest, worker_request_id: int) -> HttpResponse:
    found = selectors.get_request_for_user(request.user, worker_request_id)
    return render(
        request,
        "requests/detail.html",
        {"object": found, "overdue": rules.is_overdue(found, timezone.localdate(), OPEN_STATES)},
    )


@login_required
@permission_required("requests.add_request", raise_exception=True)
def request_record(request: AuthedRequest) -> HttpResponse:
    """A hotline call (12351) or a visit, recorded by staff."""
    form = StaffRequestForm(request.POST or None, initial={"union": request.user.union_id})

    def call(form: StaffRequestForm) -> Request:
        data = form.cleaned_data
        return services.request_record(
            actor=request.user,
            channel=data["channel"],
            category=data["category"],
            contact_name=data["contact_name"],
            contact_phone=data.get("contact_phone") or "",
            description=data["description"],
            received_on=data["received_on"],
            union=data["union"],
            employer_id=data.get("employer"),
            employer_name=data.get("employer_name") or "",
        )

    picked = _picked_employer(form.data.get("employer")) if form.is_bound else None
    return service_form(
        request,
        form,
        call,
        template="requests/form.html",
        context={"picked": picked, "picked_list": [picked] if picked else []},
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: _("Request %(code)s recorded.") % {"code": obj.display_code},
    )


@login_required
@permission_required("requests.view_figures", raise_exception=True)
def request_figures(request: AuthedRequest) -> HttpResponse:
    year = parse_year(request.GET.get("year", "")) or timezone.localdate().year
    return render(request, "requests/figures.html", {"figures": figures.request_figures(request.user, year=year)})
