"""Honours's tables: award campaigns (评选表彰) and their nominations, and the model-worker register (劳模).

* ``AwardCampaign``: a commendation round organised by a union for a year, in one or more
  categories, with its conditions, the composition rules of every nominating union's list and
  the days of its public notice; ``Quota``: the places of one nominating union in one category.
* ``Nomination``: a worker (individual categories) or an employer, a team or a union
  (collective categories) put forward by a union, with the deeds; it moves through
  ``workflows.NominationFlow`` to the public notice and commendation. ``Objection``: what the
  public said about it during the notice, and the union's answer.
* ``ModelWorker``: one holder of a model-worker honour, linked to the registry's worker when
  known; ``CareRecord``: a festival visit, a health check, a rest stay or an allowance paid;
  ``AllowanceRate``: the honour allowance by level (a union's configurable table);
  ``RestStayBatch``: a rest and recuperation (疗休养) batch.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.privacy.fields import EncryptedPersonalField
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.honours.workflows import NominationFlow

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Category(models.TextChoices):
    MAY_DAY_BANNER = "may_day_banner", _("May Day Labour Certificate (五一劳动奖状)")
    MAY_DAY_MEDAL = "may_day_medal", _("May Day Labour Medal (五一劳动奖章)")
    PIONEER_TEAM = "pioneer_team", _("Workers' Pioneer (工人先锋号)")
    MODEL_HOME = "model_home", _("Model workers' home (模范职工之家)")
    OUTSTANDING_CADRE = "outstanding_cadre", _("Outstanding union worker (优秀工会工作者)")
    ACTIVIST = "activist", _("Outstanding union activist (优秀工会积极分子)")
    MODEL_WORKER = "model_worker", _("Model worker (劳动模范)")


# Individual categories nominate a worker of the registry; the others an employer, a team or a union.
INDIVIDUAL = frozenset({Category.MAY_DAY_MEDAL, Category.OUTSTANDING_CADRE, Category.ACTIVIST, Category.MODEL_WORKER})
# What a certificate calls each honour.
HONOUR_TITLES = {
    Category.MAY_DAY_BANNER: "五一劳动奖状",
    Category.MAY_DAY_MEDAL: "五一劳动奖章",
    Category.PIONEER_TEAM: "工人先锋号",
    Category.MODEL_HOME: "模范职工之家",
    Category.OUTSTANDING_CADRE: "优秀工会工作者",
    Category.ACTIVIST: "优秀工会积极分子",
    Category.MODEL_WORKER: "劳动模范",
}


class AwardCampaign(UnionOwnedModel):
    """A commendation round (创先争优) organised by ``union`` for ``year``."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="honours_campaigns"
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    categories = models.JSONField(_("categories"), default=list)
    conditions = models.TextField(_("conditions"), blank=True)
    nominations_due = models.DateField(_("nominations due"), null=True, blank=True)
    min_frontline_percent = models.PositiveSmallIntegerField(
        _("minimum share of frontline workers (%)"), null=True, blank=True, validators=PERCENT
    )
    max_leader_percent = models.PositiveSmallIntegerField(
        _("maximum share of leaders (%)"), null=True, blank=True, validators=PERCENT
    )
    notice_working_days = models.PositiveSmallIntegerField(
        _("public notice (working days)"), default=5, validators=[MinValueValidator(5), MaxValueValidator(30)]
    )

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("award campaign")
        verbose_name_plural = _("award campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("honours:campaign_detail", args=[self.pk])

    def category_labels(self) -> list[str]:
        return [str(Category(code).label) for code in self.categories if code in Category.values]


class Quota(UnionOwnedModel):
    """The places of one nominating union (``union``) in one category of a campaign."""

    campaign = models.ForeignKey(
        AwardCampaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="quotas"
    )
    union = models.ForeignKey(
        "tree.Union", verbose_name=_("nominating union"), on_delete=models.PROTECT, related_name="honours_quotas"
    )
    category = models.CharField(pgettext_lazy("honours", "category"), max_length=24, choices=Category.choices)
    places = models.PositiveSmallIntegerField(_("places"), validators=[MaxValueValidator(500)])

    class Meta:
        ordering = ["campaign", "union__path", "category"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "union", "category"], name="honours_one_quota_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.union.name} · {self.get_category_display()} · {self.places}"


class Nomination(UnionOwnedModel):
    """A nominee put forward by ``union`` in one category of a campaign."""

    campaign = models.ForeignKey(
        AwardCampaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="nominations"
    )
    union = models.ForeignKey(
        "tree.Union", verbose_name=_("nominating union"), on_delete=models.PROTECT, related_name="honours_nominations"
    )
    category = models.CharField(pgettext_lazy("honours", "category"), max_length=24, choices=Category.choices)
    name = models.CharField(_("nominee"), max_length=200)
    worker = models.ForeignKey(
        "members.Worker",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours_nominations",
    )
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours_nominations",
    )
    post = models.CharField(_("post or position"), max_length=100, blank=True)
    frontline = models.BooleanField(_("frontline worker"), default=False)
    leader = models.BooleanField(_("leader or manager"), default=False)
    deeds = models.TextField(_("deeds"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    notice_starts = models.DateField(_("notice starts"), null=True, blank=True)
    notice_ends = models.DateField(_("notice ends"), null=True, blank=True)
    commended_on = models.DateField(_("commended on"), null=True, blank=True)
    state = StateField(NominationFlow)

    class Meta:
        ordering = ["-campaign__year", "campaign", "category", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        indexes = [models.Index(fields=["campaign", "union", "state"], name="honours_nomination_list")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_category_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("honours:nomination_detail", args=[self.pk])

    @property
    def individual(self) -> bool:
        return self.category in INDIVIDUAL

    @property
    def honour_title(self) -> str:
        return HONOUR_TITLES[Category(self.category)]


class Objection(UnionOwnedModel):
    """An objection to a nomination in public notice (公示异议), and the union's answer."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="objections"
    )
    text = models.TextField(_("objection"))
    contact_name = models.CharField(_("name given"), max_length=50, blank=True)
    contact_phone = EncryptedPersonalField(_("phone given"), kind="phone", blank=True, null=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.nomination.name}：{self.text[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("honours:nomination_detail", args=[self.nomination_id]) + f"#objection-{self.pk}"


class Level(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    CITY = "city", _("city")
    COUNTY = "county", _("county")


class ModelWorker(UnionOwnedModel):
    """A holder of a model-worker honour (劳动模范 or of equal rank), kept by ``union``."""

    class Status(models.TextChoices):
        IN_POST = "in_post", _("in post")
        RETIRED = "retired", _("retired")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("keeping union"), on_delete=models.PROTECT, related_name="honours_model_workers"
    )
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    worker = models.ForeignKey(
        "members.Worker",
        verbose_name=_("registry record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="honours_model_worker",
    )
    level = models.CharField(pgettext_lazy("honours", "level"), max_length=12, choices=Level.choices, db_index=True)
    honour = models.CharField(_("honour"), max_length=100)
    honoured_year = models.PositiveSmallIntegerField(
        _("year honoured"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("in post or retired"), max_length=8, choices=Status.choices, default=Status.IN_POST, db_index=True
    )
    farmer = models.BooleanField(_("farmer model worker"), default=False)
    workplace = models.CharField(_("workplace"), max_length=200, blank=True)
    phone = EncryptedPersonalField(_("mobile phone"), kind="phone", blank=True, null=True)
    # A model worker in hardship has a hardship file in the assistance module: linked, never copied.
    hardship_file = models.ForeignKey(
        "assistance.HardshipFile",
        verbose_name=_("hardship file"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("model worker")
        verbose_name_plural = _("model workers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("honours:model_worker_detail", args=[self.pk])


class AllowanceRate(UnionOwnedModel):
    """The honour allowance (荣誉津贴) a union pays by level, for farmer model workers or the others."""

    class Per(models.TextChoices):
        MONTH = "month", _("a month")
        YEAR = "year", _("a year")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="honours_allowance_rates"
    )
    level = models.CharField(pgettext_lazy("honours", "level"), max_length=12, choices=Level.choices)
    farmer = models.BooleanField(_("farmer model workers"), default=False)
    amount = models.DecimalField(
        _("amount (yuan)"), validators=[MinValueValidator(Decimal("0"))], max_digits=12, decimal_places=2
    )
    per = models.CharField(_("paid"), max_length=8, choices=Per.choices, default=Per.MONTH)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["union", "farmer", "level"]
        verbose_name = _("allowance rate")
        verbose_name_plural = _("allowance rates")
        constraints = [models.UniqueConstraint(fields=["union", "level", "farmer"], name="honours_one_rate_per_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.amount}"

    @property
    def yearly(self) -> Decimal:
        return self.amount * 12 if self.per == self.Per.MONTH else self.amount


class RestStayBatch(UnionOwnedModel):
    """A rest and recuperation (疗休养) batch organised by ``union``."""

    name = models.CharField(_("name"), max_length=100)
    place = models.CharField(_("place"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    days = models.PositiveSmallIntegerField(
        _("days"), default=7, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(500)])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("rest stay batch")
        verbose_name_plural = _("rest stay batches")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("honours:batch_detail", args=[self.pk])


class CareRecord(UnionOwnedModel):
    """Care a model worker received: a visit, a health check, a rest stay or an allowance paid."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("festival visit")
        HEALTH_CHECK = "health_check", _("health check")
        REST_STAY = "rest_stay", _("rest stay")
        ALLOWANCE = "allowance", _("honour allowance paid")

    class Festival(models.TextChoices):
        SPRING = "spring", _("Spring Festival")
        MAY_DAY = "may_day", _("May Day")
        MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
        OTHER = "other", _("other occasion")

    model_worker = models.ForeignKey(
        ModelWorker, verbose_name=_("model worker"), on_delete=models.PROTECT, related_name="care"
    )
    kind = models.CharField(_("care"), max_length=16, choices=Kind.choices, db_index=True)
    on = models.DateField(_("date"), db_index=True)
    amount = models.DecimalField(
        _("amount (yuan)"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )
    festival = models.CharField(_("occasion"), max_length=12, choices=Festival.choices, blank=True)
    batch = models.ForeignKey(
        RestStayBatch, verbose_name=_("batch"), on_delete=models.PROTECT, null=True, blank=True, related_name="stays"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("care record")
        verbose_name_plural = _("care records")
        constraints = [
            models.UniqueConstraint(fields=["batch", "model_worker"], name="honours_one_stay_per_batch"),
        ]
        indexes = [models.Index(fields=["model_worker", "kind", "on"], name="honours_care_worker")]

    def __str__(self) -> str:
        return f"{self.model_worker.name} · {self.get_kind_display()} · {self.on}"

    def get_absolute_url(self) -> str:
        return self.model_worker.get_absolute_url()
