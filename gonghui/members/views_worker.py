"""The worker's own pages (role 职工), the card check, and accounts for workers.

* ``/members/me/`` and ``/members/me/card/``: the signed-in worker's membership and electronic
  member card; ``/members/card/<id>/`` a card by its record's id, shown only to that worker.
  Every other user gets 404 (a worker's pages are nobody else's business, not even staff's).
* ``/members/card/check/?ref=…``: what the card's QR code opens, for union staff.
* ``/members/workers/<id>/account/`` and ``…/activation/``: staff make the worker's account or
  issue a one-time code; ``/members/activate/`` (public) is where the worker uses the code.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.core.accounts.roles import Role
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.public import public, throttle
from gonghui.members import selectors, selectors_mine, services, services_accounts
from gonghui.members.cards import card_check_url, qr_svg_data_uri
from gonghui.members.forms_accounts import ActivationForm

ACTIVATION_LIMIT = 5  # attempts per address per minute


def worker_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, role worker; anyone else gets 404 (these pages exist only for the worker)."""

    @wraps(view)
    def check(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.role != Role.WORKER:
            raise Http404("a worker's own page")
        return view(request, *args, **kwargs)

    return login_required(check)


@worker_only
@require_GET
def my_membership(request: AuthedRequest) -> HttpResponse:
    mine = selectors_mine.my_membership(request.user)
    return render(request, "members/mine_membership.html", {"mine": mine})


def _card_page(request: AuthedRequest, mine: selectors_mine.MyMembership | None) -> HttpResponse:
    context: dict[str, Any] = {"mine": mine}
    if mine is not None and mine.worker.card_number:
        context["qr"] = qr_svg_data_uri(card_check_url(request, mine.worker.pk))
    response = render(request, "members/mine_card.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@worker_only
@require_GET
def my_card(request: AuthedRequest) -> HttpResponse:
    return _card_page(request, selectors_mine.my_membership(request.user))


@worker_only
@require_GET
def card(request: AuthedRequest, worker_id: int) -> HttpResponse:
    return _card_page(request, selectors_mine.get_my_card(request.user, worker_id))


@login_required
@permission_required("members.view_worker", raise_exception=True)
@require_GET
def card_check(request: AuthedRequest) -> HttpResponse:
    ref = request.GET.get("ref", "")
    result = selectors_mine.card_check(request.user, ref) if ref else None
    if result is not None and result.worker_id is not None:
        worker = selectors.get_worker_for_user(request.user, result.worker_id)
        services.worker_viewed(actor=request.user, worker=worker)
    return render(request, "members/card_check.html", {"result": result, "ref": ref})


# --- Accounts for workers ----------------------------------------------------------------------


def _kept_worker(request: AuthedRequest, worker_id: int) -> Any:
    worker = selectors.get_worker_for_user(request.user, worker_id)
    if not selectors.worker_is_kept_by(request.user, worker):
        raise PermissionDenied
    return worker


@login_required
@permission_required(("members.change_worker", "members.add_worker"), raise_exception=True)
@require_POST
@never_cache
def account_create(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = _kept_worker(request, worker_id)
    try:
        user, password = services_accounts.worker_account_create(actor=request.user, worker=worker)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(worker.get_absolute_url())
    context = {"worker": worker, "account": user, "password": password}
    return render(request, "members/account_issued.html", context)


@login_required
@permission_required("members.change_worker", raise_exception=True)
@require_POST
@never_cache
def activation_issue(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = _kept_worker(request, worker_id)
    try:
        activation, code = services_accounts.worker_activation_issue(actor=request.user, worker=worker)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(worker.get_absolute_url())
    context = {
        "worker": worker,
        "activation": activation,
        "code": code,
        "activate_url": request.build_absolute_uri(reverse("members:activate")),
    }
    return render(request, "members/account_issued.html", context)


@public
@require_http_methods(["GET", "POST"])
@never_cache
def activate(request: HttpRequest) -> HttpResponse:
    """The worker makes their account with the one-time code (signed out; throttled per address)."""
    form = ActivationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        refusal = throttle(request, "members.activate", limit=ACTIVATION_LIMIT, per=60)
        if refusal:
            form.add_error(None, refusal)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                user = services_accounts.worker_account_activate(
                    actor=None,
                    id_number=data["id_number"],
                    phone=data["phone"],
                    code=data["code"],
                    password=data["password"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages[0] if exc.messages else str(services_accounts.MISMATCH))
            else:
                return render(request, "members/activate_done.html", {"username": user.username})
    return render(request, "members/activate.html", {"form": form})
