"""Member welfare's pages: thin, each reads through a selector or writes through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.figures.years import year_from_request, years_offered
from gonghui.core.money import yuan
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_action, service_form
from gonghui.welfare import figures, lists, selectors, services
from gonghui.welfare.entry import payout_enter
from gonghui.welfare.forms import BatchForm, LineAmountForm, PayoutForm, SettingForm
from gonghui.welfare.models import WelfareCap
from gonghui.welfare.workflows import BatchState

VIEW = "welfare.view_welfarepayout"


@login_required
@permission_required(VIEW, raise_exception=True)
def payout_list(request: AuthedRequest) -> HttpResponse:
    return lists.PAYOUTS.render(request, "welfare/payout_list.html")


@login_required
@permission_required(VIEW, raise_exception=True)
def payout_detail(request: AuthedRequest, welfare_payout_id: int) -> HttpResponse:
    obj = selectors.get_payout_for_user(request.user, welfare_payout_id)
    return render(request, "welfare/payout_detail.html", {"object": obj})


@login_required
@permission_required("welfare.add_welfarepayout", raise_exception=True)
def payout_create(request: AuthedRequest) -> HttpResponse:
    initial = {"union": request.user.union_id, "item": request.GET.get("item", "")}
    form = PayoutForm(request.POST or None, user=request.user, initial=initial)
    return service_form(
        request,
        form,
        lambda form: payout_enter(actor=request.user, **form.payout_fields()),
        template="welfare/payout_form.html",
        context={"table": selectors.table_in_force(request.user)},
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: (
            _("%(item)s of %(amount)s for %(name)s recorded.")
            % {"item": obj.item_label, "amount": yuan(obj.amount), "name": obj.worker.name}
        ),
    )


@login_required
@permission_required("welfare.view_welfarebatch", raise_exception=True)
def batch_list(request: AuthedRequest) -> HttpResponse:
    return lists.BATCHES.render(request, "welfare/batch_list.html")


@login_required
@permission_required("welfare.add_welfarebatch", raise_exception=True)
def batch_create(request: AuthedRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, initial={"union": request.user.union_id})
    return service_form(
        request,
        form,
        lambda form: services.batch_create(actor=request.user, **form.cleaned_data),
        template="welfare/batch_form.html",
        success=lambda obj: obj.get_absolute_url(),
        message=_("The batch is made: check every line, then submit it for approval."),
    )


@login_required
@permission_required("welfare.view_welfarebatch", raise_exception=True)
def batch_detail(request: AuthedRequest, welfare_batch_id: int) -> HttpResponse:
    batch = selectors.get_batch_for_user(request.user, welfare_batch_id)
    lines = selectors.lines_of_batch(request.user, batch)
    editable = batch.state == BatchState.DRAFT and request.user.has_perm("welfare.change_welfarebatch")
    return render(
        request,
        "welfare/batch_detail.html",
        {
            "object": batch,
            "lines": lines,
            "refused": sum(1 for line in lines if line.refusal),
            "total": sum((line.amount for line in lines), 0),
            "editable": editable,
        },
    )


@login_required
@permission_required("welfare.change_welfarebatch", raise_exception=True)
def batch_line_update(request: AuthedRequest, welfare_line_id: int) -> HttpResponse:
    line = selectors.get_batch_line_for_user(request.user, welfare_line_id)
    form = LineAmountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return service_action(
            request,
            lambda: services.batch_line_update(actor=request.user, line=line, amount=form.cleaned_data["amount"]),
            success=line.batch.get_absolute_url(),
            message=_("Line changed; every line checked again."),
        )
    if request.method == "POST":
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(line.batch.get_absolute_url())


@destructive
@login_required
@permission_required("welfare.change_welfarebatch", raise_exception=True)
def batch_line_remove(request: AuthedRequest, welfare_line_id: int) -> HttpResponse:
    line = selectors.get_batch_line_for_user(request.user, welfare_line_id)
    return service_action(
        request,
        lambda: services.batch_line_remove(actor=request.user, line=line),
        success=line.batch.get_absolute_url(),
        message=_("%(name)s taken out of the batch.") % {"name": line.worker.name},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def caps(request: AuthedRequest) -> HttpResponse:
    """Every province's caps, the one in force, and (for the county administrator) the choice."""
    in_force = selectors.table_in_force(request.user)
    form = None
    if request.user.has_perm("welfare.change_welfaresetting"):
        form = SettingForm(request.POST or None, initial={"table": in_force})
        if request.method == "POST":
            return service_form(
                request,
                form,
                lambda form: services.welfare_setting_change(actor=request.user, table=form.cleaned_data["table"]),
                template="welfare/caps.html",
                context=_caps_context(request, in_force),
                success=request.path,
                message=_("The caps in force are changed."),
            )
    return render(request, "welfare/caps.html", {"form": form, **_caps_context(request, in_force)})


def _caps_context(request: AuthedRequest, in_force: object) -> dict[str, object]:
    return {"tables": selectors.cap_tables(request.user), "in_force": in_force, "bases": WelfareCap.Basis}


@login_required
@permission_required(VIEW, raise_exception=True)
def spending(request: AuthedRequest) -> HttpResponse:
    """Spending per member by union and item in a year, against the caps; each count a link to its payouts."""
    year = year_from_request(request)
    lines = figures.spending_lines(request.user, year)
    return render(
        request,
        "welfare/spending.html",
        {
            "year": year,
            "years": years_offered(year),
            "lines": lines,
            "in_force": selectors.table_in_force(request.user),
        },
    )
