"""Honours's pages: thin, each reads through a selector or writes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.certificates.documents import certificate_pdf_response
from gonghui.core.certificates.selectors import certificates_for_source
from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import service_action, service_form
from gonghui.core.web.public import public, throttle
from gonghui.honours import lists, selectors, services
from gonghui.honours.forms import (
    AllowanceRateForm,
    BatchForm,
    CampaignForm,
    CareForm,
    ModelWorkerForm,
    NominationForm,
    ObjectionAnswerForm,
    ObjectionForm,
    QuotaForm,
)
from gonghui.honours.models import INDIVIDUAL, AwardCampaign
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations

CAMPAIGN_EDITABLE = (
    "title",
    "year",
    "categories",
    "conditions",
    "nominations_due",
    "min_frontline_percent",
    "max_leader_percent",
    "notice_working_days",
)

# --- Campaigns -----------------------------------------------------------------------------------


@login_required
@permission_required("honours.view_awardcampaign", raise_exception=True)
def campaign_list(request: AuthedRequest) -> HttpResponse:
    return lists.CAMPAIGNS.render(request, "honours/campaign_list.html")


@login_required
@permission_required("honours.add_awardcampaign", raise_exception=True)
def campaign_create(request: AuthedRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, initial={"union": request.user.union_id})
    return service_form(
        request,
        form,
        lambda form: services.campaign_create(actor=request.user, **form.cleaned_data),
        template="honours/campaign_form.html",
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: _("%(name)s opened.") % {"name": obj.title},
    )


@login_required
@permission_required("honours.change_awardcampaign", raise_exception=True)
def campaign_edit(request: AuthedRequest, award_campaign_id: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, award_campaign_id)
    if not selectors.may_organise(request.user, campaign):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, initial={name: getattr(campaign, name) for name in CAMPAIGN_EDITABLE})
    del form.fields["union"]
    return service_form(
        request,
        form,
        lambda form: services.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data),
        template="honours/campaign_form.html",
        context={"object": campaign},
        success=campaign.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("honours.view_awardcampaign", raise_exception=True)
def campaign_detail(request: AuthedRequest, award_campaign_id: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, award_campaign_id)
    organiser = selectors.may_organise(request.user, campaign)
    quota_form = None
    if organiser and request.user.has_perm("honours.change_awardcampaign"):
        quota_form = QuotaForm(campaign=campaign, unions=selectors.quota_unions(request.user, campaign))
    unions = selectors.nominating_unions(request.user, campaign)
    rows = [(union, selectors.list_status_for_user(request.user, campaign, union.pk)) for union in unions]
    return render(
        request,
        "honours/campaign_detail.html",
        {
            "campaign": campaign,
            "organiser": organiser,
            "quota_form": quota_form,
            "quotas": selectors.quotas_of(request.user, campaign),
            "lists": rows,
        },
    )


@login_required
@require_POST
@permission_required("honours.change_awardcampaign", raise_exception=True)
def quota_set(request: AuthedRequest, award_campaign_id: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, award_campaign_id)
    if not selectors.may_organise(request.user, campaign):
        raise PermissionDenied
    unions = selectors.quota_unions(request.user, campaign)
    form = QuotaForm(request.POST, campaign=campaign, unions=unions)
    if form.is_valid():
        union = next(u for u in unions if u.pk == form.cleaned_data["union"])
        try:
            services.quota_set(
                actor=request.user,
                campaign=campaign,
                union=union,
                category=form.cleaned_data["category"],
                places=form.cleaned_data["places"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Quota saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(campaign.get_absolute_url())


def _union_list_context(request: AuthedRequest, campaign: AwardCampaign, union_id: int) -> dict[str, Any]:
    status = selectors.list_status_for_user(request.user, campaign, union_id)
    rows = selectors.nominations_for_user(request.user, campaign=str(campaign.pk), union=str(union_id))
    return {"campaign": campaign, "union_id": union_id, "status": status, "rows": rows}


@login_required
@permission_required("honours.view_nomination", raise_exception=True)
def union_list(request: AuthedRequest, award_campaign_id: int, union_id: int) -> HttpResponse:
    """A nominating union's list in a campaign: its nominees, places and composition, checked live."""
    campaign = selectors.get_campaign_for_user(request.user, award_campaign_id)
    context = _union_list_context(request, campaign, union_id)
    union = next((u for u in selectors.nominating_unions(request.user, campaign) if u.pk == union_id), None)
    if union is None:
        raise Http404
    form = None
    if request.user.has_perm("honours.add_nomination"):
        employers = list(organisations.employers_for_user(request.user, within=union).order_by("name")[:500])
        form = NominationForm(request.POST or None, campaign=campaign, employers=employers)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("worker_q", None)
            try:
                if data.get("worker"):
                    data["worker"] = members.get_worker_for_user(request.user, data["worker"])
                if data.get("employer"):
                    data["employer"] = next(e for e in employers if e.pk == data["employer"])
                if data["category"] not in INDIVIDUAL:
                    data["worker"] = None
                services.nomination_create(actor=request.user, campaign=campaign, union=union, **data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            except Http404:
                form.add_error("worker_q", _("Choose the worker from the registry."))
            else:
                messages.success(request, _("Nominee added."))
                return redirect(reverse("honours:union_list", args=[campaign.pk, union.pk]))
    context.update(union=union, form=form)
    return render(request, "honours/union_list.html", context)


@login_required
@permission_required("honours.view_nomination", raise_exception=True)
def composition(request: AuthedRequest, award_campaign_id: int, union_id: int) -> HttpResponse:
    """The list's places and shares, counting the nominee being entered (htmx, as the form changes)."""
    campaign = selectors.get_campaign_for_user(request.user, award_campaign_id)
    candidate: dict[str, Any] = {}
    category = request.GET.get("category", "")
    if category in campaign.categories:
        candidate = {
            "category": category,
            "frontline": request.GET.get("frontline") in ("on", "1", "true"),
            "leader": request.GET.get("leader") in ("on", "1", "true"),
        }
    status = selectors.list_status_for_user(request.user, campaign, union_id, candidate=candidate or None)
    return render(
        request,
        "honours/_composition.html",
        {"campaign": campaign, "status": status, "previewing": bool(candidate)},
    )


@login_required
@permission_required("honours.add_nomination", raise_exception=True)
def worker_search(request: AuthedRequest, award_campaign_id: int, union_id: int) -> HttpResponse:
    """Workers of the nominating union's subtree matching the typed name or ID number (htmx)."""
    selectors.get_campaign_for_user(request.user, award_campaign_id)
    q = request.GET.get("worker_q", "")
    rows = members.workers_to_pick(request.user, q, union=union_id)
    context = {"picker_rows": rows, "q": q, "pick_field": "worker", "label": _("Choose"), "choose_testid": "worker-"}
    return render(request, "members/_worker_picker.html#results", context)


@login_required
@require_POST
@permission_required("honours.change_nomination", raise_exception=True)
def union_submit(request: AuthedRequest, award_campaign_id: int, union_id: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, award_campaign_id)
    union = next((u for u in selectors.nominating_unions(request.user, campaign) if u.pk == union_id), None)
    if union is None:
        raise Http404
    return service_action(
        request,
        lambda: services.nominations_submit(actor=request.user, campaign=campaign, union=union),
        success=reverse("honours:union_list", args=[campaign.pk, union.pk]),
        message=lambda count: _("%(count)d nominations submitted.") % {"count": count},
    )


# --- Nominations ---------------------------------------------------------------------------------


@login_required
@permission_required("honours.view_nomination", raise_exception=True)
def nomination_list(request: AuthedRequest) -> HttpResponse:
    return lists.NOMINATIONS.render(request, "honours/nomination_list.html")


@login_required
@permission_required("honours.view_nomination", raise_exception=True)
def nomination_detail(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.get_nomination_for_user(request.user, nomination_id)
    return render(
        request,
        "honours/nomination_detail.html",
        {
            "nomination": nomination,
            "warnings": selectors.nomination_warnings(request.user, nomination),
            "objections": selectors.objections_of(request.user, nomination),
            "answer_form": ObjectionAnswerForm() if request.user.has_perm("honours.change_objection") else None,
            "certificates": list(certificates_for_source(request.user, nomination)),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
@permission_required("honours.change_objection", raise_exception=True)
def objection_answer(request: AuthedRequest, objection_id: int) -> HttpResponse:
    objection = selectors.get_objection_for_user(request.user, objection_id)
    form = ObjectionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer."))
        return redirect(objection.get_absolute_url())
    return service_action(
        request,
        lambda: services.objection_answer(actor=request.user, objection=objection, answer=form.cleaned_data["answer"]),
        success=objection.get_absolute_url(),
        message=_("Answer recorded."),
    )


@login_required
@permission_required("honours.view_nomination", raise_exception=True)
def nomination_certificate(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.get_nomination_for_user(request.user, nomination_id)
    certificate = certificates_for_source(request.user, nomination).first()
    if certificate is None:
        raise Http404
    return certificate_pdf_response(request, certificate, back_to=nomination.get_absolute_url())


# --- The public notice (公示): anyone may read it and object -------------------------------------


@public
def notice_index(request: HttpRequest) -> HttpResponse:
    return render(request, "honours/notice_index.html", {"campaigns": selectors.notice_campaigns()})


@public
def notice_detail(request: HttpRequest, award_campaign_id: int) -> HttpResponse:
    """A campaign's nominees in public notice: name, employer, deeds — never an ID number or a phone."""
    campaign, rows = selectors.notice_of_campaign(award_campaign_id)
    form = ObjectionForm(request.POST or None, nominations=rows)
    if request.method == "POST":
        refusal = throttle(request, "honours.objection", limit=5, per=60)
        if refusal:
            form.add_error(None, refusal)
        elif form.is_valid():
            nomination = next(n for n in rows if n.pk == form.cleaned_data["nomination"])
            try:
                services.objection_record(
                    actor=None,
                    nomination=nomination,
                    text=form.cleaned_data["text"],
                    contact_name=form.cleaned_data["contact_name"],
                    contact_phone=form.cleaned_data["contact_phone"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your objection has been recorded. The union will look into it."))
                return redirect(reverse("honours:notice_detail", args=[campaign.pk]))
    return render(request, "honours/notice_detail.html", {"campaign": campaign, "rows": rows, "form": form})


# --- Model workers -------------------------------------------------------------------------------


@login_required
@permission_required("honours.view_modelworker", raise_exception=True)
def model_worker_list(request: AuthedRequest) -> HttpResponse:
    return lists.MODEL_WORKERS.render(request, "honours/model_worker_list.html")


@login_required
@permission_required("honours.add_modelworker", raise_exception=True)
def model_worker_create(request: AuthedRequest) -> HttpResponse:
    form = ModelWorkerForm(request.POST or None, initial={"union": request.user.union_id})
    return service_form(
        request,
        form,
        lambda form: services.model_worker_create(actor=request.user, **form.cleaned_data),
        template="honours/model_worker_form.html",
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: _("%(name)s added.") % {"name": obj.name},
    )


@login_required
@permission_required("honours.change_modelworker", raise_exception=True)
def model_worker_edit(request: AuthedRequest, model_worker_id: int) -> HttpResponse:
    obj = selectors.get_model_worker_for_user(request.user, model_worker_id)
    names = ("name", "level", "honour", "honoured_year", "status", "farmer", "workplace")
    form = ModelWorkerForm(request.POST or None, initial={name: getattr(obj, name) for name in names})
    del form.fields["union"]
    form.fields["phone"].help_text = _("Leave empty to keep the number on record.")
    return service_form(
        request,
        form,
        lambda form: services.model_worker_update(
            actor=request.user,
            model_worker=obj,
            **{k: v for k, v in form.cleaned_data.items() if k != "phone"},
            phone=form.cleaned_data["phone"] or None,
        ),
        template="honours/model_worker_form.html",
        context={"object": obj},
        success=obj.get_absolute_url(),
        message=_("Saved."),
    )


@login_required
@permission_required("honours.view_modelworker", raise_exception=True)
def model_worker_detail(request: AuthedRequest, model_worker_id: int) -> HttpResponse:
    obj = selectors.get_model_worker_for_user(request.user, model_worker_id)
    rate, monthly = selectors.allowance_of(request.user, obj)
    form = CareForm() if request.user.has_perm("honours.add_carerecord") else None
    return render(
        request,
        "honours/model_worker_detail.html",
        {"object": obj, "care": selectors.care_of(request.user, obj), "rate": rate, "monthly": monthly, "form": form},
    )


@login_required
@require_POST
@permission_required("honours.add_carerecord", raise_exception=True)
def care_add(request: AuthedRequest, model_worker_id: int) -> HttpResponse:
    obj = selectors.get_model_worker_for_user(request.user, model_worker_id)
    form = CareForm(request.POST)
    if form.is_valid():
        try:
            services.care_record(
                actor=request.user,
                model_worker=obj,
                **{**form.cleaned_data, "amount": form.cleaned_data["amount"] or 0},
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Care recorded."))
            return redirect(obj.get_absolute_url())
    rate, monthly = selectors.allowance_of(request.user, obj)
    return render(
        request,
        "honours/model_worker_detail.html",
        {"object": obj, "care": selectors.care_of(request.user, obj), "rate": rate, "monthly": monthly, "form": form},
    )


@login_required
@permission_required("honours.view_carerecord", raise_exception=True)
def care_list(request: AuthedRequest) -> HttpResponse:
    return lists.CARE.render(request, "honours/care_list.html")


@login_required
@permission_required("honours.view_allowancerate", raise_exception=True)
def allowance_rates(request: AuthedRequest) -> HttpResponse:
    form = None
    if request.user.has_perm("honours.change_allowancerate"):
        form = AllowanceRateForm(request.POST or None, initial={"union": request.user.union_id})
        if request.method == "POST":
            if request.POST.get("examples"):
                return service_action(
                    request,
                    lambda: services.allowance_examples_load(actor=request.user, union=request.user.union),
                    success=reverse("honours:allowance_rates"),
                    message=lambda count: _("%(count)d example rates added.") % {"count": count},
                )
            if form.is_valid():
                try:
                    services.allowance_rate_set(actor=request.user, **form.cleaned_data)
                except (ValidationError, PermissionDenied) as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("honours:allowance_rates")
    return render(
        request,
        "honours/allowance_rates.html",
        {"rates": selectors.allowance_rates_for_user(request.user), "form": form},
    )


@login_required
@permission_required("honours.view_reststaybatch", raise_exception=True)
def batch_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "honours/batch_list.html", {"rows": selectors.batches_for_user(request.user)[:200]})


@login_required
@permission_required("honours.add_reststaybatch", raise_exception=True)
def batch_create(request: AuthedRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, initial={"union": request.user.union_id})
    return service_form(
        request,
        form,
        lambda form: services.batch_create(actor=request.user, **form.cleaned_data),
        template="honours/batch_form.html",
        success=lambda obj: obj.get_absolute_url(),
        message=lambda obj: _("%(name)s added.") % {"name": obj.name},
    )


@login_required
@permission_required("honours.view_reststaybatch", raise_exception=True)
def batch_detail(request: AuthedRequest, rest_batch_id: int) -> HttpResponse:
    batch = selectors.get_batch_for_user(request.user, rest_batch_id)
    return render(
        request,
        "honours/batch_detail.html",
        {
            "batch": batch,
            "stays": selectors.batch_stays(request.user, batch),
            "candidates": selectors.batch_candidates(request.user, batch),
        },
    )


@login_required
@require_POST
@permission_required("honours.add_carerecord", raise_exception=True)
def batch_add(request: AuthedRequest, rest_batch_id: int, model_worker_id: int) -> HttpResponse:
    batch = selectors.get_batch_for_user(request.user, rest_batch_id)
    worker = selectors.get_model_worker_for_user(request.user, model_worker_id)
    return service_action(
        request,
        lambda: services.batch_add(actor=request.user, batch=batch, model_worker=worker),
        success=batch.get_absolute_url(),
        message=_("%(name)s added to the batch.") % {"name": worker.name},
    )


@login_required
@permission_required("honours.view_nomination", raise_exception=True)
def figures(request: AuthedRequest) -> HttpResponse:
    from gonghui.core.figures.years import year_from_request, years_offered
    from gonghui.honours.figures import honours_figures

    year = year_from_request(request)
    return render(
        request,
        "honours/figures.html",
        {"year": year, "years": years_offered(year), "figures": honours_figures(request.user, year=year)},
    )
