"""Worker requests' writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit.

Three ways in, one receipt (``_receive``): the public form (no account: ``actor=None``), a
signed-in worker's own pages (``request_file_by_worker``) and staff recording a hotline call or
a visit (``request_record``). The steps after receipt are the workflow's effects
(``workflows.RequestFlow``): the transition checks the role and writes the timeline, the effect
writes the request's own columns. A request taken up as a mediation case or a hardship
application is created through the rights and assistance modules' own services, and the two
rows name each other.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.services import file_open
from gonghui.core.accounts.models import User
from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.paths import township_path
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform, workflow_start
from gonghui.members.models import Worker
from gonghui.members.selectors import worker_for_account
from gonghui.organisations.models import Employer
from gonghui.organisations.selectors import get_employer_for_user
from gonghui.requests import rules
from gonghui.requests.models import Request
from gonghui.requests.selectors import SYSTEM, request_by_code
from gonghui.requests.workflows import RequestState
from gonghui.rights.services import dispute_create

Action = AuditEvent.Action
AUDITED = [
    "channel",
    "category",
    "employer",
    "employer_name",
    "contact_name",
    "contact_phone",
    "description",
    "worker",
    "received_on",
    "answer_due",
]
CODE_ATTEMPTS = 5


def _today() -> date:
    return timezone.localdate()


def route(employer: Employer | None, township: Union | None) -> Union:
    """The union that answers a request: the employer's own or joint union, else the township above
    the union keeping the employer, else the township named on the form.

    Read in the caller's scope (services run it in a system scope: a worker chooses the union of
    their employer, which no worker can see).
    """
    if employer is not None:
        covering = employer.covering_union
        if covering is not None:
            return covering
        keeping = employer.union
        path = township_path(keeping.path)
        found = Union.objects.filter(path=path).first() if path != keeping.path else keeping
        if found is not None:
            return found
    if township is not None:
        return township
    raise ValidationError(
        {"township": _("Choose the township or street where you work: the employer is not in the register.")}
    )


def _receive(
    *,
    channel: str,
    category: str,
    contact_name: str,
    contact_phone: str,
    description: str,
    employer: Employer | None = None,
    employer_name: str = "",
    township: Union | None = None,
    union: Union | None = None,
    worker: Worker | None = None,
    received_on: date | None = None,
    recorded_by: User | None = None,
) -> Request:
    """Write a request routed to its union, with a fresh tracking code, and start its workflow."""
    received_on = received_on or _today()
    if received_on > _today():
        raise ValidationError({"received_on": _("The date lies in the future.")})
    union = union or route(employer, township)
    request = Request(
        union=union,
        channel=channel,
        category=category,
        employer=employer,
        employer_name=(employer.name if employer is not None else employer_name).strip()[:200],
        contact_name=contact_name.strip(),
        contact_phone=(contact_phone or "").strip() or None,
        description=description.strip(),
        worker=worker,
        received_on=received_on,
        first_contact_due=rules.first_contact_rule(category).due(received_on).date,
        answer_due=rules.answer_due(category, received_on),
        recorded_by=recorded_by,
    )
    if not request.employer_name:
        raise ValidationError({"employer_name": _("Name the employer, or pick it from the search.")})
    request.full_clean(exclude=["union", "employer", "worker", "recorded_by", "code", "state"])
    for _attempt in range(CODE_ATTEMPTS):
        request.code = rules.new_code()
        try:
            with transaction.atomic():
                request.save()
            break
        except IntegrityError:
            request.pk = None
    else:  # pragma: no cover - 25^10 codes
        raise RuntimeError("no free tracking code")
    audit_record(
        Action.CREATE,
        obj=request,
        actor=recorded_by,
        changes=diff({}, snapshot(request, AUDITED)),
        note=str(request.get_channel_display()),
    )
    workflow_start(actor=None, obj=request)
    return request


def _registered_employer(employer_id: int | None) -> Employer | None:
    """The employer picked from the public search, read in the caller's (system) scope; None if gone."""
    if not employer_id:
        return None
    try:
        return get_employer_for_user(SYSTEM, employer_id)
    except Http404:
        return None


@service(perm=None)
def request_submit(
    *,
    actor: Actor,
    category: str,
    contact_name: str,
    contact_phone: str,
    description: str,
    employer_id: int | None = None,
    employer_name: str = "",
    township: Union | None = None,
) -> Request:
    """A request from the public form: no account, so no actor (the view throttled and challenged it).

    ``employer_id`` is the one picked from the public search (an employer of the register, read in
    the system scope); otherwise ``employer_name`` as typed and the ``township`` chosen.
    """
    if actor is not None:
        raise ValidationError(_("The public form is for workers without an account."))
    with system_scope("a worker without an account files a request through the public form"):
        employer = _registered_employer(employer_id)
        return _receive(
            channel=Request.Channel.ONLINE,
            category=category,
            contact_name=contact_name,
            contact_phone=contact_phone,
            description=description,
            employer=employer,
            employer_name=employer_name,
            township=township,
        )


@service(perm=None)
def request_file_by_worker(
    *,
    actor: Actor,
    category: str,
    description: str,
    contact_phone: str = "",
    employer_name: str = "",
    township: Union | None = None,
) -> Request:
    """A signed-in worker files a request from their own pages, linked to their registry record.

    The employer is the one the registry names for them, unless they name another.
    """
    worker = worker_for_account(actor) if actor is not None else None
    if worker is None:
        raise ValidationError(_("Your account is not linked to a worker record: ask your union."))
    with system_scope("a worker files a request through their own pages"):
        employer = worker.employer if not employer_name.strip() else None
        return _receive(
            channel=Request.Channel.PORTAL,
            category=category,
            contact_name=worker.name,
            contact_phone=contact_phone or worker.phone or "",
            description=description,
            employer=employer,
            employer_name=employer_name,
            township=township,
            union=None if employer is not None or township is not None else worker.union,
            worker=worker,
            recorded_by=actor,
        )


@service(perm="requests.add_request")
def request_record(
    *,
    actor: Actor,
    channel: str,
    category: str,
    contact_name: str,
    contact_phone: str,
    description: str,
    received_on: date,
    union: Union,
    employer_id: int | None = None,
    employer_name: str = "",
) -> Request:
    """Staff record a hotline call (12351) or a visit, for ``union`` (in their part of the tree).

    An employer of the register routes it to the employer's union when that union lies in the
    actor's part of the tree; otherwise it stays with ``union``.
    """
    if channel not in (Request.Channel.HOTLINE, Request.Channel.VISIT):
        raise ValidationError({"channel": _("Staff record hotline calls and visits.")})
    check_scope(actor, union)
    try:
        employer = get_employer_for_user(actor or SYSTEM, employer_id) if employer_id else None
    except Http404:
        raise ValidationError({"employer_name": _("This employer is not in your part of the union tree.")}) from None
    target = union
    if employer is not None:
        with system_scope("the union that answers for the employer"):
            routed = route(employer, union)
        if actor is None or routed.path.startswith(actor.union.path):
            target = routed
    return _receive(
        channel=channel,
        category=category,
        contact_name=contact_name,
        contact_phone=contact_phone,
        description=description,
        employer=employer,
        employer_name=employer_name,
        union=target,
        received_on=received_on,
        recorded_by=actor,
    )


# --- The workflow's effects ---------------------------------------------------------------------


def _save(request: Request, fields: list[str], *, actor: Actor, note: str = "") -> Request:
    before = snapshot(Request.unscoped.get(pk=request.pk), fields)  # unscoped: the row the step checked
    request.save(update_fields=[*fields, "updated_at"])
    audit_record(Action.UPDATE, obj=request, actor=actor, changes=diff(before, snapshot(request, fields)), note=note)
    return request


@service(perm=None)
def request_assign(*, actor: Actor, request: Request, data: dict[str, Any]) -> Request:
    """Assign the request to a person of its union (or of a union above it)."""
    assignee: User = data["assignee"]
    if not assignee.is_active or not request.union.path.startswith(assignee.union.path):
        raise ValidationError({"assignee": _("Choose a person of the handling union or of a union above it.")})
    request.assigned_to = assignee
    return _save(request, ["assigned_to"], actor=actor)


@service(perm=None)
def request_record_contact(*, actor: Actor, request: Request, data: dict[str, Any]) -> Request:
    """Record the first contact with the worker (a call back, a meeting)."""
    contacted_on: date = data["contacted_on"]
    if contacted_on > _today():
        raise ValidationError({"contacted_on": _("The date lies in the future.")})
    if contacted_on < request.received_on:
        raise ValidationError({"contacted_on": _("The worker cannot be contacted before the request was received.")})
    request.first_contact_on = contacted_on
    return _save(request, ["first_contact_on"], actor=actor)


@service(perm=None)
def request_answer(*, actor: Actor, request: Request, data: dict[str, Any]) -> Request:
    """Answer the worker: the reply they read by their code (no personal data of anyone else in it)."""
    reply = (data.get("reply") or "").strip()
    if not reply:
        raise ValidationError({"reply": _("Write the answer the worker will read.")})
    request.reply = reply
    request.answered_on = _today()
    if request.first_contact_on is None:
        request.first_contact_on = request.answered_on
    return _save(request, ["reply", "answered_on", "first_contact_on"], actor=actor)


@service(perm=None)
def request_record_rating(*, actor: Actor, request: Request, data: dict[str, Any]) -> Request:
    """The worker's rating of the answer (once)."""
    if request.satisfaction:
        raise ValidationError(_("This answer has already been rated."))
    satisfaction = data.get("satisfaction") or ""
    if satisfaction not in Request.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose how satisfied you are.")})
    request.satisfaction = satisfaction
    request.satisfaction_comment = (data.get("comment") or "").strip()[:300]
    request.rated_on = _today()
    return _save(request, ["satisfaction", "satisfaction_comment", "rated_on"], actor=actor)


def _rate(request: Request, *, satisfaction: str, comment: str) -> Request:
    transition_perform(actor=None, obj=request, name="rate", data={"satisfaction": satisfaction, "comment": comment})
    request.refresh_from_db()
    return request


@service(perm=None)
def request_rate_by_code(*, actor: Actor, code: str, satisfaction: str, comment: str = "") -> Request:
    """The worker rates the answer on the tracking page, known by the code alone."""
    request = request_by_code(code)
    if request is None:
        raise ValidationError({"code": _("No request has this tracking code.")})
    if request.state != RequestState.ANSWERED:
        raise ValidationError(_("Only an answered request can be rated, once."))
    with system_scope("a worker rates the answer to their request by its tracking code"):
        return _rate(request, satisfaction=satisfaction, comment=comment)


@service(perm=None)
def request_rate_by_worker(*, actor: Actor, request: Request, satisfaction: str, comment: str = "") -> Request:
    """A signed-in worker rates the answer to one of their own requests."""
    worker = worker_for_account(actor) if actor is not None else None
    if worker is None or request.worker_id != worker.pk:
        raise ValidationError(_("This is not your request."))
    if request.state != RequestState.ANSWERED:
        raise ValidationError(_("Only an answered request can be rated, once."))
    with system_scope("a worker rates the answer to their own request"):
        return _rate(request, satisfaction=satisfaction, comment=comment)


@service(perm=None)
def request_transfer(*, actor: Actor, request: Request, note: str, data: dict[str, Any]) -> Request:
    """Hand the request to another union: it receives a new request (the same worker, a new period).

    The worker's tracking code follows it (``selectors.request_by_code`` reads to the end of the chain).
    """
    target: Union = data["union"]
    if target.pk == request.union_id:
        raise ValidationError({"union": _("Choose another union than the one handling it.")})
    with system_scope("a request is handed to another union, which may lie outside the sender's part of the tree"):
        successor = _receive(
            channel=request.channel,
            category=request.category,
            contact_name=request.contact_name,
            contact_phone=request.contact_phone or "",
            description=request.description,
            employer=request.employer,
            employer_name=request.employer_name,
            union=target,
            worker=request.worker,
            recorded_by=actor,
        )
        request.transferred_to = successor
        _save(request, ["transferred_to"], actor=actor, note=note)
    return successor


@service(perm=None)
def request_to_mediation(*, actor: Actor, request: Request, note: str, data: dict[str, Any]) -> Any:
    """Take the request up as a mediation case before the chosen committee, without retyping it."""
    if request.employer is None:
        raise ValidationError(_("A mediation case needs the employer from the register: this request names none."))
    applicant: Any = (request.contact_name, request.worker) if request.worker is not None else request.contact_name
    dispute = dispute_create(
        actor=actor,
        committee=data["committee"],
        employer=request.employer,
        applied_on=_today(),
        summary=request.description,
        applicants=[applicant],
        oral=request.channel in (Request.Channel.HOTLINE, Request.Channel.VISIT),
    )
    request.dispute = dispute
    _save(request, ["dispute"], actor=actor, note=note)
    return dispute


@service(perm=None)
def request_to_hardship(*, actor: Actor, request: Request, note: str, data: dict[str, Any]) -> Any:
    """Open a hardship application for the worker who filed the request, without retyping them."""
    if request.worker is None:
        raise ValidationError(_("A hardship application needs the worker's record in the registry."))
    file = file_open(actor=actor, worker=request.worker, main_cause=data["main_cause"])
    request.hardship_file = file
    _save(request, ["hardship_file"], actor=actor, note=note)
    return file
