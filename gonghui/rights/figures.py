"""Labour relations' published figures (``core/figures``): each a count and the list naming its rows.

Every count below is the length of a list page with the filters its link carries: warnings by
level and state, signals raised automatically and confirmed; disputes received, ended within the
limit, agreements, handed to arbitration (the success rate is agreements over ended mediations);
each by township and by month of the year. Grouped SQL over the selectors' own querysets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.figures import Figure, Rate, list_url
from gonghui.core.figures.townships import township_names, township_path
from gonghui.core.figures.years import figure_year
from gonghui.core.reference.models import Industry
from gonghui.core.tree.scoping import acting_as
from gonghui.rights import selectors
from gonghui.rights.models import Level
from gonghui.rights.workflows import OPEN_ALERT_STATES, AlertState, DisputeState

ALERTS = "rights:alert_list"
DISPUTES = "rights:dispute_list"


def _alert_counts() -> dict[str, Any]:
    counts: dict[str, Any] = {
        "total": Count("id"),
        "open": Count("id", filter=Q(state__in=OPEN_ALERT_STATES)),
        "automatic": Count("id", filter=Q(automatic=True)),
        "confirmed": Count("id", filter=Q(automatic=True) & ~Q(state__in=(AlertState.RAISED, AlertState.DISMISSED))),
    }
    for level in Level.values:
        counts[level] = Count("id", filter=Q(level=level))
    return counts


def _dispute_counts() -> dict[str, Any]:
    return {
        "total": Count("id"),
        "collective": Count("id", filter=Q(kind="collective")),
        "ended": Count("id", filter=Q(state__in=selectors.ENDED_STATES)),
        "within_limit": Count("id", filter=Q(ended_on__isnull=False, ended_on__lte=F("mediation_due"))),
        "agreement": Count("id", filter=Q(state__in=selectors.AGREEMENT_STATES)),
        "arbitration": Count("id", filter=Q(state=DisputeState.ARBITRATION)),
        "claimed": Sum("amount_claimed"),
        "recovered": Sum("amount_recovered"),
    }


@dataclass
class RightsReport:
    """The figures of one user and year: the published figures, by township and by month."""

    year: int
    figures: list[Figure]
    success: Rate
    claimed: Decimal
    recovered: Decimal
    townships: list[dict[str, Any]] = field(default_factory=list)
    industries: list[dict[str, Any]] = field(default_factory=list)
    months: list[dict[str, Any]] = field(default_factory=list)


def _link(user: Any, url_name: str, perm: str, **filters: Any) -> str:
    return list_url(url_name, **filters) if user.has_perm(perm) else ""


def rights_report(user: Any, *, year: int | None = None) -> RightsReport:
    """The figures ``user`` may read for ``year`` (this year by default), read as that user."""
    with acting_as(user):
        return _report(user, figure_year(str(year or "")))


def _report(user: Any, year: int) -> RightsReport:
    y = str(year)
    alerts = selectors.alerts_for_user(user, year=y).order_by()
    disputes = selectors.disputes_for_user(user, year=y).order_by()
    # Aggregates named "n_<key>": a name of a model field ("automatic", "state") cannot be reused.
    a = {k[2:]: v for k, v in alerts.aggregate(**{f"n_{k}": c for k, c in _alert_counts().items()}).items()}
    d = {k[2:]: v for k, v in disputes.aggregate(**{f"n_{k}": c for k, c in _dispute_counts().items()}).items()}

    def alert(key: str, label: str, **filters: Any) -> Figure:
        url = _link(user, ALERTS, "rights.view_alert", year=y, **filters)
        return Figure(value=a[key], url=url, key=f"alerts.{key}", label=label)

    def dispute(key: str, label: str, **filters: Any) -> Figure:
        url = _link(user, DISPUTES, "rights.view_dispute", year=y, **filters)
        return Figure(value=d[key], url=url, key=f"disputes.{key}", label=label)

    figures = [
        alert("total", _("Warnings recorded")),
        alert("open", _("Warnings open"), state="open"),
        *(alert(level, _("Level %(level)s") % {"level": label}, level=level) for level, label in Level.choices),
        alert("automatic", _("Signals raised automatically"), automatic="1"),
        alert("confirmed", _("Automatic signals confirmed"), confirmed="1"),
        dispute("total", _("Disputes received")),
        dispute("collective", _("Collective disputes"), kind="collective"),
        dispute("ended", _("Mediations ended"), outcome="ended"),
        dispute("within_limit", _("Mediated within the limit"), within_limit="1"),
        dispute("agreement", _("Agreements"), outcome="agreement"),
        dispute("arbitration", _("Handed to arbitration"), state=DisputeState.ARBITRATION),
    ]
    report = RightsReport(
        year=year,
        figures=figures,
        success=Rate(d["agreement"], d["ended"]),
        claimed=d["claimed"] or Decimal("0"),
        recovered=d["recovered"] or Decimal("0"),
    )
    report.townships = _by_township(user, y, alerts, disputes)
    report.months = _by_month(user, y, alerts, disputes)
    report.industries = _by_industry(user, y, alerts, disputes)
    return report


def _by_township(user: Any, y: str, alerts: Any, disputes: Any) -> list[dict[str, Any]]:
    a_rows = (
        alerts.annotate(township=township_path())
        .values("township")
        .annotate(
            total=Count("id"),
            red=Count("id", filter=Q(level="red")),
            open=Count("id", filter=Q(state__in=OPEN_ALERT_STATES)),
        )
    )
    d_rows = (
        disputes.annotate(township=township_path())
        .values("township")
        .annotate(
            total=Count("id"),
            agreement=Count("id", filter=Q(state__in=selectors.AGREEMENT_STATES)),
            arbitration=Count("id", filter=Q(state=DisputeState.ARBITRATION)),
        )
    )
    a_by = {row["township"]: row for row in a_rows}
    d_by = {row["township"]: row for row in d_rows}
    names = township_names(set(a_by) | set(d_by))
    lines = []
    for path, (union_id, name) in sorted(names.items()):
        ar, dr = a_by.get(path, {}), d_by.get(path, {})
        t = str(union_id)
        lines.append(
            {
                "name": name,
                "alerts": Figure(
                    ar.get("total", 0),
                    _link(user, ALERTS, "rights.view_alert", year=y, township=t),
                    f"township.{union_id}.alerts",
                ),
                "red": Figure(
                    ar.get("red", 0),
                    _link(user, ALERTS, "rights.view_alert", year=y, township=t, level="red"),
                    f"township.{union_id}.red",
                ),
                "open": Figure(
                    ar.get("open", 0),
                    _link(user, ALERTS, "rights.view_alert", year=y, township=t, state="open"),
                    f"township.{union_id}.open",
                ),
                "disputes": Figure(
                    dr.get("total", 0),
                    _link(user, DISPUTES, "rights.view_dispute", year=y, township=t),
                    f"township.{union_id}.disputes",
                ),
                "agreement": Figure(
                    dr.get("agreement", 0),
                    _link(user, DISPUTES, "rights.view_dispute", year=y, township=t, outcome="agreement"),
                    f"township.{union_id}.agreement",
                ),
                "arbitration": Figure(
                    dr.get("arbitration", 0),
                    _link(user, DISPUTES, "rights.view_dispute", year=y, township=t, state=DisputeState.ARBITRATION),
                    f"township.{union_id}.arbitration",
                ),
            }
        )
    return lines


def _by_industry(user: Any, y: str, alerts: Any, disputes: Any) -> list[dict[str, Any]]:
    """Warnings and disputes by the employer's industry section (GB/T 4754 门类); none recorded: unlinked."""
    column = "employer__industry__section_id"
    a_rows = dict(alerts.values(column).annotate(n=Count("id")).values_list(column, "n"))
    d_rows = dict(disputes.values(column).annotate(n=Count("id")).values_list(column, "n"))
    codes = sorted(code for code in set(a_rows) | set(d_rows) if code)
    names = dict(Industry.objects.filter(code__in=codes).values_list("code", "name"))
    lines = []
    for code in [*codes, None]:
        if code is None and not (a_rows.get(None) or d_rows.get(None)):
            continue
        alert_url = _link(user, ALERTS, "rights.view_alert", year=y, industry=code) if code else ""
        dispute_url = _link(user, DISPUTES, "rights.view_dispute", year=y, industry=code) if code else ""
        key = code or "none"
        lines.append(
            {
                "name": names.get(code, code) if code else _("Industry not recorded"),
                "alerts": Figure(a_rows.get(code, 0), alert_url, f"industry.{key}.alerts"),
                "disputes": Figure(d_rows.get(code, 0), dispute_url, f"industry.{key}.disputes"),
            }
        )
    return lines


def _by_month(user: Any, y: str, alerts: Any, disputes: Any) -> list[dict[str, Any]]:
    from django.db.models.functions import ExtractMonth

    a_rows = dict(
        alerts.annotate(m=ExtractMonth("observed_on")).values("m").annotate(n=Count("id")).values_list("m", "n")
    )
    d_rows = dict(
        disputes.annotate(m=ExtractMonth("applied_on")).values("m").annotate(n=Count("id")).values_list("m", "n")
    )
    lines = []
    for month in range(1, 13):
        m = f"{y}-{month:02d}"
        lines.append(
            {
                "month": m,
                "alerts": Figure(
                    a_rows.get(month, 0), _link(user, ALERTS, "rights.view_alert", month=m), f"month.{m}.alerts"
                ),
                "disputes": Figure(
                    d_rows.get(month, 0), _link(user, DISPUTES, "rights.view_dispute", month=m), f"month.{m}.disputes"
                ),
            }
        )
    return lines


class RightsFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "rights.figures"
    title = gettext_lazy("Labour relations")
    permission = "rights.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        report = rights_report(user, year=year)
        return [
            *report.figures,
            *(f for line in report.townships for key, f in line.items() if key != "name"),
            *(f for line in report.months for key, f in line.items() if key != "month"),
            *(f for line in report.industries for key, f in line.items() if key != "name"),
        ]
