"""Pages of 一帮一 pairings: pairing a household, recording visits, ending a pairing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import selectors, services
from gonghui.assistance.forms import PairingForm, PairingVisitForm
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import destructive, service_action, service_form


@login_required
@permission_required("assistance.add_pairing", raise_exception=True)
def pairing_add(request: AuthedRequest, file_id: int) -> HttpResponse:
    file = selectors.get_file_for_user(request.user, file_id)
    return service_form(
        request,
        PairingForm(request.POST or None, initial={"starts_on": timezone.localdate()}),
        lambda form: services.pairing_create(actor=request.user, file=file, **form.cleaned_data),
        template="assistance/simple_form.html",
        context={"file": file, "title": _("Pair a cadre")},
        success=file.get_absolute_url(),
        message=_("Cadre paired with the household."),
    )


@login_required
@permission_required("assistance.add_pairingvisit", raise_exception=True)
def pairing_visit_add(request: AuthedRequest, pairing_id: int) -> HttpResponse:
    pairing = selectors.get_pairing_for_user(request.user, pairing_id)
    return service_form(
        request,
        PairingVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()}),
        lambda form: services.pairing_visit_add(actor=request.user, pairing=pairing, **form.cleaned_data),
        template="assistance/simple_form.html",
        context={"file": pairing.file, "title": _("Record a visit of %(cadre)s") % {"cadre": pairing.cadre_name}},
        success=pairing.file.get_absolute_url(),
        message=_("Visit recorded."),
    )


@login_required
@permission_required("assistance.change_pairing", raise_exception=True)
@destructive
def pairing_end(request: AuthedRequest, pairing_id: int) -> HttpResponse:
    pairing = selectors.get_pairing_for_user(request.user, pairing_id)
    return service_action(
        request,
        lambda: services.pairing_end(actor=request.user, pairing=pairing, ends_on=timezone.localdate()),
        success=pairing.file.get_absolute_url(),
        message=_("Pairing ended."),
    )
