"""Honours's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.calendar.statutory import CalendarYearUnknown
from gonghui.core.certificates.services import certificate_issue
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform, workflow_start
from gonghui.honours import rules
from gonghui.honours.models import (
    INDIVIDUAL,
    AllowanceRate,
    AwardCampaign,
    CareRecord,
    Category,
    ModelWorker,
    Nomination,
    Objection,
    Quota,
    RestStayBatch,
)
from gonghui.honours.workflows import MIN_NOTICE_DAYS, NominationState

Action = AuditEvent.Action
CAMPAIGN_FIELDS = [
    "title",
    "year",
    "categories",
    "conditions",
    "nominations_due",
    "min_frontline_percent",
    "max_leader_percent",
    "notice_working_days",
]
NOMINATION_FIELDS = ["category", "name", "worker", "employer", "post", "frontline", "leader", "deeds"]
MODEL_WORKER_FIELDS = [
    "name",
    "worker",
    "level",
    "honour",
    "honoured_year",
    "status",
    "farmer",
    "workplace",
    "hardship_file",
]


def _today() -> date:
    return timezone.localdate()


# --- Campaigns -----------------------------------------------------------------------------------


@service(perm="honours.add_awardcampaign")
def campaign_create(*, actor: Actor, union: Union, **fields: Any) -> AwardCampaign:
    """Open a campaign organised by ``union`` (in the actor's subtree)."""
    check_scope(actor, union)
    campaign = AwardCampaign(union=union, **{k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS})
    _check_campaign(campaign)
    campaign.full_clean()
    campaign.save()
    audit_record(Action.CREATE, obj=campaign, changes=diff({}, snapshot(campaign, CAMPAIGN_FIELDS)))
    return campaign


@service(perm="honours.change_awardcampaign")
def campaign_update(*, actor: Actor, campaign: AwardCampaign, **fields: Any) -> AwardCampaign:
    check_scope(actor, campaign.union)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for name, value in fields.items():
        if name in CAMPAIGN_FIELDS:
            setattr(campaign, name, value)
    _check_campaign(campaign)
    campaign.full_clean()
    campaign.save()
    audit_record(Action.UPDATE, obj=campaign, changes=diff(before, snapshot(campaign, CAMPAIGN_FIELDS)))
    return campaign


def _check_campaign(campaign: AwardCampaign) -> None:
    codes = list(dict.fromkeys(campaign.categories or []))
    if not codes:
        raise ValidationError({"categories": _("Choose at least one category.")})
    if any(code not in Category.values for code in codes):
        raise ValidationError({"categories": _("Unknown category.")})
    campaign.categories = codes
    campaign.title = campaign.title.strip()


@service(perm="honours.change_awardcampaign")
def quota_set(*, actor: Actor, campaign: AwardCampaign, union: Union, category: str, places: int) -> Quota | None:
    """Give ``union`` (below the organiser) ``places`` in ``category``; 0 removes the quota."""
    check_scope(actor, campaign.union)
    check_scope(actor, union)
    if not union.path.startswith(campaign.union.path) or union.pk == campaign.union_id:
        raise ValidationError({"union": _("A quota goes to a union below the organiser.")})
    if category not in campaign.categories:
        raise ValidationError({"category": _("The campaign has no such category.")})
    if places < 0:
        raise ValidationError({"places": _("Give a number of places.")})
    # unscoped: the quota of a union both ends of which were checked in scope above
    quota = Quota.unscoped.filter(campaign=campaign, union=union, category=category).first()
    before = {"places": quota.places} if quota else {}
    if places == 0:
        if quota is not None:
            audit_record(Action.DELETE, obj=quota, changes=diff(before, {}))
            quota.delete()
        return None
    if quota is None:
        quota = Quota(campaign=campaign, union=union, category=category, places=places)
    quota.places = places
    quota.full_clean()
    quota.save()
    audit_record(Action.UPDATE if before else Action.CREATE, obj=quota, changes=diff(before, {"places": places}))
    return quota


# --- Nominations ---------------------------------------------------------------------------------


def _nominee(fields: dict[str, Any]) -> dict[str, Any]:
    category = fields.get("category") or ""
    if category not in Category.values:
        raise ValidationError({"category": _("Choose the category.")})
    worker = fields.get("worker")
    employer = fields.get("employer")
    if category in INDIVIDUAL:
        if worker is None:
            raise ValidationError({"worker": _("An individual honour needs the worker from the registry.")})
        fields["name"] = worker.name
        fields["employer"] = worker.employer
    else:
        fields["worker"] = None
        fields["frontline"] = fields["leader"] = False
        name = (fields.get("name") or "").strip()
        if not name and employer is not None:
            name = employer.name
        if not name:
            raise ValidationError({"name": _("Name the collective nominated (employer, team or union).")})
        fields["name"] = name
    if not (fields.get("deeds") or "").strip():
        raise ValidationError({"deeds": _("Describe the deeds.")})
    return fields


@service(perm="honours.add_nomination")
def nomination_create(*, actor: Actor, campaign: AwardCampaign, union: Union, **fields: Any) -> Nomination:
    """A nominee in the list of ``union`` (in the actor's subtree); refused over the quota."""
    check_scope(actor, union)
    fields = _nominee({k: v for k, v in fields.items() if k in NOMINATION_FIELDS})
    if fields["category"] not in campaign.categories:
        raise ValidationError({"category": _("The campaign has no such category.")})
    status = rules.list_status(
        campaign, union.pk, candidate={"category": fields["category"], "frontline": False, "leader": False}
    )
    if any(row.over for row in status.categories if row.category == fields["category"]):
        raise ValidationError({"category": _("The union's places in this category are all taken.")})
    nomination = Nomination(campaign=campaign, union=union, made_by=actor, **fields)
    nomination.full_clean()
    nomination.save()
    audit_record(Action.CREATE, obj=nomination, changes=diff({}, snapshot(nomination, NOMINATION_FIELDS)))
    workflow_start(actor=actor, obj=nomination)
    return nomination


@service(perm="honours.change_nomination")
def nomination_update(*, actor: Actor, nomination: Nomination, **fields: Any) -> Nomination:
    """Change a nomination still being prepared."""
    check_scope(actor, nomination.union)
    if nomination.state != NominationState.DRAFT:
        raise ValidationError(_("Only a nomination being prepared can be changed."))
    before = snapshot(nomination, NOMINATION_FIELDS)
    current = {name: getattr(nomination, name) for name in NOMINATION_FIELDS}
    current.update({k: v for k, v in fields.items() if k in NOMINATION_FIELDS})
    for name, value in _nominee(current).items():
        setattr(nomination, name, value)
    nomination.full_clean()
    nomination.save()
    audit_record(Action.UPDATE, obj=nomination, changes=diff(before, snapshot(nomination, NOMINATION_FIELDS)))
    return nomination


@service(perm="honours.change_nomination")
def nominations_submit(*, actor: Actor, campaign: AwardCampaign, union: Union) -> int:
    """Submit every nomination being prepared in the list of ``union``; refused while the list breaks a rule."""
    check_scope(actor, union)
    problems = rules.list_status(campaign, union.pk).problems
    if problems:
        raise ValidationError(_("The list cannot be submitted: %(problems)s.") % {"problems": "；".join(problems)})
    drafts = list(Nomination.objects.filter(campaign=campaign, union=union, state=NominationState.DRAFT))
    if not drafts:
        raise ValidationError(_("Nothing to submit: the list has no nomination being prepared."))
    for nomination in drafts:
        transition_perform(actor=actor, obj=nomination, name="submit")
    return len(drafts)


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def nomination_publish_notice(*, actor: Actor, nomination: Nomination, data: dict[str, Any]) -> Nomination:
    """Publish the public notice (公示): from today or later, for the campaign's working days at least."""
    today = _today()
    starts_on = data.get("starts_on") or today
    if starts_on < today:
        raise ValidationError({"starts_on": _("A notice cannot start in the past.")})
    days = int(data.get("working_days") or nomination.campaign.notice_working_days)
    minimum = max(MIN_NOTICE_DAYS, nomination.campaign.notice_working_days)
    if days < minimum:
        raise ValidationError({"working_days": _("A notice runs at least %(days)d working days.") % {"days": minimum}})
    try:
        ends_on = rules.notice_end(starts_on, days)
    except CalendarYearUnknown as unknown:
        raise ValidationError(
            {
                "starts_on": _(
                    "The notice would run into %(year)d, whose statutory holidays are not known yet: "
                    "ask the system administrator to add the %(year)d holiday arrangement, then publish it."
                )
                % {"year": unknown.year}
            }
        ) from unknown
    nomination.notice_starts = starts_on
    nomination.notice_ends = ends_on
    nomination.save(update_fields=["notice_starts", "notice_ends", "updated_at"])
    return nomination


@service(perm=None)  # a workflow effect: the transition checked the role, in its transaction
def nomination_approve(*, actor: Actor, nomination: Nomination) -> Nomination:
    """Commend after the notice's last day, answering every objection first; issues the certificate."""
    today = _today()
    if nomination.notice_ends is None or today <= nomination.notice_ends:
        raise ValidationError(
            _("The public notice runs until %(day)s: approve after it has ended.")
            % {"day": nomination.notice_ends.isoformat() if nomination.notice_ends else "?"},
            code="notice_running",
        )
    # unscoped: every objection to this nomination counts, whoever may read it
    if Objection.unscoped.filter(nomination=nomination, answered_on__isnull=True).exists():
        raise ValidationError(_("Answer every objection to the nomination first."), code="objection_open")
    nomination.commended_on = today
    nomination.save(update_fields=["commended_on", "updated_at"])
    campaign = nomination.campaign
    certificate_issue(
        actor=actor,
        union=campaign.union,
        holder_name=nomination.name,
        title=nomination.honour_title,
        detail=_("%(name)s被授予%(year)d年度%(honour)s。")
        % {
            "name": nomination.name,
            "year": campaign.year,
            "honour": nomination.honour_title,
        },
        issued_on=today,
        source=nomination,
    )
    return nomination


@service(perm=None)  # the public form: no account; the notice must be running
def objection_record(
    *, actor: Actor, nomination: Nomination, text: str, contact_name: str = "", contact_phone: str = ""
) -> Objection:
    """An objection to a nomination in public notice, sent from the public notice page."""
    today = _today()
    if (
        nomination.state != NominationState.NOTICE
        or nomination.notice_starts is None
        or not (nomination.notice_starts <= today <= (nomination.notice_ends or today))
    ):
        raise ValidationError(_("This nomination is not in public notice."))
    objection = Objection(
        union=nomination.union,
        nomination=nomination,
        text=text.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip() or None,
    )
    objection.full_clean()
    objection.save()
    audit_record(Action.CREATE, obj=objection, changes={"text": [None, objection.text[:100]]}, union=nomination.union)
    return objection


@service(perm="honours.change_objection")
def objection_answer(*, actor: Actor, objection: Objection, answer: str) -> Objection:
    check_scope(actor, objection.union)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    before = snapshot(objection, ["answer"])
    objection.answer = answer
    objection.answered_on = _today()
    objection.answered_by = actor
    objection.save(update_fields=["answer", "answered_on", "answered_by", "updated_at"])
    audit_record(Action.UPDATE, obj=objection, changes=diff(before, snapshot(objection, ["answer"])))
    return objection


# --- Model workers -------------------------------------------------------------------------------


@service(perm="honours.add_modelworker")
def model_worker_create(*, actor: Actor, union: Union, phone: str = "", **fields: Any) -> ModelWorker:
    check_scope(actor, union)
    obj = ModelWorker(
        union=union, phone=phone.strip() or None, **{k: v for k, v in fields.items() if k in MODEL_WORKER_FIELDS}
    )
    obj.name = obj.name.strip()
    obj.full_clean()
    obj.save()
    audit_record(Action.CREATE, obj=obj, changes=diff({}, snapshot(obj, MODEL_WORKER_FIELDS)))
    return obj


@service(perm="honours.change_modelworker")
def model_worker_update(
    *, actor: Actor, model_worker: ModelWorker, phone: str | None = None, **fields: Any
) -> ModelWorker:
    check_scope(actor, model_worker.union)
    before = snapshot(model_worker, MODEL_WORKER_FIELDS)
    for name, value in fields.items():
        if name in MODEL_WORKER_FIELDS:
            setattr(model_worker, name, value)
    if phone is not None:
        model_worker.phone = phone.strip() or None
    model_worker.full_clean()
    model_worker.save()
    audit_record(Action.UPDATE, obj=model_worker, changes=diff(before, snapshot(model_worker, MODEL_WORKER_FIELDS)))
    return model_worker


@service(perm="honours.add_carerecord")
def care_record(
    *,
    actor: Actor,
    model_worker: ModelWorker,
    kind: str,
    on: date,
    amount: Decimal = Decimal("0"),
    festival: str = "",
    note: str = "",
    batch: RestStayBatch | None = None,
) -> CareRecord:
    """Record care ``model_worker`` received (a visit with its amount, a health check, a rest stay)."""
    check_scope(actor, model_worker.union)
    if on > _today():
        raise ValidationError({"on": _("The date lies in the future.")})
    if kind == CareRecord.Kind.VISIT and not festival:
        raise ValidationError({"festival": _("Say on which occasion the visit was made.")})
    if kind == CareRecord.Kind.REST_STAY and batch is None:
        raise ValidationError({"batch": _("A rest stay belongs to a batch.")})
    record = CareRecord(
        union=model_worker.union,
        model_worker=model_worker,
        kind=kind,
        on=on,
        amount=amount or Decimal("0"),
        festival=festival if kind == CareRecord.Kind.VISIT else "",
        note=note.strip(),
        batch=batch,
    )
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(_("The model worker is already in this batch.")) from None
    audit_record(Action.CREATE, obj=record, changes=diff({}, snapshot(record, ["kind", "on", "amount", "festival"])))
    return record


@service(perm="honours.add_reststaybatch")
def batch_create(
    *, actor: Actor, union: Union, name: str, place: str, starts_on: date, days: int, places: int
) -> RestStayBatch:
    check_scope(actor, union)
    batch = RestStayBatch(
        union=union, name=name.strip(), place=place.strip(), starts_on=starts_on, days=days, places=places
    )
    batch.full_clean()
    batch.save()
    audit_record(
        Action.CREATE, obj=batch, changes=diff({}, snapshot(batch, ["name", "place", "starts_on", "days", "places"]))
    )
    return batch


@service(perm="honours.add_carerecord")
def batch_add(*, actor: Actor, batch: RestStayBatch, model_worker: ModelWorker) -> CareRecord:
    """Send ``model_worker`` on the rest stay ``batch`` (within its places)."""
    check_scope(actor, batch.union)
    with system_scope("a batch counts its own places"):
        taken = CareRecord.unscoped.filter(batch=batch).count()  # unscoped: every stay of the batch
    if taken >= batch.places:
        raise ValidationError(_("The batch is full."))
    return care_record(
        actor=actor,
        model_worker=model_worker,
        kind=CareRecord.Kind.REST_STAY,
        on=min(batch.starts_on, _today()),
        batch=batch,
    )


@service(perm="honours.change_allowancerate")
def allowance_rate_set(
    *, actor: Actor, union: Union, level: str, farmer: bool, amount: Decimal, per: str, source: str = ""
) -> AllowanceRate:
    """Set the honour allowance ``union`` pays at ``level`` (farmer model workers or the others)."""
    check_scope(actor, union)
    rate = AllowanceRate.objects.filter(union=union, level=level, farmer=farmer).first()
    before = snapshot(rate, ["amount", "per", "source"]) if rate else {}
    if rate is None:
        rate = AllowanceRate(union=union, level=level, farmer=farmer)
    rate.amount, rate.per, rate.source = amount, per, source.strip()
    rate.full_clean()
    rate.save()
    audit_record(
        Action.UPDATE if before else Action.CREATE,
        obj=rate,
        changes=diff(before, snapshot(rate, ["amount", "per", "source"])),
    )
    return rate


@service(perm="honours.change_allowancerate")
def allowance_examples_load(*, actor: Actor, union: Union) -> int:
    """Fill ``union``'s table with the local example rates (marked as such) where it has none."""
    count = 0
    for level, farmer, amount, per, source in rules.EXAMPLE_RATES:
        if not AllowanceRate.objects.filter(union=union, level=level, farmer=farmer).exists():
            allowance_rate_set(
                actor=actor, union=union, level=level, farmer=farmer, amount=amount, per=per, source=source
            )
            count += 1
    return count
