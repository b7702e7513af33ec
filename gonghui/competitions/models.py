"""Competitions and innovation's tables (劳动竞赛, 经济技术创新).

* ``Competition`` (劳动竞赛): organised by a county, township or sector union, of a kind (技能比武,
  重点工程竞赛, 安康杯, 服务竞赛), over a period, with the employers taking part.
* ``Participant``: a worker of the registry, or a team (its name and members from the registry),
  entered for an employer.
* ``Stage`` (初赛, 决赛 …): in order, with the highest score allowed and, optionally, how many of
  the stage before advance to it; ``Score``: one per participant and stage. Rankings are computed
  (``rules.rank``), never stored.
* ``PrizeBatch`` and ``Prize``: prize money (Decimal yuan) paid through a batch that a second
  person approves (``workflows.PrizeBatchFlow``).
* ``Innovation`` (合理化建议, 技术革新, 发明创造): by a worker or a team at an employer, evaluated
  (adopted or not, with the reason), with the value it created and the reward.
* ``InnovationStudio`` (职工创新工作室): at an employer, with its leader, members and level; its
  results are the innovations linked to it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.competitions.workflows import PrizeBatchFlow
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
POINTS: dict[str, Any] = {"max_digits": 7, "decimal_places": 2}


class Competition(UnionOwnedModel):
    """A labour competition (劳动竞赛) organised by ``union`` (a county, township or sector federation)."""

    class Kind(models.TextChoices):
        SKILLS = "skills", _("skills contest (技能比武)")
        KEY_PROJECT = "key_project", _("key-project competition (重点工程竞赛)")
        ANKANG_CUP = "ankang_cup", _("Ankang Cup safety competition (安康杯)")
        SERVICE = "service", _("service contest (服务竞赛)")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="competitions"
    )
    name = models.CharField(pgettext_lazy("competitions", "name"), max_length=200)
    kind = models.CharField(pgettext_lazy("competitions", "kind"), max_length=12, choices=Kind.choices, db_index=True)
    trade = models.CharField(_("trade or discipline"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    employers = models.ManyToManyField(
        "organisations.Employer", verbose_name=_("participating employers"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("labour competition")
        verbose_name_plural = _("labour competitions")
        permissions = [("view_figures", "View competition and innovation figures")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("competitions:detail", args=[self.pk])


class Participant(UnionOwnedModel):
    """A worker, or a team of workers, entered in a competition for an employer (kept by the organiser)."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("labour competition"), on_delete=models.CASCADE, related_name="participants"
    )
    worker = models.ForeignKey(
        "members.Worker",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_entries",
    )
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    members = models.ManyToManyField("members.Worker", verbose_name=_("team members"), blank=True, related_name="+")
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["competition_id", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "worker"], condition=Q(worker__isnull=False), name="competitions_one_entry"
            ),
            models.UniqueConstraint(
                fields=["competition", "team_name"], condition=~Q(team_name=""), name="competitions_one_team"
            ),
            models.CheckConstraint(
                condition=(Q(worker__isnull=False) & Q(team_name="")) | (Q(worker__isnull=True) & ~Q(team_name="")),
                name="competitions_worker_or_team",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.worker.name if self.worker_id is not None and self.worker is not None else self.team_name

    @property
    def is_team(self) -> bool:
        return self.worker_id is None

    def get_absolute_url(self) -> str:
        return self.competition.get_absolute_url()


class Stage(UnionOwnedModel):
    """A stage of a competition (初赛, 复赛, 决赛), in ``position`` order."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("labour competition"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(pgettext_lazy("competitions", "stage"), max_length=50)
    position = models.PositiveSmallIntegerField(_("order"))
    held_on = models.DateField(pgettext_lazy("competitions", "held on"), null=True, blank=True)
    max_score = models.DecimalField(_("highest score"), default=Decimal("100"), **POINTS)
    advancing = models.PositiveSmallIntegerField(
        _("how many advance from the stage before"),
        null=True,
        blank=True,
        help_text=_("Empty: everyone scored in the stage before may be scored in this one."),
    )

    class Meta:
        ordering = ["competition_id", "position", "id"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [models.UniqueConstraint(fields=["competition", "position"], name="competitions_stage_order")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("competitions:stage", args=[self.pk])


class Score(UnionOwnedModel):
    """One participant's score in one stage (two decimals, from 0 to the stage's highest score)."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="scores")
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="scores"
    )
    points = models.DecimalField(_("score"), **POINTS)

    class Meta:
        ordering = ["stage_id", "-points", "id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["stage", "participant"], name="competitions_one_score")]

    def __str__(self) -> str:
        return f"{self.participant}: {self.points}"


class PrizeBatch(UnionOwnedModel):
    """The prizes of a competition paid together: made by one person, approved by another, then paid."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("labour competition"), on_delete=models.PROTECT, related_name="prize_batches"
    )
    title = models.CharField(_("title"), max_length=100)
    state = StateField(PrizeBatchFlow)
    made_by = models.ForeignKey(
        "accounts.User", verbose_name=_("made by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("prize batch")
        verbose_name_plural = _("prize batches")

    def __str__(self) -> str:
        return f"{self.competition.name} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("competitions:batch", args=[self.pk])


class Prize(UnionOwnedModel):
    """A prize (一等奖 …) to one participant, with its money in yuan, paid through a batch."""

    batch = models.ForeignKey(
        PrizeBatch, verbose_name=_("prize batch"), on_delete=models.CASCADE, related_name="prizes"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="prizes"
    )
    title = models.CharField(_("prize"), max_length=50)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)

    class Meta:
        ordering = ["batch_id", "-amount", "id"]
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        constraints = [models.UniqueConstraint(fields=["batch", "participant"], name="competitions_one_prize")]

    def __str__(self) -> str:
        return f"{self.participant} · {self.title}"


class InnovationStudio(UnionOwnedModel):
    """A worker innovation studio (职工创新工作室) at an employer, named at a level."""

    class Level(models.TextChoices):
        COUNTY = "county", _("county")
        CITY = "city", _("city")
        PROVINCIAL = "provincial", _("provincial")
        NATIONAL = "national", _("national")

    name = models.CharField(pgettext_lazy("competitions", "name"), max_length=200)
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "members.Worker", verbose_name=_("leader"), on_delete=models.PROTECT, related_name="led_studios"
    )
    members = models.ManyToManyField("members.Worker", verbose_name=_("members"), blank=True, related_name="+")
    level = models.CharField(pgettext_lazy("competitions", "level"), max_length=12, choices=Level.choices)
    named_on = models.DateField(_("named on"))
    field = models.CharField(_("field of work"), max_length=100, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("worker innovation studio")
        verbose_name_plural = _("worker innovation studios")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("competitions:studio_detail", args=[self.pk])


class Innovation(UnionOwnedModel):
    """An innovation by a worker or a team (合理化建议, 技术革新, 发明创造), kept by the employer's union."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("technical innovation (技术革新)")
        PROPOSAL = "proposal", _("rationalisation proposal (合理化建议)")
        INVENTION = "invention", _("invention (发明创造)")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("not evaluated yet")
        ADOPTED = "adopted", _("adopted")
        NOT_ADOPTED = "not_adopted", _("not adopted")

    kind = models.CharField(pgettext_lazy("competitions", "kind"), max_length=12, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        "members.Worker",
        verbose_name=_("by (worker)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
    )
    team_name = models.CharField(_("by (team)"), max_length=100, blank=True)
    studio = models.ForeignKey(
        InnovationStudio,
        verbose_name=_("worker innovation studio"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
    )
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    outcome = models.CharField(_("evaluation"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    value_created = models.DecimalField(_("value created (yuan)"), null=True, blank=True, **MONEY)
    reward = models.DecimalField(_("reward (yuan)"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        indexes = [models.Index(fields=["employer", "submitted_on"], name="competitions_innov_employer")]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(worker__isnull=True) & Q(team_name="")), name="competitions_innovation_by_someone"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def by(self) -> str:
        return self.worker.name if self.worker_id is not None and self.worker is not None else self.team_name

    def get_absolute_url(self) -> str:
        return reverse("competitions:innovation_detail", args=[self.pk])
