"""The member registry (会员实名制): workers, memberships and their events.

* ``Worker`` (职工): one row per person across the county, keyed by the resident ID number
  (encrypted, with a unique blind index). ``union`` is the worker's *keeping union*: the union
  of the current membership, else the union keeping the employer, else the last membership's
  union. It scopes the worker (one indexed range on the union path).
* ``Membership`` (会籍): the worker's membership of one union, scoped by that union. A
  transfer ends one membership (转出) and opens another (转入) linked by ``transferred_from``:
  each union sees its own side, the history stays whole.
* ``MembershipEvent``: one row per lifecycle event (入会 / 转入 / 保留 / 恢复 / 转出 / 除名 / 退会),
  scoped by the union it happened in.

See docs/members.md for the design.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.privacy.fields import BlindIndexField, EncryptedPersonalField, PersonalDataModel
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.members.pinyin import INITIALS_MAX, PINYIN_MAX

# 中国工会章程 art. 5: no dues and no activity for six months → follow-up (then 自动退会).
FOLLOW_UP_MONTHS = 6


class Worker(PersonalDataModel, UnionOwnedModel):
    """A worker (职工), member or not: one record per resident ID number in the whole county."""

    class Sex(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class Category(models.TextChoices):
        REGULAR = "regular", _("regular worker")
        MIGRANT = "migrant", _("migrant worker")
        DISPATCHED = "dispatched", _("dispatched worker")
        PLATFORM = "platform", _("platform worker")

    class MemberStatus(models.TextChoices):
        NONE = "none", _("not a member")
        ACTIVE = "active", _("member")
        KEPT = "kept", _("membership kept")
        FORMER = "former", _("former member")

    # Every index of the registry's tables names the query it serves (bench/members_search.py's
    # cases, the import's look-ups in bench/import_members.py); a single-column index that a
    # composite one already leads with, or on a national list's code (a handful of values per
    # million rows, never filtered without the scope), costs every write and serves no read.
    union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("keeping union"),
        on_delete=models.PROTECT,
        related_name="workers",
        help_text=_("The union that keeps this record and decides who may see it."),
        db_index=False,  # led by members_worker_union_status
    )
    # members_search "name, 2 characters" / the sheets' exact look-up by name (``workers_named``)
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    # Written with the name (``pinyin.name_pinyin``): prefix searches on both are index ranges
    # (members_search "pinyin initials (zs)", "pinyin prefix (zhangs)").
    pinyin = models.CharField(_("pinyin"), max_length=PINYIN_MAX, blank=True, db_index=True, editable=False)
    pinyin_initials = models.CharField(
        _("pinyin initials"), max_length=INITIALS_MAX, blank=True, db_index=True, editable=False
    )
    # The name's characters and character pairs (``pinyin.name_grams``), for the name index.
    name_grams = models.TextField(_("name search terms"), blank=True, editable=False)
    id_number = EncryptedPersonalField(_("ID number"), kind="id_number", blind_index="id_number_hash")
    id_number_hash = BlindIndexField(unique=True)  # members_search "full ID number"; the import's look-up
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, editable=False)
    # members_search "filter: age band (50-59)"
    birth_date = models.DateField(_("birth date"), editable=False, db_index=True)
    ethnic_group = models.ForeignKey(
        "reference.EthnicGroup",
        db_index=False,
        verbose_name=_("ethnic group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    education = models.ForeignKey(
        "reference.EducationLevel",
        db_index=False,
        verbose_name=_("education"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    skill_level = models.ForeignKey(
        "reference.SkillLevel",
        db_index=False,
        verbose_name=_("skill level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    household_type = models.ForeignKey(
        "reference.HouseholdType",
        verbose_name=_("household registration type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )
    household_place = models.CharField(_("household registration place"), max_length=100, blank=True)
    native_place = models.CharField(_("native place"), max_length=100, blank=True)  # 籍贯, as written
    phone = EncryptedPersonalField(_("mobile phone"), kind="phone", blind_index="phone_hash", blank=True, null=True)
    phone_hash = BlindIndexField()  # members_search "phone" (a full number); the phone's duplicate check
    # The last four digits in clear, for "find by the end of the phone number" (shown masked anyway).
    phone_last4 = models.CharField(_("phone, last 4 digits"), max_length=4, blank=True, editable=False)
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        db_index=False,  # led by members_worker_employer
    )
    employment_status = models.ForeignKey(
        "reference.EmploymentStatus",
        verbose_name=_("employment status"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )
    # members_search "filter: category (migrant)" (the few migrant workers of a large scope)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.REGULAR, db_index=True
    )
    political_status = models.ForeignKey(
        "reference.PoliticalStatus",
        verbose_name=_("political status"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )
    # The member card follows the person: issued on first joining, kept through transfers.
    card_number = models.CharField(_("member card number"), max_length=32, unique=True, null=True, blank=True)
    # Kept in step with the memberships by the services (a filter without a join).
    member_status = models.CharField(
        _("membership"), max_length=8, choices=MemberStatus.choices, default=MemberStatus.NONE, editable=False
    )
    # The worker's own sign-in (role 职工), made from this record by the union or by the worker
    # with a one-time code: the worker's pages read this record and nothing else.
    account = models.OneToOneField(
        "accounts.User",
        verbose_name=_("worker account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="worker_record",
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("worker")
        verbose_name_plural = _("worker records")
        indexes = [
            # members_search "list, first page" / "filter: status (kept)": the scope's unions, keyset by id.
            # On PostgreSQL it also carries the columns a dense search or filter tests on every row it
            # walks ("pinyin initials (zs)", "filter: category (migrant)", "filter: age band (50-59)"),
            # so the walk reads the index only, not a heap page per row (147 → 13 ms for zs as a
            # township). SQLite has no INCLUDE: there it is the three columns.
            models.Index(
                fields=["union", "member_status", "id"],
                name="members_worker_union_status",
                include=["pinyin_initials", "pinyin", "card_number", "category", "birth_date"],
            ),
            models.Index(fields=["phone_last4", "id"], name="members_worker_phone4"),  # "phone, last 4 digits"
            models.Index(fields=["employer", "id"], name="members_worker_employer"),  # "filter: employer"
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:worker_detail", kwargs={"worker_id": self.pk})

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Membership(UnionOwnedModel):
    """A worker's membership of one union (会籍), from joining or transfer in to its end."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("member")
        KEPT = "kept", _("membership kept")
        TRANSFERRED_OUT = "transferred_out", _("transferred out")
        REMOVED = "removed", _("removed")
        LEFT = "left", _("left")

    class Reason(models.TextChoices):
        # The reasons of the member collection sheet (会籍变化原因).
        LABOUR_RELATION = "labour_relation", _("change of employment relationship")
        LAID_OFF = "laid_off", _("laid off and waiting for a post")
        UNEMPLOYED = "unemployed", _("unemployed")
        BANKRUPTCY = "bankruptcy", _("employer went bankrupt")
        PERSONAL = "personal", _("at the member's own request")
        EXPELLED = "expelled", _("expelled for a crime")

    CURRENT = (Status.ACTIVE, Status.KEPT)

    worker = models.ForeignKey(
        Worker,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,  # led by members_ms_worker
    )
    union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,  # led by members_ms_union_status_seen
    )
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    status = models.CharField(_("membership status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("member since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("change reason"), max_length=16, choices=Reason.choices, blank=True)
    transferred_from = models.OneToOneField(
        "self",
        verbose_name=_("transferred from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_to",
    )
    last_dues_on = models.DateField(_("dues last paid"), null=True, blank=True)
    last_activity_on = models.DateField(_("last activity"), null=True, blank=True)
    # max(joined_on, last_dues_on, last_activity_on): the 6-month follow-up is one range on it.
    last_seen_on = models.DateField(_("last seen"), editable=False)

    class Meta:
        ordering = ["-joined_on", "-id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(status__in=["active", "kept"]),
                name="members_one_current_membership",
            )
        ]
        indexes = [
            # the member counts and the six-month follow-up of a scope (members figures, the follow-up list)
            models.Index(fields=["union", "status", "last_seen_on"], name="members_ms_union_status_seen"),
            # a worker's memberships in order (the import's look-up, the worker page)
            models.Index(fields=["worker", "joined_on"], name="members_ms_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.union}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.last_seen_on = last_seen(self.joined_on, self.last_dues_on, self.last_activity_on)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "last_seen_on" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "last_seen_on"]
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT

    def needs_follow_up(self, today: date) -> bool:
        """No dues and no activity for six months (中国工会章程 art. 5): an active member to follow up."""
        return self.status == self.Status.ACTIVE and self.last_seen_on < follow_up_cutoff(today)


class MembershipEvent(UnionOwnedModel):
    """One event in a membership's life, in the union where it happened (scopes who sees it)."""

    class Kind(models.TextChoices):
        # The change types of the member collection sheet (会籍变化类型), plus resume (恢复).
        JOIN = "join", _("joined")
        TRANSFER_IN = "transfer_in", _("transferred in")
        KEEP = "keep", _("membership kept")
        RESUME = "resume", _("membership resumed")
        TRANSFER_OUT = "transfer_out", _("transferred out")
        REMOVAL = "removal", _("removed")
        LEAVE = "leave", _("left")

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="events"
    )
    # The membership's worker and union, kept on the row: history by worker, scope by union.
    worker = models.ForeignKey(
        Worker,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # led by members_event_worker
    )
    union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # led by members_event_union_kind
    )
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(_("change reason"), max_length=16, choices=Membership.Reason.choices, blank=True)
    # The other side of a transfer: where the member went (转出) or came from (转入).
    counterpart_union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("other union"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        indexes = [
            models.Index(fields=["worker", "on"], name="members_event_worker"),  # a worker's history
            # the joins and leavings of a scope and period (members figures: new members, members left)
            models.Index(fields=["union", "kind", "on"], name="members_event_union_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class AccountActivation(UnionOwnedModel):
    """A one-time code with which a worker makes (or takes back) their own account.

    Union staff issue it on the worker's page and hand it over; only its hash is kept. It works
    once, for seven days, together with the worker's ID number and mobile as the registry holds
    them (``services_accounts.worker_account_activate``). Scoped by the worker's union.
    """

    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="account_activations"
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=128, editable=False)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account activation code")
        verbose_name_plural = _("account activation codes")
        indexes = [models.Index(fields=["worker", "used_at"], name="members_activation_worker")]

    def __str__(self) -> str:
        return f"{self.worker} · {self.expires_at:%Y-%m-%d}"


def last_seen(joined_on: date, last_dues_on: date | None, last_activity_on: date | None) -> date:
    """The latest of joining, dues and activity (plain values: usable in bulk)."""
    return max(d for d in (joined_on, last_dues_on, last_activity_on) if d is not None)


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months (31 March − 1 month = 28/29 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    return date(year, month, 28)


def follow_up_cutoff(today: date) -> date:
    """Memberships last seen before this day are flagged for follow-up."""
    return months_before(today, FOLLOW_UP_MONTHS)
