"""Labour relations' reads: each answers for the user it is given (``core/selectors.py``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.modules.concerns import Concern
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.rights import rules
from gonghui.rights.models import Alert, CommitteeSeat, Dispute, MediationCommittee
from gonghui.rights.workflows import OPEN_ALERT_STATES, OPEN_DISPUTE_STATES, AlertState, DisputeState

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User

OPEN = "open"
# Outcomes of a dispute, for the list's filter and the figures.
AGREEMENT_STATES = (DisputeState.AGREED, DisputeState.FULFILLED, DisputeState.UNFULFILLED)
ENDED_STATES = (
    DisputeState.AGREED,
    DisputeState.FULFILLED,
    DisputeState.UNFULFILLED,
    DisputeState.FAILED,
    DisputeState.ARBITRATION,
    DisputeState.CLOSED,
)


def _within_township(rows: QuerySet, township: str) -> QuerySet:
    union_id = parse_id(township)
    union = Union.objects.filter(pk=union_id).only("path").first() if union_id else None
    return rows.filter(subtree_q("union__path", union.path)) if union is not None else rows.none()


def _in_year(rows: QuerySet, column: str, year: str) -> QuerySet:
    parsed = parse_year(year)
    if parsed is None:
        return rows.none()
    return rows.filter(**{f"{column}__gte": date(parsed, 1, 1), f"{column}__lte": date(parsed, 12, 31)})


def _in_industry(rows: QuerySet, industry: str) -> QuerySet:
    """The employer's industry: a section letter (A–T) or a division code (01–97) of GB/T 4754."""
    if industry.isalpha():
        return rows.filter(employer__industry__section_id=industry.upper())
    return rows.filter(employer__industry_id=industry)


def _in_month(rows: QuerySet, column: str, month: str) -> QuerySet:
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except (TypeError, ValueError):
        return rows.none()
    following = (first + timedelta(days=32)).replace(day=1)
    return rows.filter(**{f"{column}__gte": first, f"{column}__lt": following})


@selector
def alerts_for_user(
    user: User,
    *,
    q: str = "",
    signal: str = "",
    level: str = "",
    state: str = "",
    automatic: str = "",
    confirmed: str = "",
    township: str = "",
    year: str = "",
    month: str = "",
    employer: str = "",
    industry: str = "",
) -> QuerySet[Alert]:
    """The early warnings of ``user``'s subtree, newest first.

    ``state`` a state or ``"open"``; ``automatic`` any value: raised by the periodic job;
    ``industry``: the employer's GB/T 4754 section letter or division code;
    ``confirmed``: automatic ones staff confirmed (left the state "raised" other than by
    dismissal); ``township`` a union id; ``year`` / ``month`` (YYYY-MM) of ``observed_on``.
    Unknown values match nothing.
    """
    rows = Alert.objects.select_related("employer", "union")
    if q.strip():
        rows = rows.filter(employer__name__icontains=q.strip())
    if signal:
        rows = rows.filter(signal=signal)
    if level:
        rows = rows.filter(level=level)
    if state == OPEN:
        rows = rows.filter(state__in=OPEN_ALERT_STATES)
    elif state:
        rows = rows.filter(state=state)
    if automatic:
        rows = rows.filter(automatic=True)
    if confirmed:
        rows = rows.filter(automatic=True).exclude(state__in=(AlertState.RAISED, AlertState.DISMISSED))
    if township:
        rows = _within_township(rows, township)
    if year:
        rows = _in_year(rows, "observed_on", year)
    if month:
        rows = _in_month(rows, "observed_on", month)
    if employer:
        employer_id = parse_id(employer)
        rows = rows.filter(employer_id=employer_id) if employer_id else rows.none()
    if industry:
        rows = _in_industry(rows, industry)
    return rows.order_by("-observed_on", "-id")


@selector(sample=lambda s: {"alert_id": s.id("alert_id")})
def get_alert_for_user(user: User, alert_id: int) -> Alert:
    """One early warning of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(Alert.objects.select_related("employer", "union", "reported_to"), pk=alert_id)


@selector
def committees_for_user(user: User, *, q: str = "", kind: str = "") -> QuerySet[MediationCommittee]:
    """The mediation committees of ``user``'s subtree, by name."""
    rows = MediationCommittee.objects.select_related("union", "employer")
    if q.strip():
        rows = rows.filter(name__icontains=q.strip())
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("name", "id")


@selector(sample=lambda s: {"committee_id": s.id("committee_id")})
def get_committee_for_user(user: User, committee_id: int) -> MediationCommittee:
    """One mediation committee of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(MediationCommittee.objects.select_related("union", "employer"), pk=committee_id)


@selector(sample=lambda s: {"committee": s.get(MediationCommittee, "committee_id")})
def seats_of_committee(user: User, committee: MediationCommittee) -> list[CommitteeSeat]:
    """The members of ``committee``, chair first."""
    return list(CommitteeSeat.objects.filter(committee_id=committee.pk))


@selector(sample=lambda s: {"seat_id": s.id("seat_id")})
def get_seat_for_user(user: User, seat_id: int) -> CommitteeSeat:
    """One committee member of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(CommitteeSeat.objects.select_related("committee"), pk=seat_id)


@selector
def disputes_for_user(
    user: User,
    *,
    q: str = "",
    state: str = "",
    kind: str = "",
    outcome: str = "",
    within_limit: str = "",
    limitation_near: str = "",
    township: str = "",
    year: str = "",
    month: str = "",
    committee: str = "",
    employer: str = "",
    industry: str = "",
    today: date | None = None,
) -> QuerySet[Dispute]:
    """The labour disputes of ``user``'s subtree, newest application first.

    ``state`` a state or ``"open"``; ``outcome`` ``"agreement"`` (an agreement was signed) or
    ``"ended"`` (mediation ended: agreement or not); ``within_limit``: mediation ended by its
    limit (15 days from the application, or the agreed extension); ``limitation_near``: not
    handed to arbitration, its last day to apply within 30 days; ``year`` / ``month`` of the
    application. Unknown values match nothing.
    """
    rows = Dispute.objects.select_related("employer", "committee", "union")
    q = q.strip()
    if q:
        rows = rows.filter(Q(employer__name__icontains=q) | Q(number=q.upper()) | Q(summary__icontains=q))
    if state == OPEN:
        rows = rows.filter(state__in=OPEN_DISPUTE_STATES)
    elif state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if outcome == "agreement":
        rows = rows.filter(state__in=AGREEMENT_STATES)
    elif outcome == "ended":
        rows = rows.filter(state__in=ENDED_STATES)
    elif outcome:
        rows = rows.none()
    if within_limit:
        rows = rows.filter(ended_on__isnull=False, ended_on__lte=F("mediation_due"))
    if limitation_near:
        today = today or timezone.localdate()
        rows = rows.filter(
            state__in=(DisputeState.FAILED, DisputeState.UNFULFILLED),
            limitation_ends__gte=today,
            limitation_ends__lte=today + timedelta(days=rules.LIMITATION_WARNING_DAYS),
        )
    if township:
        rows = _within_township(rows, township)
    if year:
        rows = _in_year(rows, "applied_on", year)
    if month:
        rows = _in_month(rows, "applied_on", month)
    if committee:
        committee_id = parse_id(committee)
        rows = rows.filter(committee_id=committee_id) if committee_id else rows.none()
    if employer:
        employer_id = parse_id(employer)
        rows = rows.filter(employer_id=employer_id) if employer_id else rows.none()
    if industry:
        rows = _in_industry(rows, industry)
    return rows.order_by("-applied_on", "-id")


@selector(sample=lambda s: {"dispute_id": s.id("dispute_id")})
def get_dispute_for_user(user: User, dispute_id: int) -> Dispute:
    """One labour dispute of ``user``'s subtree, with its applicants and claims; 404 outside it."""
    return get_object_or_404(
        Dispute.objects.select_related("employer", "committee", "union").prefetch_related("applicants", "claims"),
        pk=dispute_id,
    )


@selector(sample=lambda s: {"employer_ids": [s.id("employer_id")], "year": 2026})
def employer_concerns(actor: User, employer_ids: list[int], *, year: int) -> dict[int, list[Concern]]:
    """What rights holds against these employers (``core.modules.concerns``).

    A collective dispute applied for in ``year`` or still open, and an early warning observed in
    ``year`` or still open (a dismissed one is no concern).
    """
    from django.utils.translation import gettext as _

    found: dict[int, list[Concern]] = {}
    disputes = Dispute.objects.filter(employer_id__in=employer_ids, kind=Dispute.Kind.COLLECTIVE).filter(
        Q(applied_on__year=year) | Q(state__in=OPEN_DISPUTE_STATES)
    )
    for dispute in disputes.order_by("applied_on", "id"):
        found.setdefault(dispute.employer_id, []).append(
            Concern(
                _("Collective labour dispute applied for on %(day)s (%(state)s)")
                % {"day": f"{dispute.applied_on:%Y-%m-%d}", "state": dispute.get_state_display()},
                dispute.get_absolute_url(),
            )
        )
    alerts = (
        Alert.objects.filter(employer_id__in=employer_ids)
        .filter(Q(observed_on__year=year) | Q(state__in=OPEN_ALERT_STATES))
        .exclude(state=AlertState.DISMISSED)
    )
    for alert in alerts.order_by("observed_on", "id"):
        found.setdefault(alert.employer_id, []).append(
            Concern(
                _("Early warning observed on %(day)s: %(signal)s (%(state)s)")
                % {
                    "day": f"{alert.observed_on:%Y-%m-%d}",
                    "signal": alert.get_signal_display(),
                    "state": alert.get_state_display(),
                },
                alert.get_absolute_url(),
            )
        )
    return found
