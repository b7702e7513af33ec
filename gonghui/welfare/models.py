"""Member welfare's tables (会员福利, 慰问).

* ``CapTable`` and ``WelfareCap``: a province's caps (reference data from ``data/*.csv``, loaded by
  ``caps.caps_load``): item → cap in yuan, per event, per year or per festival and year, and the
  forms a festival gift may not take (cash, shopping cards, vouchers).
* ``WelfareSetting``: the one row saying which province's table the county applies.
* ``WelfarePayout``: what a union gave one member, checked at entry by ``rules.payout_refusals``.
* ``WelfareBatch`` and ``WelfareBatchLine``: a festival batch made from a union's member list,
  made by one person and approved by another (``workflows.WelfareBatchFlow``); approval writes
  the payouts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.welfare.workflows import WelfareBatchFlow

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class Item(models.TextChoices):
    """What a payout is for (基层工会经费收支管理办法: 职工集体福利 and 慰问)."""

    FESTIVAL = "festival", _("festival gift")
    BIRTHDAY = "birthday", _("birthday")
    MARRIAGE = "marriage", _("marriage")
    CHILDBIRTH = "childbirth", _("childbirth")
    HOSPITAL = "hospital", _("hospital stay without surgery")
    HOSPITAL_SURGERY = "hospital_surgery", _("hospital stay with surgery")
    DEATH_MEMBER = "death_member", _("death of the member")
    DEATH_RELATIVE = "death_relative", _("death of a direct relative")
    RETIREMENT = "retirement", _("retirement")
    SERIOUS_ILLNESS = "serious_illness", _("serious illness or accident")


class Festival(models.TextChoices):
    """The festivals (年节) of the national rule, and minority festivals approved at region level."""

    NEW_YEAR = "new_year", _("New Year's Day (元旦)")
    SPRING = "spring", _("Spring Festival (春节)")
    QINGMING = "qingming", _("Qingming (清明)")
    LABOUR = "labour", _("Labour Day (五一)")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival (端午)")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival (中秋)")
    NATIONAL = "national", _("National Day (国庆)")
    MINORITY = "minority", _("minority festival")


class Form(models.TextChoices):
    """What the member received."""

    GOODS = "goods", _("goods")
    CASH = "cash", _("cash")
    SHOPPING_CARD = "shopping_card", _("shopping card")
    VOUCHER = "voucher", _("voucher")


class CapTable(models.Model):
    """One province's caps as one text sets them (a province may have several versions)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    province = models.CharField(_("province"), max_length=20)
    version = models.CharField(_("version"), max_length=40)
    document = models.CharField(_("document"), max_length=200, blank=True)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issued = models.CharField(_("issued"), max_length=20, blank=True)
    url = models.URLField(_("source"), max_length=300)
    note = models.CharField(pgettext_lazy("welfare", "note"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("welfare cap table")
        verbose_name_plural = _("welfare cap tables")

    def __str__(self) -> str:
        return f"{self.province} {self.version}"


class WelfareCap(models.Model):
    """One item's cap in a table; ``amount`` empty: the table sets no cap for it."""

    class Basis(models.TextChoices):
        EVENT = "event", _("per payout")
        YEAR = "year", _("per member and year")
        FESTIVAL_YEAR = "festival_year", _("per member, festival and year")

    table = models.ForeignKey(CapTable, verbose_name=_("cap table"), on_delete=models.CASCADE, related_name="caps")
    item = models.CharField(_("item"), max_length=20, choices=Item.choices)
    festival = models.CharField(
        _("festival"), max_length=16, choices=Festival.choices, blank=True, help_text=_("empty: every festival")
    )
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    amount = models.DecimalField(_("cap"), null=True, blank=True, **MONEY)
    forbidden_forms = models.CharField(_("forbidden forms"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["table_id", "position"]
        verbose_name = _("welfare cap")
        verbose_name_plural = _("welfare caps")
        constraints = [
            models.UniqueConstraint(fields=["table", "item", "festival", "basis"], name="welfare_cap_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.table.code} {self.item} {self.amount}"

    @property
    def forbidden(self) -> list[str]:
        return [form for form in self.forbidden_forms.split("|") if form]

    def get_forbidden_display(self) -> str:
        return "、".join(str(Form(form).label) for form in self.forbidden)


class WelfareSetting(models.Model):
    """The county's one setting: whose caps apply (changed by the county administrator)."""

    table = models.ForeignKey(
        CapTable, verbose_name=_("caps in force"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("welfare setting")
        verbose_name_plural = _("welfare settings")
        default_permissions = ("view", "change")

    def __str__(self) -> str:
        return str(self.table or "-")


class WelfarePayout(UnionOwnedModel):
    """What a union gave one member (会员慰问, 节日福利), within the caps in force on entry."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("paying union"), on_delete=models.PROTECT, related_name="welfare_payouts"
    )
    worker = models.ForeignKey(
        "members.Worker", verbose_name=_("member"), on_delete=models.PROTECT, related_name="welfare_payouts"
    )
    item = models.CharField(_("item"), max_length=20, choices=Item.choices)
    festival = models.CharField(_("festival"), max_length=16, choices=Festival.choices, blank=True)
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_on = models.DateField(_("date"), db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    note = models.CharField(pgettext_lazy("welfare", "note"), max_length=200, blank=True)
    batch = models.ForeignKey(
        "welfare.WelfareBatch",
        verbose_name=_("batch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payouts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("welfare payout")
        verbose_name_plural = _("welfare payouts")
        # The running totals (a member's year) and the figures (a year's payouts by union and item).
        indexes = [
            models.Index(fields=["worker", "year", "item"], name="welfare_payout_running"),
            models.Index(fields=["year", "union", "item"], name="welfare_payout_figures"),
        ]

    def __str__(self) -> str:
        return f"{self.worker.name} {self.get_item_display()} ¥{self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.year = self.paid_on.year
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("welfare:payout_detail", args=[self.pk])

    @property
    def item_label(self) -> str:
        label = str(self.get_item_display())
        return f"{label}（{self.get_festival_display()}）" if self.festival else label


class WelfareBatch(UnionOwnedModel):
    """A festival batch (节日慰问发放): one line per member of ``union``, made by one person, approved by another."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("paying union"), on_delete=models.PROTECT, related_name="welfare_batches"
    )
    title = models.CharField(_("title"), max_length=100)
    item = models.CharField(_("item"), max_length=20, choices=Item.choices, default=Item.FESTIVAL)
    festival = models.CharField(_("festival"), max_length=16, choices=Festival.choices, blank=True)
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, default=Form.GOODS)
    paid_on = models.DateField(_("date"))
    state = StateField(WelfareBatchFlow)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("welfare batch")
        verbose_name_plural = _("welfare batches")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("welfare:batch_detail", args=[self.pk])

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0"))


class WelfareBatchLine(UnionOwnedModel):
    """One member's line of a batch; ``refusal`` is what the rule said when the line was last checked."""

    batch = models.ForeignKey(WelfareBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="lines")
    worker = models.ForeignKey("members.Worker", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY)
    refusal = models.CharField(_("refused because"), max_length=500, blank=True)

    class Meta:
        ordering = ["batch_id", "id"]
        verbose_name = _("batch line")
        verbose_name_plural = _("batch lines")
        constraints = [models.UniqueConstraint(fields=["batch", "worker"], name="welfare_line_once_a_batch")]

    def __str__(self) -> str:
        return f"{self.worker.name} ¥{self.amount}"
