"""Honours's reads: each answers for the user it is given (``core/selectors.py``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.modules.concerns import Concern, employer_concerns
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.paths import ancestor_paths
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.honours import rules
from gonghui.honours.models import (
    AllowanceRate,
    AwardCampaign,
    CareRecord,
    ModelWorker,
    Nomination,
    Objection,
    Quota,
    RestStayBatch,
)
from gonghui.honours.workflows import LIVE_STATES, NominationState
from gonghui.members.models import Worker

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User

# --- Campaigns -----------------------------------------------------------------------------------


@selector
def campaigns_for_user(user: User, *, q: str = "", year: str = "") -> QuerySet[AwardCampaign]:
    """Campaigns organised in ``user``'s subtree and by the unions above it (whose nominations it may send)."""
    scope_path = user.union.path if getattr(user, "union", None) is not None else None
    with system_scope("campaigns organised above the user are open to their nominations"):
        # unscoped: filtered just below to the user's subtree and the unions above it
        rows = AwardCampaign.unscoped.select_related("union")
        if scope_path is None:
            return rows.none()
        rows = rows.filter(subtree_q("union__path", scope_path) | Q(union__path__in=ancestor_paths(scope_path)))
    if year:
        number = parse_year(year)
        rows = rows.filter(year=number) if number else rows.none()
    if q.strip():
        rows = rows.filter(title__icontains=q.strip())
    return rows.order_by("-year", "-id")


@selector(sample=lambda s: {"award_campaign_id": s.id("award_campaign_id")})
def get_campaign_for_user(user: User, award_campaign_id: int) -> AwardCampaign:
    """One campaign ``user`` may see (organised in or above their subtree); 404 otherwise."""
    campaign = campaigns_for_user(user).filter(pk=award_campaign_id).first()
    if campaign is None:
        raise Http404
    return campaign


@selector(sample=lambda s: {"campaign": s.get(AwardCampaign, "award_campaign_id")})
def may_organise(user: User, campaign: AwardCampaign) -> bool:
    """Whether ``campaign`` is organised in ``user``'s subtree (quotas, settings)."""
    return AwardCampaign.objects.filter(pk=campaign.pk).exists()


@selector(sample=lambda s: {"campaign": s.get(AwardCampaign, "award_campaign_id")})
def quotas_of(user: User, campaign: AwardCampaign) -> list[Quota]:
    """The quotas of ``campaign`` given to unions of ``user``'s subtree."""
    return list(Quota.objects.filter(campaign=campaign).select_related("union").order_by("union__path", "category"))


@selector(sample=lambda s: {"campaign": s.get(AwardCampaign, "award_campaign_id")})
def nominating_unions(user: User, campaign: AwardCampaign) -> list[Union]:
    """The unions of ``user``'s subtree with a quota in ``campaign``."""
    ids = Quota.objects.filter(campaign=campaign).values_list("union_id", flat=True)
    return list(Union.objects.filter(pk__in=ids).order_by("path"))


@selector(sample=lambda s: {"campaign": s.get(AwardCampaign, "award_campaign_id")})
def quota_unions(user: User, campaign: AwardCampaign) -> list[Union]:
    """Unions an organiser may give places to: those below the campaign's union in ``user``'s subtree, two levels."""
    depth = campaign.union.depth
    return list(
        Union.objects.filter(subtree_q("path", campaign.union.path), depth__gt=depth, depth__lte=depth + 2)
        .order_by("path")
        .only("id", "name", "path", "depth")
    )


@selector(sample=lambda s: {"campaign": s.get(AwardCampaign, "award_campaign_id"), "union_id": s.world.union_c.pk})
def list_status_for_user(
    user: User, campaign: AwardCampaign, union_id: int, *, candidate: dict[str, Any] | None = None
) -> rules.ListStatus:
    """The nominating union's list in ``campaign`` (quota and composition); 404 for a union outside the scope.

    ``candidate`` (category, frontline, leader): a nominee being entered, counted as if added.
    """
    union = get_object_or_404(Union.objects.only("id"), pk=union_id)
    return rules.list_status(campaign, union.pk, candidate=candidate)


# --- Nominations ---------------------------------------------------------------------------------


@selector
def nominations_for_user(
    user: User,
    *,
    q: str = "",
    campaign: str = "",
    category: str = "",
    state: str = "",
    union: str = "",
    year: str = "",
) -> QuerySet[Nomination]:
    """The nominations sent by unions of ``user``'s subtree, filtered.

    ``state``: a workflow state, or ``live`` (neither withdrawn nor refused).
    """
    rows = Nomination.objects.select_related("campaign", "union", "employer")
    if campaign:
        number = parse_id(campaign)
        rows = rows.filter(campaign_id=number) if number else rows.none()
    if category:
        rows = rows.filter(category=category)
    if state == "live":
        rows = rows.filter(state__in=LIVE_STATES)
    elif state:
        rows = rows.filter(state=state)
    if union:
        number = parse_id(union)
        rows = rows.filter(union_id=number) if number else rows.none()
    if year:
        number = parse_year(year)
        rows = rows.filter(campaign__year=number) if number else rows.none()
    if q.strip():
        rows = rows.filter(Q(name__icontains=q.strip()) | Q(employer__name__icontains=q.strip()))
    return rows.order_by("-campaign__year", "campaign_id", "category", "id")


@selector(sample=lambda s: {"nomination_id": s.id("nomination_id")})
def get_nomination_for_user(user: User, nomination_id: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.select_related("campaign", "campaign__union", "union", "employer", "worker"),
        pk=nomination_id,
    )


@selector(sample=lambda s: {"nomination": s.get(Nomination, "nomination_id")})
def nomination_warnings(user: User, nomination: Nomination) -> list[Concern]:
    """What the platform's own data holds against the nominee, each with the page showing it.

    The employer's concerns from every module that publishes them (an open major hazard, a
    collective dispute, an early warning, no collective contract filed this year), read as
    ``user``; and, for an individual, a nominee who is not a union member.
    """
    found: list[Concern] = []
    if nomination.employer_id is not None:
        concerns = employer_concerns(user, [nomination.employer_id], year=nomination.campaign.year)
        found += concerns.get(nomination.employer_id, [])
    worker = nomination.worker
    if worker is not None and worker.member_status != Worker.MemberStatus.ACTIVE:
        found.append(
            Concern(
                _("The nominee is not a union member (%(status)s).") % {"status": worker.get_member_status_display()},
                worker.get_absolute_url(),
                "members",
            )
        )
    return found


@selector(sample=lambda s: {"nomination": s.get(Nomination, "nomination_id")})
def objections_of(user: User, nomination: Nomination) -> list[Objection]:
    return list(Objection.objects.filter(nomination=nomination).order_by("created_at", "id"))


@selector(sample=lambda s: {"objection_id": s.id("objection_id")})
def get_objection_for_user(user: User, objection_id: int) -> Objection:
    return get_object_or_404(Objection.objects.select_related("nomination"), pk=objection_id)


# --- The public notice (no user: read in the system scope) ------------------------------------------


def notice_campaigns(today: date | None = None) -> list[AwardCampaign]:
    """Campaigns with a nomination in public notice today, for the public page."""
    today = today or timezone.localdate()
    with system_scope("the public notice lists the campaigns whose nominations are in notice"):
        in_notice = Nomination.objects.filter(
            campaign=OuterRef("pk"), state=NominationState.NOTICE, notice_starts__lte=today
        )
        return list(AwardCampaign.objects.select_related("union").filter(Exists(in_notice)).order_by("-year", "-id"))


def notice_of_campaign(award_campaign_id: int, today: date | None = None) -> tuple[AwardCampaign, list[Nomination]]:
    """A campaign's nominations in public notice today (404 when none): what anyone may read."""
    today = today or timezone.localdate()
    with system_scope("a published notice is public: name, employer and deeds of the nominees in notice"):
        campaign = AwardCampaign.objects.select_related("union").filter(pk=award_campaign_id).first()
        rows = (
            list(
                Nomination.objects.select_related("employer", "union")
                .filter(campaign=campaign, state=NominationState.NOTICE, notice_starts__lte=today)
                .order_by("category", "id")
            )
            if campaign is not None
            else []
        )
    if campaign is None or not rows:
        raise Http404
    return campaign, rows


# --- Model workers -------------------------------------------------------------------------------

CARE_FILTERS = ("not_visited", "no_health_check", "never_rested", "hardship")


@selector
def model_workers_for_user(
    user: User,
    *,
    q: str = "",
    level: str = "",
    status: str = "",
    farmer: str = "",
    care: str = "",
    union: str = "",
    today: date | None = None,
) -> QuerySet[ModelWorker]:
    """The model workers kept in ``user``'s subtree, filtered; ``care``: one of ``CARE_FILTERS``."""
    today = today or timezone.localdate()
    rows = ModelWorker.objects.select_related("union")
    if level:
        rows = rows.filter(level=level)
    if status:
        rows = rows.filter(status=status)
    if farmer in ("1", "0"):
        rows = rows.filter(farmer=farmer == "1")
    if union:
        number = parse_id(union)
        node = Union.objects.filter(pk=number).only("path").first() if number else None
        rows = rows.filter(subtree_q("union__path", node.path)) if node else rows.none()
    if care == "not_visited":
        rows = rows.exclude(Exists(_visits_before_spring(today)))
    elif care == "no_health_check":
        rows = rows.exclude(
            Exists(
                CareRecord.objects.filter(
                    model_worker=OuterRef("pk"), kind=CareRecord.Kind.HEALTH_CHECK, on__year=today.year
                )
            )
        )
    elif care == "never_rested":
        rows = rows.exclude(
            Exists(CareRecord.objects.filter(model_worker=OuterRef("pk"), kind=CareRecord.Kind.REST_STAY))
        )
    elif care == "hardship":
        rows = rows.filter(hardship_file__isnull=False)
    elif care:
        rows = rows.none()
    if q.strip():
        rows = rows.filter(
            Q(name__icontains=q.strip()) | Q(honour__icontains=q.strip()) | Q(workplace__icontains=q.strip())
        )
    return rows.order_by("name", "id")


def _visits_before_spring(today: date) -> QuerySet[CareRecord]:
    start, festival = rules.festival_season(today)
    return CareRecord.objects.filter(
        model_worker=OuterRef("pk"),
        kind=CareRecord.Kind.VISIT,
        festival=CareRecord.Festival.SPRING,
        on__gte=start,
        on__lte=festival,
    )


@selector(sample=lambda s: {"model_worker_id": s.id("model_worker_id")})
def get_model_worker_for_user(user: User, model_worker_id: int) -> ModelWorker:
    return get_object_or_404(ModelWorker.objects.select_related("union", "worker", "hardship_file"), pk=model_worker_id)


@selector(sample=lambda s: {"model_worker": s.get(ModelWorker, "model_worker_id")})
def care_of(user: User, model_worker: ModelWorker) -> list[CareRecord]:
    return list(CareRecord.objects.filter(model_worker=model_worker).select_related("batch").order_by("-on", "-id"))


@selector
def care_records_for_user(
    user: User, *, kind: str = "", year: str = "", level: str = "", q: str = ""
) -> QuerySet[CareRecord]:
    """The care delivered to model workers of ``user``'s subtree, filtered by kind, year and level."""
    rows = CareRecord.objects.select_related("model_worker", "union", "batch")
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        number = parse_year(year)
        rows = rows.filter(on__year=number) if number else rows.none()
    if level:
        rows = rows.filter(model_worker__level=level)
    if q.strip():
        rows = rows.filter(model_worker__name__icontains=q.strip())
    return rows.order_by("-on", "-id")


@selector
def allowance_rates_for_user(user: User) -> QuerySet[AllowanceRate]:
    """The allowance tables of ``user``'s subtree and of the unions above it (which apply to it)."""
    scope_path = user.union.path if getattr(user, "union", None) is not None else None
    with system_scope("the allowance tables of the unions above apply to the user's model workers"):
        rows = AllowanceRate.unscoped.select_related("union")  # unscoped: filtered to the subtree and above
        if scope_path is None:
            return rows.none()
        rows = rows.filter(subtree_q("union__path", scope_path) | Q(union__path__in=ancestor_paths(scope_path)))
    return rows.order_by("union__path", "farmer", "level")


@selector(sample=lambda s: {"model_worker": s.get(ModelWorker, "model_worker_id")})
def allowance_of(user: User, model_worker: ModelWorker) -> tuple[AllowanceRate | None, Any]:
    """The rate that applies to ``model_worker`` and its monthly amount; 404 for a model worker outside the scope."""
    if not ModelWorker.objects.filter(pk=model_worker.pk).exists():
        raise Http404
    return rules.allowance_rate(model_worker), rules.monthly_allowance(model_worker)


@selector
def batches_for_user(user: User) -> QuerySet[RestStayBatch]:
    return RestStayBatch.objects.select_related("union").annotate(sent=Count("stays")).order_by("-starts_on", "-id")


@selector(sample=lambda s: {"rest_batch_id": s.id("rest_batch_id")})
def get_batch_for_user(user: User, rest_batch_id: int) -> RestStayBatch:
    return get_object_or_404(RestStayBatch.objects.select_related("union"), pk=rest_batch_id)


@selector(sample=lambda s: {"batch": s.get(RestStayBatch, "rest_batch_id")})
def batch_stays(user: User, batch: RestStayBatch) -> list[CareRecord]:
    return list(CareRecord.objects.filter(batch=batch).select_related("model_worker").order_by("model_worker__name"))


@selector(sample=lambda s: {"batch": s.get(RestStayBatch, "rest_batch_id")})
def batch_candidates(user: User, batch: RestStayBatch, *, limit: int = 30) -> list[ModelWorker]:
    """Model workers of the batch's union not in it, those never sent on a rest stay first, then the longest ago."""
    from django.db.models import Max

    rows = (
        ModelWorker.objects.filter(subtree_q("union__path", batch.union.path))
        .exclude(care__batch=batch)
        .annotate(last_stay=Max("care__on", filter=Q(care__kind=CareRecord.Kind.REST_STAY)))
        .order_by(models_nulls_first("last_stay"), "name", "id")
    )
    return list(rows[:limit])


def models_nulls_first(field: str) -> Any:
    from django.db.models import F

    return F(field).asc(nulls_first=True)
