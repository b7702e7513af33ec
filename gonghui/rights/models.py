"""Labour relations (维权): early warnings, mediation committees and dispute cases.

* ``Alert`` (劳动关系预警): one signal at one employer — wage or social-insurance arrears,
  shutdown, layoff, dispatch over quota, collective incident, workforce drop — with its
  measures, its level from the level table (``rules.alert_level``) and its response timeline
  (``workflows.AlertFlow``). Scoped by the employer's keeping union. ``automatic``: raised by the
  periodic job (``signals.py``) for staff to confirm or dismiss.
* ``WorkforceCount``: the employer's workers and dispatched workers in the member registry at a
  month, written by the periodic job; the month-on-month drop signal compares two of them.
* ``MediationCommittee`` (劳动争议调解委员会) of an employer, a township or an industry, and its
  ``CommitteeSeat`` rows (worker side and employer side, chair, mediators with 3-year terms).
* ``Dispute`` (劳动争议) before a committee: applicants (``DisputeApplicant``), claims by kind
  (``Claim``), the statutory periods and its outcome (``workflows.DisputeFlow``).

See docs/rights.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.rights import rules
from gonghui.rights.workflows import OPEN_ALERT_STATES, AlertFlow, DisputeFlow

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class Signal(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("wage arrears")
    SOCIAL_INSURANCE_ARREARS = "social_insurance_arrears", _("social insurance arrears")
    SHUTDOWN = "shutdown", _("shutdown or relocation")
    LAYOFF = "layoff", _("layoff")
    DISPATCH_OVER_QUOTA = "dispatch_over_quota", _("dispatched workers over quota")
    COLLECTIVE_INCIDENT = "collective_incident", _("collective incident")
    WORKFORCE_DROP = "workforce_drop", _("workforce dropped month on month")


AUTOMATIC_SIGNALS = (Signal.DISPATCH_OVER_QUOTA, Signal.WORKFORCE_DROP)


class Level(models.TextChoices):
    BLUE = "blue", _("blue")
    YELLOW = "yellow", _("yellow")
    ORANGE = "orange", _("orange")
    RED = "red", _("red")


class Alert(UnionOwnedModel):
    """One early-warning signal at one employer (see the module docstring)."""

    class Incident(models.TextChoices):
        STOPPAGE = "stoppage", _("work stoppage")
        PETITION = "petition", _("petition")
        GATHERING = "gathering", _("gathering")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="rights_alerts"
    )
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="rights_alerts"
    )
    signal = models.CharField(_("signal"), max_length=32, choices=Signal.choices, db_index=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, db_index=True)
    state = StateField(AlertFlow)
    automatic = models.BooleanField(_("raised automatically"), default=False, db_index=True)
    observed_on = models.DateField(_("observed on"), db_index=True)
    workers = models.PositiveIntegerField(_("workers affected"), default=0)
    workforce = models.PositiveIntegerField(_("workforce"), default=0)
    amount = models.DecimalField(_("amount (yuan)"), default=Decimal("0"), **MONEY)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    incident = models.CharField(_("incident"), max_length=16, choices=Incident.choices, blank=True)
    dispatched = models.PositiveIntegerField(_("dispatched workers"), default=0)
    previous_workers = models.PositiveIntegerField(_("workers last month"), default=0)
    description = models.TextField(_("description"), blank=True)
    reported_to = models.ForeignKey(
        "tree.Union",
        verbose_name=_("reported to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        permissions = [("view_figures", _("Can view labour relations figures"))]
        indexes = [
            models.Index(fields=["union", "observed_on"], name="rights_alert_union_day"),
            models.Index(fields=["employer", "signal", "state"], name="rights_alert_employer"),
        ]
        constraints = [
            # The periodic job raises a signal once per employer: not again while one is open.
            models.UniqueConstraint(
                fields=["employer", "signal"],
                condition=Q(automatic=True, state__in=OPEN_ALERT_STATES),
                name="rights_alert_one_open_automatic",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_signal_display()} · {self.employer.name}"

    def get_absolute_url(self) -> str:
        return reverse("rights:alert_detail", kwargs={"alert_id": self.pk})

    @property
    def flow(self) -> type[AlertFlow]:
        return AlertFlow

    def measures(self) -> dict[str, int]:
        """The whole numbers the level table reads (``rules.alert_level``)."""
        found = {"workers": self.workers, "amount": int(self.amount), "months": self.months}
        if self.signal == Signal.LAYOFF:
            found["statutory"] = int(rules.layoff_is_major(self.workers, self.workforce))
        if self.signal == Signal.DISPATCH_OVER_QUOTA:
            found["percent"] = rules.share_percent(self.dispatched, self.workforce)
        if self.signal == Signal.WORKFORCE_DROP:
            # ``workers``: how many fewer than last month's ``previous_workers``.
            found["drop_percent"] = rules.drop_percent(self.previous_workers, self.previous_workers - self.workers)
        return found

    @property
    def layoff_is_major(self) -> bool:
        return self.signal == Signal.LAYOFF and rules.layoff_is_major(self.workers, self.workforce)


class WorkforceCount(models.Model):
    """An employer's workers in the member registry at a month (written by the periodic job)."""

    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))  # the first day of the month
    workers = models.PositiveIntegerField(_("workers"))
    dispatched = models.PositiveIntegerField(_("dispatched workers"))

    class Meta:
        verbose_name = _("workforce count")
        verbose_name_plural = _("workforce counts")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["employer", "month"], name="rights_workforce_month")]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.month:%Y-%m}: {self.workers}"


class MediationCommittee(UnionOwnedModel):
    """A labour-dispute mediation committee (劳动争议调解委员会) of an employer, a township or an industry."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("employer committee")
        TOWNSHIP = "township", _("township or street committee")
        INDUSTRY = "industry", _("industry committee")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="rights_committees"
    )
    name = models.CharField(_("committee name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.EMPLOYER)
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_committees",
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("mediation committee")
        verbose_name_plural = _("mediation committees")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rights:committee_detail", kwargs={"committee_id": self.pk})


class CommitteeSeat(UnionOwnedModel):
    """A member of a mediation committee: side, chair or not, mediator with a 3-year term."""

    class Side(models.TextChoices):
        WORKER = "worker", _("worker side")
        EMPLOYER = "employer", _("employer side")

    union = models.ForeignKey("tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey(
        MediationCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="seats"
    )
    name = models.CharField(_("name"), max_length=50)
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    chair = models.BooleanField(_("chair"), default=False)
    union_member = models.BooleanField(_("union member"), default=False)
    mediator = models.BooleanField(_("mediator"), default=False)
    term_starts = models.DateField(_("term starts"), null=True, blank=True)
    term_ends = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        ordering = ["-chair", "side", "name", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return self.name

    def term_over(self, today: date) -> bool:
        return self.term_ends is not None and self.term_ends < today


class Dispute(UnionOwnedModel):
    """A labour dispute before a mediation committee (see the module docstring)."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        COLLECTIVE = "collective", _("collective")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="rights_disputes"
    )
    number = models.CharField(_("case number"), max_length=32, blank=True, db_index=True)
    committee = models.ForeignKey(
        MediationCommittee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="disputes"
    )
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("respondent employer"),
        on_delete=models.PROTECT,
        related_name="rights_disputes",
    )
    state = StateField(DisputeFlow)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL, db_index=True)
    workers = models.PositiveIntegerField(_("workers"), default=1)
    representatives = models.CharField(_("elected representatives"), max_length=300, blank=True)
    applied_on = models.DateField(_("application received"), db_index=True)
    oral = models.BooleanField(_("oral application"), default=False)
    summary = models.TextField(_("matters in dispute"))
    knew_on = models.DateField(_("worker knew of the infringement on"), null=True, blank=True)
    employment_ended_on = models.DateField(_("employment ended on"), null=True, blank=True)
    acceptance_due = models.DateField(_("acceptance due"))
    mediation_due = models.DateField(_("mediation ends by"), db_index=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    extended_until = models.DateField(_("extended by agreement until"), null=True, blank=True)
    ended_on = models.DateField(_("mediation ended on"), null=True, blank=True, db_index=True)
    agreed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_terms = models.TextField(_("terms of the agreement"), blank=True)
    amount_agreed = models.DecimalField(_("amount agreed (yuan)"), default=Decimal("0"), **MONEY)
    perform_by = models.DateField(_("to be performed by"), null=True, blank=True)
    fulfilled = models.BooleanField(_("fulfilled"), null=True, blank=True)
    amount_claimed = models.DecimalField(_("amount claimed (yuan)"), default=Decimal("0"), **MONEY)
    amount_recovered = models.DecimalField(_("amount recovered (yuan)"), default=Decimal("0"), **MONEY)
    arbitration_on = models.DateField(_("handed to arbitration on"), null=True, blank=True)
    arbitration_body = models.CharField(_("arbitration commission"), max_length=200, blank=True)
    # The last day to apply for arbitration (``limitation()``), kept for lists and warnings.
    limitation_ends = models.DateField(_("last day to apply for arbitration"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("labour dispute")
        verbose_name_plural = _("labour disputes")
        indexes = [models.Index(fields=["union", "applied_on"], name="rights_dispute_union_day")]

    def __str__(self) -> str:
        return f"{self.number or self.pk} · {self.employer.name}"

    def get_absolute_url(self) -> str:
        return reverse("rights:dispute_detail", kwargs={"dispute_id": self.pk})

    @property
    def collective(self) -> bool:
        return self.kind == self.Kind.COLLECTIVE

    def claim_kinds(self) -> set[str]:
        return {claim.kind for claim in self.claims.all()}

    def limitation(self) -> rules.Limitation | None:
        """The last day to apply for arbitration (``rules.claims_limitation`` of its claims)."""
        return rules.claims_limitation(
            self.claim_kinds(), knew_on=self.knew_on, employment_ended_on=self.employment_ended_on
        )

    @property
    def payment_order_possible(self) -> bool:
        """An agreement on wages, injury or compensation the employer ignores: 支付令 (调解仲裁法 第十六条)."""
        return bool(self.claim_kinds() & PAYMENT_ORDER_KINDS)


class DisputeApplicant(UnionOwnedModel):
    """One applicant of a dispute: a worker of the registry, or a name as given."""

    union = models.ForeignKey("tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="applicants")
    name = models.CharField(_("name"), max_length=50)
    worker = models.ForeignKey(
        "members.Worker", verbose_name=_("worker"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    representative = models.BooleanField(_("elected representative"), default=False)

    class Meta:
        ordering = ["-representative", "id"]
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")

    def __str__(self) -> str:
        return self.name


class Claim(UnionOwnedModel):
    """One claim of a dispute, by kind, with the amount claimed."""

    class Kind(models.TextChoices):
        WAGES = "wages", _("wages")
        OVERTIME = "overtime", _("overtime pay")
        SOCIAL_INSURANCE = "social_insurance", _("social insurance")
        INJURY = "injury", _("work injury")
        TERMINATION = "termination", _("termination compensation")
        CONTRACT = "contract", _("labour contract")
        OTHER = "other", _("other")

    union = models.ForeignKey("tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("claim"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount claimed (yuan)"), default=Decimal("0"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


PAYMENT_ORDER_KINDS = frozenset({Claim.Kind.WAGES, Claim.Kind.OVERTIME, Claim.Kind.INJURY, Claim.Kind.TERMINATION})
